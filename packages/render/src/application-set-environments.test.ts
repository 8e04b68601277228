// The ApplicationSets of environments and clusters, checked by what Argo CD would make of them: a
// small evaluation of the generators meshform writes (git directories, lists, and their matrix)
// and of Argo CD's go templates (fields, `toJson`, `if`/`else`, `missingkey=error`), expanded over
// the folders of the planned trees.
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import {
  buildApplicationSet,
  buildEnvironmentApplicationSet,
  buildEnvironmentApplicationSets,
  normalizeFolderName,
  type EnvironmentApplicationSetOptions,
} from "./application-set.js";
import { emitTree } from "./emit.js";
import { RenderError } from "./errors.js";
import { planTree } from "./plan.js";
import type { KubeResource } from "./resource.js";

type Params = Record<string, unknown>;

/** A value of `params` at a dotted path, as `{{.a.b}}` reads it; a missing key fails, as with `missingkey=error`. */
function lookup(params: Params, path: string): unknown {
  let value: unknown = params;
  for (const key of path.split(".").filter(Boolean)) {
    if (typeof value !== "object" || value === null || !(key in value)) throw new Error(`map has no entry for key "${key}" (${path})`);
    value = (value as Params)[key];
  }
  return value;
}

/** Argo CD's go template, as far as meshform's ApplicationSets use it. */
function render(text: string, params: Params): string {
  // `{{- ` trims the white space before the action, as go's text/template does.
  let out = text.replace(/\s*\{\{-/g, "{{");
  out = out.replace(/\{\{\s*if\s+\.([\w.]+)\s*\}\}([\s\S]*?)\{\{\s*else\s*\}\}([\s\S]*?)\{\{\s*end\s*\}\}/g, (_, path: string, yes: string, no: string) =>
    lookup(params, path) ? yes : no,
  );
  out = out.replace(/\{\{\s*\.([\w.]+)\s*(\|\s*toJson\s*)?\}\}/g, (_, path: string, json: string | undefined) => {
    const value = lookup(params, path);
    return json ? JSON.stringify(value) : String(value);
  });
  if (out.includes("{{")) throw new Error(`unsupported template: ${out}`);
  return out;
}

/** Every string of `value` rendered with `params`. */
function renderValue(value: unknown, params: Params): unknown {
  if (typeof value === "string") return render(value, params);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, params));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, params)]));
  return value;
}

/** Argo CD's git directory generator over the repository's folders. */
function gitDirectories(git: { directories: { path: string }[] }, repositoryFolders: readonly string[]): Params[] {
  const params: Params[] = [];
  for (const { path } of git.directories) {
    expect(path.endsWith("/*")).toBe(true);
    const parent = path.slice(0, -2);
    for (const folder of repositoryFolders) {
      const slash = folder.lastIndexOf("/");
      if (folder.slice(0, Math.max(slash, 0)) !== (parent === "*" ? "" : parent) || (slash < 0) !== (parent === "*")) continue;
      const basename = folder.slice(slash + 1);
      params.push({ path: { path: folder, basename, basenameNormalized: normalizeFolderName(basename), segments: folder.split("/") } });
    }
  }
  return params;
}

function generate(generator: Params, repositoryFolders: readonly string[]): Params[] {
  if ("git" in generator) return gitDirectories(generator["git"] as { directories: { path: string }[] }, repositoryFolders);
  if ("list" in generator) return (generator["list"] as { elements: Params[] }).elements;
  if ("matrix" in generator) {
    const [first, second] = (generator["matrix"] as { generators: Params[] }).generators as [Params, Params];
    // The second generator reads the parameters of each of the first's, which override its own.
    return generate(first, repositoryFolders).flatMap((a) => generate(renderValue(second, a) as Params, repositoryFolders).map((b) => ({ ...b, ...a })));
  }
  throw new Error(`generator not evaluated here: ${Object.keys(generator).join(", ")}`);
}

function merge(target: unknown, patch: unknown): unknown {
  if (typeof target !== "object" || target === null || typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const out: Params = { ...(target as Params) };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(out[key], value);
  return out;
}

interface Application {
  readonly name: string;
  readonly path: string;
  readonly destination: { readonly server?: string; readonly name?: string };
  readonly syncPolicy?: unknown;
}

/** The Applications Argo CD would generate from `applicationSet` for a repository holding `repositoryFolders`. */
function applicationsOf(applicationSet: KubeResource, repositoryFolders: readonly string[]): Application[] {
  const spec = applicationSet.spec as { goTemplate: boolean; goTemplateOptions: string[]; generators: Params[]; template: Params; templatePatch?: string };
  expect(spec.goTemplate).toBe(true);
  expect(spec.goTemplateOptions).toEqual(["missingkey=error"]);
  return spec.generators
    .flatMap((generator) => generate(generator, repositoryFolders))
    .map((params) => {
      let application = renderValue(spec.template, params) as { metadata: { name: string }; spec: { source: { path: string }; destination: Application["destination"]; syncPolicy?: unknown } };
      if (spec.templatePatch !== undefined) application = merge(application, parse(render(spec.templatePatch, params))) as typeof application;
      const { server, name } = application.spec.destination;
      // Argo CD wants exactly one of the two.
      expect([server, name].filter((value) => value !== undefined && value !== "")).toHaveLength(1);
      return { name: application.metadata.name, path: application.spec.source.path, destination: application.spec.destination, ...(application.spec.syncPolicy ? { syncPolicy: application.spec.syncPolicy } : {}) };
    });
}

/** The folders of a planned tree written at `base` in the repository. */
function foldersAt(base: string, folders: readonly string[]): string[] {
  return folders.map((folder) => `${base}/${folder}`);
}

const repoURL = "https://git.example.com/platform.git";
const namespace = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const clusterRole = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "reader" }, rules: [] };

describe("the ApplicationSets of environments and clusters, as Argo CD expands them", () => {
  // dev: one tree, in the cluster Argo CD runs in; staging: one tree, a cluster by name;
  // prod: clusters east (by URL) and west (by name), the payments namespace only on east.
  const trees = {
    dev: ["_cluster", "bookinfo"],
    staging: ["bookinfo"],
    "prod/east": ["_cluster", "bookinfo", "payments"],
    "prod/west": ["bookinfo"],
  };
  const repository = [
    ...Object.entries(trees).flatMap(([tree, folders]) => foldersAt(`generated/${tree}`, folders)),
    // Folders of the repository that are not a tree's own folders: none becomes an Application.
    "generated/prod/east/bookinfo/patches",
    "docs",
  ];
  const environments: EnvironmentApplicationSetOptions[] = [
    { repoURL, path: "generated", environment: "dev", folders: trees.dev },
    { repoURL, path: "generated", environment: "staging", destination: { name: "staging" }, folders: trees.staging },
    {
      repoURL,
      path: "generated",
      environment: "prod",
      automated: true,
      clusters: [
        { name: "east", server: "https://east.example.com:6443", folders: trees["prod/east"] },
        { name: "west", clusterName: "prod-west", folders: trees["prod/west"] },
      ],
    },
  ];

  test("gives every environment its own ApplicationSet, and every folder of every tree one Application with its cluster's destination", () => {
    const sets = buildEnvironmentApplicationSets(environments);
    expect(sets.map((set) => set.metadata.name)).toEqual(["meshform-dev", "meshform-staging", "meshform-prod"]);
    const [dev, staging, prod] = sets.map((set) => applicationsOf(set, repository)) as [Application[], Application[], Application[]];
    const inCluster = { server: "https://kubernetes.default.svc" };
    expect(dev).toEqual([
      { name: "meshform-dev-cluster", path: "generated/dev/_cluster", destination: inCluster },
      { name: "meshform-dev-bookinfo", path: "generated/dev/bookinfo", destination: inCluster },
    ]);
    expect(staging).toEqual([{ name: "meshform-staging-bookinfo", path: "generated/staging/bookinfo", destination: { name: "staging" } }]);
    const automated = { automated: { prune: true, selfHeal: true } };
    expect(prod).toEqual([
      { name: "meshform-prod-east-cluster", path: "generated/prod/east/_cluster", destination: { server: "https://east.example.com:6443" }, syncPolicy: automated },
      { name: "meshform-prod-east-bookinfo", path: "generated/prod/east/bookinfo", destination: { server: "https://east.example.com:6443" }, syncPolicy: automated },
      { name: "meshform-prod-east-payments", path: "generated/prod/east/payments", destination: { server: "https://east.example.com:6443" }, syncPolicy: automated },
      { name: "meshform-prod-west-bookinfo", path: "generated/prod/west/bookinfo", destination: { name: "prod-west" }, syncPolicy: automated },
    ]);
    const names = [...dev, ...staging, ...prod].map((application) => application.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test("uses one matrix of the clusters' list and a git directory generator per cluster tree", () => {
    const prod = buildEnvironmentApplicationSet({ repoURL, path: "generated", environment: "prod", clusters: [{ name: "east", server: "https://east.example.com:6443" }, { name: "west", server: "https://west.example.com:6443" }] });
    expect((prod.spec as Params)["generators"]).toEqual([
      {
        matrix: {
          generators: [
            {
              list: {
                elements: [
                  { cluster: "east", tree: "generated/prod/east", server: "https://east.example.com:6443" },
                  { cluster: "west", tree: "generated/prod/west", server: "https://west.example.com:6443" },
                ],
              },
            },
            { git: { repoURL, revision: "HEAD", directories: [{ path: "{{.tree}}/*" }] } },
          ],
        },
      },
    ]);
    // Every cluster by URL: the template reads it, with no templatePatch.
    expect((prod.spec as Params)["templatePatch"]).toBeUndefined();
    expect(applicationsOf(prod, repository).map((application) => [application.name, application.destination])).toEqual([
      ["meshform-prod-east-cluster", { server: "https://east.example.com:6443" }],
      ["meshform-prod-east-bookinfo", { server: "https://east.example.com:6443" }],
      ["meshform-prod-east-payments", { server: "https://east.example.com:6443" }],
      ["meshform-prod-west-bookinfo", { server: "https://west.example.com:6443" }],
    ]);
    const byName = buildEnvironmentApplicationSet({ repoURL, path: "generated", environment: "prod", clusters: [{ name: "east", clusterName: "prod-east" }, { name: "west", clusterName: "prod-west" }] });
    expect(applicationsOf(byName, repository).map((application) => application.destination)).toEqual([{ name: "prod-east" }, { name: "prod-east" }, { name: "prod-east" }, { name: "prod-west" }]);
  });

  test("names with the prefix and the template the config gives", () => {
    const options = { repoURL, path: "generated", name: "mesh", applicationName: "{environment}.{cluster}.{namespace}-{prefix}" } as const;
    const [dev, prod] = buildEnvironmentApplicationSets([
      { ...options, environment: "dev" },
      { ...options, environment: "prod", clusters: [{ name: "east", server: "https://east.example.com:6443" }] },
    ]) as [KubeResource, KubeResource];
    expect([dev.metadata.name, prod.metadata.name]).toEqual(["mesh-dev", "mesh-prod"]);
    // An environment without clusters leaves {cluster} out, with one separator beside it.
    expect(applicationsOf(dev, repository).map((application) => application.name)).toEqual(["dev.cluster-mesh", "dev.bookinfo-mesh"]);
    expect(applicationsOf(prod, repository).map((application) => application.name)).toEqual(["prod.east.cluster-mesh", "prod.east.bookinfo-mesh", "prod.east.payments-mesh"]);
  });

  test("keeps the safe deletion defaults in every environment, and the config's choice in every one", () => {
    for (const set of buildEnvironmentApplicationSets(environments)) expect((set.spec as Params)["syncPolicy"]).toEqual({ preserveResourcesOnDeletion: true });
    const chosen = buildEnvironmentApplicationSets(environments.map((options) => ({ ...options, applicationsSync: "create-update", deleteResourcesWithApplication: true })));
    for (const set of chosen) expect((set.spec as Params)["syncPolicy"]).toEqual({ preserveResourcesOnDeletion: false, applicationsSync: "create-update" });
  });

  test("a config without environments keeps its ApplicationSet and its Application names", () => {
    const applications = applicationsOf(buildApplicationSet({ repoURL, path: "generated" }), ["generated/_cluster", "generated/bookinfo", "generated/dev/bookinfo"]);
    expect(applications.map((application) => application.name)).toEqual(["meshform-cluster", "meshform-bookinfo"]);
  });
});

describe("names Argo CD could not use, or that would collide", () => {
  const prodOptions = { repoURL, path: "generated", environment: "prod", clusters: [{ name: "east", server: "https://east.example.com:6443" }] } as const;
  const fails = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(RenderError);
      return (error as RenderError).message;
    }
    throw new Error("expected a RenderError");
  };

  test("refuses a template without the parts that keep names unique, and says which", () => {
    expect(fails(() => buildEnvironmentApplicationSet({ ...prodOptions, applicationName: "{prefix}-{environment}-{namespace}" }))).toBe(
      'ApplicationSet meshform-prod: applicationName "{prefix}-{environment}-{namespace}" lacks {cluster}: Application names must be unique across every environment, cluster and namespace, so the template must hold {environment}, {cluster}, {namespace}, e.g. "{prefix}-{environment}-{cluster}-{namespace}"',
    );
    expect(fails(() => buildEnvironmentApplicationSet({ repoURL, path: "generated", environment: "dev", applicationName: "{prefix}-{namespace}" }))).toBe(
      'ApplicationSet meshform-dev: applicationName "{prefix}-{namespace}" lacks {environment}: Application names must be unique across every environment and namespace, so the template must hold {environment}, {namespace}, e.g. "{prefix}-{environment}-{namespace}"',
    );
    expect(fails(() => buildEnvironmentApplicationSet({ ...prodOptions, applicationName: "{env}_{cluster}-{namespace}" }))).toBe(
      [
        'ApplicationSet meshform-prod: applicationName "{env}_{cluster}-{namespace}" has an unknown part {env}: use {prefix}, {environment}, {cluster}, {namespace}',
        'applicationName "{env}_{cluster}-{namespace}" has "_" between its parts, where only lower-case letters, digits, \'-\' and \'.\' may be',
        'applicationName "{env}_{cluster}-{namespace}" lacks {environment}: Application names must be unique across every environment, cluster and namespace, so the template must hold {environment}, {cluster}, {namespace}, e.g. "{prefix}-{environment}-{cluster}-{namespace}"',
      ].join("; "),
    );
  });

  test("reports Application names over Argo CD's 63 characters, with the fix", () => {
    // "meshform-prod-east-" is 19 characters: a folder of 45 makes 64.
    const long = "a".repeat(45);
    expect(fails(() => buildEnvironmentApplicationSet({ ...prodOptions, clusters: [{ name: "east", server: "https://east.example.com:6443", folders: ["bookinfo", long] }] }))).toBe(
      `ApplicationSet meshform-prod: the Application of environment prod, cluster east, folder ${long} would be named "meshform-prod-east-${long}", 64 characters, over Argo CD's 63: shorten the prefix (name) or the applicationName template`,
    );
    expect(() => buildEnvironmentApplicationSet({ ...prodOptions, clusters: [{ name: "east", server: "https://east.example.com:6443", folders: ["a".repeat(44)] }] })).not.toThrow();
  });

  test("reports names two folders, or two environments, would share", () => {
    expect(fails(() => buildEnvironmentApplicationSet({ repoURL, path: "generated", environment: "dev", folders: ["_cluster", "cluster"] }))).toBe(
      'ApplicationSet meshform-dev: the Applications of environment dev, folder _cluster and of environment dev, folder cluster would both be named "meshform-dev-cluster": change the applicationName template, or a folder, cluster or environment name',
    );
    expect(
      fails(() =>
        buildEnvironmentApplicationSets([
          { ...prodOptions, clusters: [{ name: "east", server: "https://east.example.com:6443", folders: ["bookinfo"] }] },
          { repoURL, path: "generated", environment: "prod-east", folders: ["bookinfo"] },
        ]),
      ),
    ).toBe('the Applications of environment prod, cluster east, folder bookinfo and of environment prod-east, folder bookinfo would both be named "meshform-prod-east-bookinfo": change the applicationName template, or a folder, cluster or environment name');
    expect(fails(() => buildEnvironmentApplicationSets([{ ...prodOptions }, { ...prodOptions }]))).toBe("environments prod and prod would both have the ApplicationSet meshform-prod");
  });

  test("refuses destinations Argo CD could not use, and clusters it could not tell apart", () => {
    const unchecked = (clusters: unknown, destination?: unknown) => () =>
      buildEnvironmentApplicationSet({ repoURL, path: "generated", environment: "prod", clusters, destination } as unknown as EnvironmentApplicationSetOptions);
    expect(fails(unchecked([{ name: "east" }, { name: "west", server: "https://w", clusterName: "w" }, { name: "west", server: "west:6443" }, { name: "North", clusterName: " n" }]))).toBe(
      [
        'ApplicationSet meshform-prod: cluster "east" of environment prod has no destination: give its API server\'s URL as server, or its Argo CD cluster name as clusterName',
        'cluster "west" of environment prod has both server and clusterName: give one (server "https://w", or clusterName "w")',
        'cluster "west" of environment prod is given twice: give each cluster of an environment its own name',
        'cluster "west" of environment prod server "west:6443" is not an http(s) URL of an API server',
        "cluster \"North\" of environment prod: the name is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
        'cluster "North" of environment prod clusterName " n" is not a cluster name Argo CD could hold: give the name it was registered under',
      ].join("; "),
    );
    expect(fails(unchecked([{ name: "east", server: "https://e" }], { server: "https://x" }))).toBe(
      "ApplicationSet meshform-prod: environment prod has clusters and a destination: give each cluster its destination, and the environment none",
    );
    expect(fails(unchecked(undefined, { server: "https://x", name: "x" }))).toBe('ApplicationSet meshform-prod: environment prod has both server and clusterName: give one (server "https://x", or clusterName "x")');
    expect(fails(() => buildEnvironmentApplicationSet({ repoURL, path: "generated", environment: "Prod" }))).toBe(
      "ApplicationSet: environment \"Prod\" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
    );
  });
});

describe("the ApplicationSet of an environment in the plan", () => {
  test("is planned at the root of the environment's tree, with the plan's folders checked", () => {
    const resources = [namespace("bookinfo"), clusterRole];
    const plan = planTree(resources, { applicationSet: { repoURL, path: "generated", environment: "dev" } });
    const file = emitTree(plan).find((entry) => entry.path === "applicationset_argoproj.io_meshform-dev.yaml");
    expect(file?.content).toContain(["  generators:", "    - git:", `        repoURL: ${repoURL}`, "        revision: HEAD", "        directories:", "          - path: generated/dev/*"].join("\n"));
    expect(file?.content).toContain("      name: meshform-dev-{{.path.basenameNormalized}}\n");
    expect(plan.files.at(-1)).toEqual({ type: "kustomization", path: "kustomization.yaml", namespace: null, resources: ["_cluster", "bookinfo"] });
    expect(() => planTree([namespace("cluster"), clusterRole], { applicationSet: { repoURL, path: "generated", environment: "dev" } })).toThrowError(/would both be named "meshform-dev-cluster"/);
  });
});
