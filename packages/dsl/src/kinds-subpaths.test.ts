// `@meshform/dsl/<package>/<group>/<version>` re-exports the typed kinds of @meshform/istio,
// @meshform/gateway-api and @meshform/k8s, so a config that depends on @meshform/dsl alone can
// write mesh.resource(sidecar({...})). Every group/version module of those packages has its
// re-export, with the same exports.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sidecar } from "@meshform/dsl/istio/networking.istio.io/v1";
import { compile, defineMesh } from "./index.js";

const PACKAGES = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const KINDS = join(PACKAGES, "dsl/src/kinds");

/** The group/version modules of a kinds package's generated sources: `networking.istio.io/v1`, `experimental/...`. */
function groupVersions(pkg: string): string[] {
  const generated = join(PACKAGES, pkg, "src/generated");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (/^v\d+((alpha|beta)\d+)?\.ts$/.test(entry.name)) found.push(relative(generated, join(dir, entry.name)).replace(/\.ts$/, ""));
    }
  };
  walk(generated);
  // The gateway-api package exports the standard channel at its root and the experimental one under experimental/.
  return found.map((path) => path.replace(/^standard\//, "")).sort();
}

describe("@meshform/dsl re-exports the kinds packages' group/version modules", () => {
  for (const pkg of ["istio", "gateway-api", "k8s"]) {
    it(`has a re-export of every group/version module of @meshform/${pkg}, with the same exports`, async () => {
      const modules = groupVersions(pkg);
      expect(modules.length).toBeGreaterThan(0);
      expect(modules.filter((module) => !existsSync(join(KINDS, pkg, `${module}.ts`))).map((module) => `@meshform/dsl/${pkg}/${module}`)).toEqual([]);
      for (const module of modules) {
        const original = (await import(/* @vite-ignore */ `@meshform/${pkg}/${module}`)) as Record<string, unknown>;
        const reexported = (await import(/* @vite-ignore */ `@meshform/dsl/${pkg}/${module}`)) as Record<string, unknown>;
        expect(Object.keys(reexported).sort(), module).toEqual(Object.keys(original).sort());
        for (const name of Object.keys(original)) expect(reexported[name], `${module}: ${name}`).toBe(original[name]);
      }
    });
  }

  it("gives factories mesh.resource() takes", () => {
    const definition = defineMesh({}, (mesh) => {
      const legacy = mesh.namespace("legacy", { dataplane: "sidecar" });
      mesh.resource(sidecar({ metadata: { name: "default", namespace: legacy.name }, spec: { egress: [{ hosts: ["./*", "istio-system/*"] }] } }));
    });
    const compiled = compile(definition.model);
    expect(compiled.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(compiled.resources.map((resource) => `${resource.apiVersion}/${resource.kind}`)).toContain("networking.istio.io/v1/Sidecar");
  });
});
