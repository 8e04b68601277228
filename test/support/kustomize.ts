// What the end-to-end tests need of kustomize: whether it is there, and building a folder.
import { execFileSync, spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

/** Whether `kubectl` (with its built-in kustomize) is on PATH. */
export const hasKubectl = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;

/** Whether CI demands the kustomize builds (MESHFORM_REQUIRE_KUSTOMIZE=1): then a missing kubectl fails. */
export const kustomizeRequired = process.env["MESHFORM_REQUIRE_KUSTOMIZE"] === "1";

/** The message printed when the kustomize builds are skipped. */
export const KUSTOMIZE_SKIP_REASON = "kubectl is not on PATH: skipping the kustomize builds (set MESHFORM_REQUIRE_KUSTOMIZE=1 to fail instead)";

/** Runs `kubectl kustomize` on a folder and returns the objects it prints. */
export function kustomizeBuild(folder: string): Record<string, unknown>[] {
  const text = execFileSync("kubectl", ["kustomize", folder], { encoding: "utf8" });
  return parseAllDocuments(text).map((document) => document.toJS() as Record<string, unknown>);
}

/** `apiVersion/kind/namespace/name` of an object. */
export function identityOf(object: unknown): string {
  const { apiVersion, kind, metadata } = object as { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } };
  return `${apiVersion}/${kind}/${metadata.namespace ?? ""}/${metadata.name}`;
}

/** Objects sorted by identity, to compare a build with the input. */
export function sortedByIdentity<T>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => (identityOf(a) < identityOf(b) ? -1 : identityOf(a) > identityOf(b) ? 1 : 0));
}
