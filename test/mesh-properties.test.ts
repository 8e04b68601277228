// Properties of the whole pipeline on random valid meshes: every one compiles without issues,
// renders a tree kustomize builds (the root and each namespace folder alone), regenerates to
// the same bytes, and does not depend on the order of declaration.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { catalogOf, compile, defineMesh, resolveTargets, type MeshBuilder } from "@meshform/dsl";
import { emitTree, planTree, writeTree } from "@meshform/render";
import { hasKubectl, KUSTOMIZE_SKIP_REASON, kustomizeBuild, kustomizeRequired, sortedByIdentity } from "./support/kustomize.js";

const { scopeOf } = catalogOf(resolveTargets());
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const protocol = fc.constantFrom("HTTP" as const, "TCP" as const);

/** One declaration of a random mesh: a function of the mesh builder. */
type Declaration = (mesh: MeshBuilder) => void;

const namespaceSpec = fc.record({ ns: name, dataplane: fc.constantFrom("ambient" as const, "sidecar" as const, undefined), waypoint: fc.boolean() });
function namespaceDecl({ ns, dataplane, waypoint }: { ns: string; dataplane: "ambient" | "sidecar" | undefined; waypoint: boolean }): Declaration {
  return (mesh) => {
    const builder = mesh.namespace(`ns-${ns}`, dataplane ? { dataplane } : {});
    if (waypoint) builder.useWaypoint(builder.waypoint(`wp-${ns}`));
  };
}
const gatewayDecl = fc.record({ gw: name, ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }), protocol }).map(
  ({ gw, ports, protocol: p }): Declaration =>
    (mesh) => {
      const listeners = Object.fromEntries(ports.map((port) => [`l${port}`, { port, protocol: p, allowedRoutes: "All" as const }]));
      mesh.root.gateway(`gw-${gw}`, { listeners });
    },
);

/** A list of declarations whose names do not collide. */
const meshArb = fc
  .tuple(fc.uniqueArray(namespaceSpec, { maxLength: 4, selector: (spec) => spec.ns }).map((specs) => specs.map(namespaceDecl)), fc.array(gatewayDecl, { maxLength: 3 }), fc.boolean())
  .map(([namespaces, gateways, mtls]) => [...namespaces, ...gateways, ...(mtls ? [(m: MeshBuilder) => void m.mtls("STRICT")] : [])]);

function build(declarations: readonly Declaration[]) {
  return compile(defineMesh({}, (mesh) => declarations.forEach((declare) => declare(mesh))).model);
}

function unique(declarations: readonly Declaration[]): boolean {
  const result = build(declarations);
  return !result.issues.some((i) => i.code === "DUPLICATE_RESOURCE");
}

function bytes(declarations: readonly Declaration[]): string {
  const result = build(declarations);
  return JSON.stringify(emitTree(planTree(result.resources, { scopeOf })));
}

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
});

describe("random valid meshes", () => {
  it("compile without issues and render the same bytes in any declaration order", () => {
    fc.assert(
      fc.property(meshArb.filter(unique), fc.integer(), (declarations, seed) => {
        expect(build(declarations).issues).toEqual([]);
        const shuffled = fc.sample(fc.shuffledSubarray(declarations, { minLength: declarations.length }), { numRuns: 1, seed })[0]!;
        expect(bytes(shuffled)).toBe(bytes(declarations));
      }),
      { numRuns: 60 },
    );
  });

  if (!hasKubectl && kustomizeRequired) {
    it("kubectl is on PATH (MESHFORM_REQUIRE_KUSTOMIZE=1)", () => expect.fail(KUSTOMIZE_SKIP_REASON));
  }

  it.skipIf(!hasKubectl)(hasKubectl ? "render trees that kustomize builds, whole and per namespace, and regenerate byte for byte" : KUSTOMIZE_SKIP_REASON, async () => {
    await fc.assert(
      fc.asyncProperty(meshArb.filter(unique), async (declarations) => {
        const { resources } = build(declarations);
        const out = await mkdtemp(join(tmpdir(), "meshform-prop-"));
        folders.push(out);
        const files = emitTree(planTree(resources, { scopeOf }));
        await writeTree(out, files);
        if (resources.length > 0) expect(sortedByIdentity(kustomizeBuild(out))).toEqual(sortedByIdentity(resources));
        for (const entry of await readdir(out, { withFileTypes: true })) {
          if (entry.isDirectory()) expect(kustomizeBuild(join(out, entry.name)).length).toBeGreaterThan(0);
        }
        const again = await writeTree(out, emitTree(planTree(build(declarations).resources, { scopeOf })));
        expect(again.written).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });
});
