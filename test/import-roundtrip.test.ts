/**
 * The round trip of `meshform import`, as a property: a mesh built with meshform's builders,
 * compiled and rendered as the tree `generate` writes, then imported and compiled and rendered
 * again, gives the same files byte for byte; the import writes every resource with an intent
 * and reports nothing but what meshform adds itself.
 */
import { catalogOf, compile, defineMesh, fromNamespaces, fromPrincipals, resolveTargets, type MeshDefinition, type NamespaceBuilder, type Percent } from "@meshform/dsl";
import { importManifests } from "@meshform/import";
import { emitTree, planTree } from "@meshform/render";
import { parseManifests } from "@meshform/validate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const { scopeOf } = catalogOf(resolveTargets());

/** The tree `generate` writes for a mesh: its files by path. */
function treeOf(definition: MeshDefinition): Map<string, string> {
  const { resources, issues } = compile(definition.model);
  const errors = issues.filter((i) => i.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
  return new Map(emitTree(planTree(resources, { scopeOf })).map((f) => [f.path, f.content]));
}

/** Imports the YAML files of a tree, as `meshform import generated/` reads them. */
function importTree(tree: ReadonlyMap<string, string>) {
  const documents = [...tree]
    .filter(([path]) => path.endsWith(".yaml") && !path.endsWith("kustomization.yaml"))
    .flatMap(([path, text]) => parseManifests(text, path).documents);
  return importManifests(documents);
}

interface ServiceSpec {
  readonly name: string;
  readonly port: number;
  readonly weight: Percent;
  readonly breaker: { readonly pending: number; readonly errors: number; readonly interval: number } | undefined;
}

interface NamespaceSpec {
  readonly name: string;
  readonly dataplane: "ambient" | "sidecar" | undefined;
  readonly mtls: "STRICT" | "PERMISSIVE" | undefined;
  readonly policy: boolean;
  readonly services: readonly ServiceSpec[];
}

const serviceArb: fc.Arbitrary<ServiceSpec> = fc.record({
  name: fc.constantFrom("reviews", "ratings", "details", "cart", "checkout"),
  port: fc.constantFrom(80, 8080, 9080),
  weight: fc.integer({ min: 1, max: 99 }).map((w) => w as Percent),
  breaker: fc.option(fc.record({ pending: fc.integer({ min: 1, max: 1000 }), errors: fc.integer({ min: 1, max: 20 }), interval: fc.integer({ min: 1, max: 60 }) }), { nil: undefined }),
});

const namespaceArb: fc.Arbitrary<NamespaceSpec> = fc.record({
  name: fc.constantFrom("shop", "payments", "web", "ns-1"),
  dataplane: fc.constantFrom("ambient" as const, "sidecar" as const, undefined),
  mtls: fc.constantFrom("STRICT" as const, "PERMISSIVE" as const, undefined),
  policy: fc.boolean(),
  services: fc.uniqueArray(serviceArb, { selector: (s) => s.name, maxLength: 3 }),
});

const meshArb = fc.record({
  meshMtls: fc.constantFrom("STRICT" as const, "PERMISSIVE" as const, undefined),
  gateway: fc.boolean(),
  waypoint: fc.boolean(),
  namespaces: fc.uniqueArray(namespaceArb, { selector: (n) => n.name, minLength: 1, maxLength: 3 }),
});

type MeshSpec = typeof meshArb extends fc.Arbitrary<infer T> ? T : never;

function buildMesh(spec: MeshSpec): MeshDefinition {
  return defineMesh({}, (mesh) => {
    if (spec.meshMtls !== undefined) mesh.mtls(spec.meshMtls);
    const gateway = spec.gateway ? mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } }) : undefined;
    for (const n of spec.namespaces) {
      const ns: NamespaceBuilder = mesh.namespace(n.name, n.dataplane === undefined ? {} : { dataplane: n.dataplane });
      if (spec.waypoint && n.dataplane === "ambient") ns.useWaypoint(ns.waypoint("waypoint"));
      if (n.mtls !== undefined) ns.mtls(n.mtls);
      if (n.policy) ns.authorizationPolicy("allow-mesh", { action: "ALLOW", rules: [{ from: [fromPrincipals("cluster.local/ns/istio-system/sa/edge")], to: [{ methods: ["GET"] }] }, { from: [fromNamespaces(ns)] }] });
      for (const s of n.services) {
        const service = ns.service(s.name, { ports: [s.port] });
        const v1 = ns.service(`${s.name}-v1`, { ports: [s.port] });
        const v2 = ns.service(`${s.name}-v2`, { ports: [s.port] });
        ns.httpRoute(s.name).attachTo(service).canary({ stable: v1, canary: v2, weight: s.weight, port: s.port });
        if (gateway) ns.httpRoute(`${s.name}-public`).attachTo(gateway, { sectionName: "http" }).rule((r) => r.match({ path: `/${s.name}` }).to(service, { port: s.port }));
        if (s.breaker) {
          ns.destinationRule(s.name, { host: service }).circuitBreaker({ maxPendingRequests: s.breaker.pending, consecutive5xxErrors: s.breaker.errors, interval: `${s.breaker.interval}s`, baseEjectionTime: "30s" });
        }
      }
    }
  });
}

describe("meshform import, round trip", () => {
  it("a tree meshform generated, imported and generated again, is the same byte for byte, all as intents", () => {
    fc.assert(
      fc.property(meshArb, (spec) => {
        const tree = treeOf(buildMesh(spec));
        const imported = importTree(tree);
        expect(imported.report.raw).toBe(0);
        expect(imported.report.issues.filter((i) => i.severity !== "info")).toEqual([]);
        const again = treeOf(imported.definition!);
        expect([...again.keys()].sort()).toEqual([...tree.keys()].sort());
        for (const [path, content] of tree) expect(again.get(path), path).toBe(content);
        // Importing the same tree again writes the same config.
        expect(importTree(tree).source).toBe(imported.source);
      }),
      { numRuns: 25 },
    );
  });
});
