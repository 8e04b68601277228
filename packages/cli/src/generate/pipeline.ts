import { relative } from "node:path";
import { compile, type MeshDefinition, type Resource } from "@meshform/dsl";
import type { Issue } from "@meshform/diagnostics";
import { kinds as k8sKinds } from "@meshform/k8s";
import { kinds as istioKinds } from "@meshform/istio";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { checkTree, emitTree, planTree, scopeFromKinds, writeTree, type CheckResult, type WriteSummary } from "@meshform/render";

/** What one `generate` run did. */
export interface GenerateRun {
  readonly namespaces: number;
  readonly resources: readonly Resource[];
  readonly issues: readonly Issue[];
  /** Absent when errors stopped the run before writing. */
  readonly written?: WriteSummary;
  /** With `check`: how the folder differs from what would be written. */
  readonly checked?: CheckResult;
  readonly files: number;
}

/** The options of {@link runGenerate}. */
export interface GenerateOptions {
  readonly out: string;
  readonly check: boolean;
  readonly diff: boolean;
  /** How paths of mesh.config.ts are shown in issues. */
  readonly cwd: string;
}

const scopeOf = scopeFromKinds(k8sKinds, istioKinds, gatewayKinds, experimentalKinds);

function relativeIssues(issues: readonly Issue[], cwd: string): Issue[] {
  return issues.map((issue) => (issue.source ? { ...issue, source: { ...issue.source, file: relative(cwd, issue.source.file) || issue.source.file } } : issue));
}

/**
 * compile → plan → emit → write (or check). Errors found by compile stop the run before a
 * byte is written; the previous tree stays as it was.
 */
export async function runGenerate(mesh: MeshDefinition, options: GenerateOptions): Promise<GenerateRun> {
  const compiled = compile(mesh.model);
  const issues = relativeIssues(compiled.issues, options.cwd);
  const namespaces = new Set(compiled.resources.map((r) => r.metadata.namespace).filter((n) => n !== undefined)).size;
  if (issues.some((issue) => issue.severity === "error")) {
    return { namespaces, resources: compiled.resources, issues, files: 0 };
  }
  const argocd = mesh.model.output.argocd;
  const plan = planTree(compiled.resources, {
    scopeOf,
    ...(argocd ? { applicationSet: { repoURL: argocd.repoURL, path: argocd.path ?? "generated", ...(argocd.revision ? { revision: argocd.revision } : {}), ...(argocd.namespace ? { namespace: argocd.namespace } : {}), ...(argocd.project ? { project: argocd.project } : {}) } } : {}),
  });
  const readme = mesh.model.output.readmeTemplate;
  const files = emitTree(plan, readme !== undefined ? { readmeTemplate: readme } : {});
  if (options.check) {
    const checked = await checkTree(options.out, files, { diff: options.diff });
    return { namespaces, resources: compiled.resources, issues, checked, files: files.length };
  }
  const written = await writeTree(options.out, files);
  return { namespaces, resources: compiled.resources, issues, written, files: files.length };
}
