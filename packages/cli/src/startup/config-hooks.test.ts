import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { LoadFnOutput, ResolveFnOutput } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initialize, load, reexportSource, resolve, type BundleManifest } from "./config-hooks.js";

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "meshform-config-hooks-")));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A package folder with a package.json, linked into `node_modules` of `from` as pnpm lays it out. */
function linkPackage(from: string, name: string): string {
  const folder = join(dir, "store", name.replace("/", "+"));
  mkdirSync(join(folder, "dist"), { recursive: true });
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name }));
  writeFileSync(join(folder, "dist", "index.js"), "");
  mkdirSync(join(from, "node_modules", "@meshform"), { recursive: true });
  symlinkSync(folder, join(from, "node_modules", name));
  return folder;
}

/** Resolve as Node would have: to `url`, whatever the specifier. */
const resolvedTo =
  (url: string) =>
  async (): Promise<ResolveFnOutput> => ({ url, format: "module" });

describe("the hooks that hand the bundle's modules to a config", () => {
  it("turn an import that resolves to a file the bundle holds, in the CLI's own package folders, into a re-export of it", async () => {
    const cli = join(dir, "cli");
    mkdirSync(cli);
    const dsl = linkPackage(cli, "@meshform/dsl");
    // A dependency of the DSL, found from the DSL's folder, not the CLI's.
    const runtime = linkPackage(dsl, "@meshform/kind-runtime");
    const manifest: BundleManifest = {
      global: "meshform.test",
      packages: { "@meshform/dsl": "@meshform/cli", "@meshform/kind-runtime": "@meshform/dsl" },
      modules: { "@meshform/dsl/dist/index.js": ["defineMesh"], "@meshform/kind-runtime/dist/index.js": ["kind"] },
    };
    await initialize({ manifest: JSON.stringify(manifest), cli });

    const context = { conditions: [], importAttributes: {}, importAssertions: {}, parentURL: pathToFileURL(join(dir, "mesh.config.ts")).href };
    await expect(resolve("@meshform/dsl", context, resolvedTo(pathToFileURL(join(dsl, "dist", "index.js")).href))).resolves.toEqual({
      url: "meshform-bundle:@meshform/dsl/dist/index.js",
      format: "module",
      shortCircuit: true,
    });
    await expect(resolve("@meshform/kind-runtime", context, resolvedTo(pathToFileURL(join(runtime, "dist", "index.js")).href))).resolves.toMatchObject({
      url: "meshform-bundle:@meshform/kind-runtime/dist/index.js",
    });
    // Another copy of the package (the config's own node_modules) loads as Node resolves it.
    const other = pathToFileURL(join(dir, "elsewhere", "node_modules", "@meshform", "dsl", "dist", "index.js")).href;
    await expect(resolve("@meshform/dsl", context, resolvedTo(other))).resolves.toEqual({ url: other, format: "module" });

    const loaded = (await load("meshform-bundle:@meshform/dsl/dist/index.js", { conditions: [], format: "module", importAttributes: {}, importAssertions: {} }, async () => {
      throw new Error("not loaded from disk");
    })) as LoadFnOutput;
    expect(loaded).toMatchObject({ format: "module", shortCircuit: true });
    expect(String(loaded.source)).toBe(reexportSource("meshform.test", "@meshform/dsl/dist/index.js", ["defineMesh"]));
  });

  it("re-export, under every name the manifest lists, the values of the bundle's module", async () => {
    const exports = { defineMesh: () => "mesh", default: { kind: "default" }, "not-an-identifier": 3 };
    const key = Symbol.for("meshform.test.reexport");
    (globalThis as Record<symbol, unknown>)[key] = { module: (id: string) => (id === "x" ? exports : undefined) };
    try {
      const source = reexportSource("meshform.test.reexport", "x", Object.keys(exports));
      const module = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as Record<string, unknown>;
      expect({ ...module }).toEqual(exports);
      expect(module.defineMesh).toBe(exports.defineMesh);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[key];
    }
  });
});
