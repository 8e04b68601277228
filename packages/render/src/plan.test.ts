import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { RenderError } from "./errors.js";
import { emitTree } from "./emit.js";
import { sampleResources } from "./fixtures.js";
import { planTree } from "./plan.js";
import type { ScopeLookup } from "./scope.js";

const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "apps" }, data: { a: "1" } };
const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } };
const clusterRole = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "reader" }, rules: [] };

describe("planTree", () => {
  test("places namespaced resources, Namespace objects and cluster-scoped resources, sorted by path", () => {
    const plan = planTree([configMap, clusterRole, namespace]);
    const cluster = { folder: "_cluster", namespace: null, resources: [
      { resource: clusterRole, group: "rbac.authorization.k8s.io", folder: "_cluster", file: "clusterrole_rbac.authorization.k8s.io_reader.yaml", path: "_cluster/clusterrole_rbac.authorization.k8s.io_reader.yaml" },
    ] };
    const apps = { folder: "apps", namespace: "apps", resources: [
      { resource: configMap, group: "", folder: "apps", file: "configmap_settings.yaml", path: "apps/configmap_settings.yaml" },
      { resource: namespace, group: "", folder: "apps", file: "namespace_apps.yaml", path: "apps/namespace_apps.yaml" },
    ] };
    expect(plan).toEqual({
      folders: [cluster, apps],
      files: [
        { type: "readme", path: "_cluster/README.md", folder: cluster },
        { type: "resource", path: "_cluster/clusterrole_rbac.authorization.k8s.io_reader.yaml", resource: clusterRole },
        { type: "kustomization", path: "_cluster/kustomization.yaml", namespace: null, resources: ["clusterrole_rbac.authorization.k8s.io_reader.yaml"] },
        { type: "readme", path: "apps/README.md", folder: apps },
        { type: "resource", path: "apps/configmap_settings.yaml", resource: configMap },
        { type: "kustomization", path: "apps/kustomization.yaml", namespace: "apps", resources: ["configmap_settings.yaml", "namespace_apps.yaml"] },
        { type: "resource", path: "apps/namespace_apps.yaml", resource: namespace },
        { type: "kustomization", path: "kustomization.yaml", namespace: null, resources: ["_cluster", "apps"] },
      ],
    });
  });

  test("gives the two Gateway kinds of one name and namespace distinct files", () => {
    const paths = planTree(sampleResources()).files.map((file) => file.path);
    expect(paths).toContain("istio-system/gateway_gateway.networking.k8s.io_public.yaml");
    expect(paths).toContain("istio-system/gateway_networking.istio.io_public.yaml");
  });

  test("gives a Namespace object without other resources a folder of its own", () => {
    expect(planTree([namespace]).folders.map((folder) => folder.folder)).toEqual(["apps"]);
  });

  test("plans an empty list as a root kustomization with no resources", () => {
    expect(planTree([]).files).toEqual([{ type: "kustomization", path: "kustomization.yaml", namespace: null, resources: [] }]);
  });

  test("takes cluster-scoped kinds from a set or from a lookup, which the default list completes", () => {
    const custom = { apiVersion: "example.com/v1", kind: "Thing", metadata: { name: "t" } };
    expect(planTree([custom], { scopeOf: new Set(["Thing.example.com"]) }).folders[0]?.folder).toBe("_cluster");
    const lookup: ScopeLookup = (apiVersion, kind) => (apiVersion === "example.com/v1" && kind === "Thing" ? "Cluster" : undefined);
    expect(planTree([custom], { scopeOf: lookup }).folders[0]?.folder).toBe("_cluster");
    const cluster = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "reader" } };
    expect(planTree([cluster], { scopeOf: lookup }).folders[0]?.folder).toBe("_cluster");
  });

  test("keeps each folder's files sorted by path, README and kustomization among the resources", () => {
    const kustomization = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", metadata: { name: "k", namespace: "apps" } };
    const account = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "runner", namespace: "apps" } };
    const paths = planTree([account, kustomization, configMap]).files.map((file) => file.path);
    expect(paths).toEqual([
      "apps/README.md",
      "apps/configmap_settings.yaml",
      "apps/kustomization.yaml",
      "apps/kustomization_kustomize.config.k8s.io_k.yaml",
      "apps/serviceaccount_runner.yaml",
      "kustomization.yaml",
    ]);
  });

  test("gives the same files for the same resources in any order", () => {
    const want = emitTree(planTree(sampleResources()));
    fc.assert(
      fc.property(fc.shuffledSubarray(sampleResources(), { minLength: 9, maxLength: 9 }), (shuffled) => {
        expect(emitTree(planTree(shuffled))).toEqual(want);
      }),
      { numRuns: 50 },
    );
  });
});

function planError(resources: unknown[]): RenderError {
  try {
    planTree(resources);
  } catch (error) {
    if (error instanceof RenderError) return error;
    throw error;
  }
  throw new Error("planTree did not throw");
}

describe("planTree on bad input", () => {
  const cases: [string, unknown, string, string][] = [
    ["a name with a path in it", { ...configMap, metadata: { name: "../../etc/passwd", namespace: "apps" } }, "RENDER_INVALID_NAME",
      `v1/ConfigMap apps/../../etc/passwd: metadata.name "../../etc/passwd" is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit, at most 253 characters)`],
    ["an upper-case name", { ...configMap, metadata: { name: "Settings", namespace: "apps" } }, "RENDER_INVALID_NAME",
      `v1/ConfigMap apps/Settings: metadata.name "Settings" is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit, at most 253 characters)`],
    ["a Namespace named with a dot", { ...namespace, metadata: { name: "a.b" } }, "RENDER_INVALID_NAME",
      `v1/Namespace a.b: metadata.name "a.b" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`],
    ["a namespace with a slash", { ...configMap, metadata: { name: "settings", namespace: "apps/x" } }, "RENDER_INVALID_NAMESPACE",
      `v1/ConfigMap apps/x/settings: metadata.namespace "apps/x" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`],
    ["a missing namespace", { ...configMap, metadata: { name: "settings" } }, "RENDER_MISSING_NAMESPACE",
      "v1/ConfigMap settings: ConfigMap is namespaced and needs metadata.namespace (or a scopeOf that knows it is cluster-scoped)"],
    ["a namespace on a cluster-scoped kind", { ...clusterRole, metadata: { name: "reader", namespace: "apps" } }, "RENDER_UNEXPECTED_NAMESPACE",
      `rbac.authorization.k8s.io/v1/ClusterRole apps/reader: ClusterRole is cluster-scoped; remove metadata.namespace "apps"`],
    ["a bad apiVersion", { ...configMap, apiVersion: "Apps/v1" }, "RENDER_INVALID_RESOURCE",
      "Apps/v1/ConfigMap apps/settings: apiVersion Apps/v1 is neither <version> nor <group>/<version>"],
    ["a bad kind", { ...configMap, kind: "config-map" }, "RENDER_INVALID_RESOURCE",
      "v1/config-map apps/settings: kind config-map must start with an upper-case letter and hold only letters and digits"],
    ["no metadata", { apiVersion: "v1", kind: "ConfigMap" }, "RENDER_INVALID_RESOURCE",
      "resource at index 0: not a Kubernetes object (an object with apiVersion, kind and metadata)"],
  ];

  test.each(cases)("refuses %s", (_name, resource, code, message) => {
    const error = planError([resource]);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  test("names both resources of a duplicate, whatever their versions", () => {
    const v1 = { apiVersion: "networking.istio.io/v1", kind: "Gateway", metadata: { name: "public", namespace: "istio-system" } };
    const v1beta1 = { ...v1, apiVersion: "networking.istio.io/v1beta1" };
    const error = planError([v1beta1, v1]);
    expect(error.code).toBe("RENDER_DUPLICATE");
    expect(error.message).toBe(
      "duplicate resource: networking.istio.io/v1/Gateway istio-system/public and networking.istio.io/v1beta1/Gateway istio-system/public have the same API group, kind, namespace and name",
    );
  });

  test("reports each file taken more than once as one duplicate, with every resource placed in it", () => {
    const gateway = { apiVersion: "networking.istio.io/v1", kind: "Gateway", metadata: { name: "public", namespace: "istio-system" } };
    const error = planError([gateway, configMap, { ...gateway, apiVersion: "networking.istio.io/v1beta1" }, { ...configMap }, { ...gateway, apiVersion: "networking.istio.io/v1alpha3" }]);
    expect(error.problems.map((problem) => problem.message)).toEqual([
      "duplicate resource: networking.istio.io/v1/Gateway istio-system/public and networking.istio.io/v1alpha3/Gateway istio-system/public and networking.istio.io/v1beta1/Gateway istio-system/public have the same API group, kind, namespace and name",
      "duplicate resource: v1/ConfigMap apps/settings and v1/ConfigMap apps/settings have the same API group, kind, namespace and name",
    ]);
  });

  test("lists every problem in one error, sorted", () => {
    const error = planError([{ ...configMap, metadata: { name: "settings" } }, { ...namespace, metadata: { name: "A" } }]);
    expect(error.problems.map((problem) => problem.code)).toEqual(["RENDER_MISSING_NAMESPACE", "RENDER_INVALID_NAME"]);
    expect(error.message).toBe(
      [
        "2 problems stop rendering:",
        "  ✖ v1/ConfigMap settings: ConfigMap is namespaced and needs metadata.namespace (or a scopeOf that knows it is cluster-scoped)",
        `  ✖ v1/Namespace A: metadata.name "A" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`,
      ].join("\n"),
    );
  });
});
