import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as dsl from "@meshform/dsl";
import { afterAll, describe, expect, it } from "vitest";
import { compileDirectly, type SharedModuleOf } from "./direct-load.js";

// Inside the workspace (`.tmp/`, ignored by git; outside the package, which a test packs), so
// that the configs' imports of @meshform/dsl resolve.
const WORK = fileURLToPath(new URL(`../../../.tmp/engine-direct-${randomUUID()}/`, import.meta.url));
mkdirSync(WORK, { recursive: true });
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** Gives the DSL this test runs for any file of @meshform/dsl's main entry, and records what it was asked. */
function sharing(): { readonly sharedModuleOf: SharedModuleOf; readonly asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    sharedModuleOf: (file) => {
      asked.push(file);
      // Resolved as Node resolves it here: the build's entry, or the sources' under the test runner's `source` condition.
      return /[\\/]dsl[\\/](?:dist[\\/]index\.js|src[\\/]index\.ts)$/.test(file) ? (dsl as Readonly<Record<string, unknown>>) : undefined;
    },
  };
}

function config(name: string, text: string): string {
  const path = join(WORK, name);
  writeFileSync(path, text);
  return path;
}

const MESH = `import { defineMesh } from "@meshform/dsl";
import { join } from "node:path";
import * as fs from "node:fs";

type Team = { readonly name: string };
const teams: readonly Team[] = [{ name: "shop" }, { name: "pay" }];

export default defineMesh({}, (mesh) => {
  for (const team of teams) mesh.namespace(team.name, { dataplane: "sidecar" }).service("web", { ports: [8080] });
  if (!fs.existsSync(join(import.meta.dirname, "mesh.config.ts"))) throw new Error(import.meta.url);
});
`;

describe("compileDirectly", () => {
  it("runs a config that imports only meshform's packages and Node's, with the modules it is handed", async () => {
    const { sharedModuleOf, asked } = sharing();
    const run = await compileDirectly(config("mesh.config.ts", MESH), sharedModuleOf);
    expect(run).toBeDefined();
    // Compiling runs none of the config's code: the DSL was only looked up.
    expect(asked).toHaveLength(1);
    const mesh = run!().default as dsl.MeshDefinition;
    expect(mesh.kind).toBe("MeshDefinition");
    expect(mesh.model.drafts.map((draft) => draft.kind).sort()).toEqual(["Namespace", "Namespace"]);
  });

  it("leaves to tsx every config it cannot run exactly as Node would", async () => {
    const cases: Record<string, string> = {
      "its own file": `import { defineMesh } from "@meshform/dsl";\nimport { teams } from "./teams.ts";\nexport default defineMesh({}, () => void teams);\n`,
      "a name the module does not export": `import { defineMash } from "@meshform/dsl";\nexport default defineMash({}, () => {});\n`,
      "a name Node's module does not export": `import { defineMesh } from "@meshform/dsl";\nimport { readFileSynk } from "node:fs";\nexport default defineMesh({}, () => void readFileSynk);\n`,
      "top-level await": `import { defineMesh } from "@meshform/dsl";\nconst n = await Promise.resolve(1);\nexport default defineMesh({}, () => void n);\n`,
      "import.meta beyond its url": `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, () => void import.meta.resolve("x"));\n`,
      "a dynamic import": `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, async () => void (await import("node:os")));\n`,
      "a syntax error": `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, () => {;\n`,
      "another package": `import { defineMesh } from "@meshform/dsl";\nimport { z } from "zod";\nexport default defineMesh({}, () => void z);\n`,
      "CommonJS": `const { defineMesh } = require("@meshform/dsl");\nmodule.exports = defineMesh({}, () => {});\n`,
      "a re-export of a name the module does not export": `export { defineMash } from "@meshform/dsl";\nimport { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, () => {});\n`,
    };
    writeFileSync(join(WORK, "teams.ts"), `export const teams = ["shop"];\n`);
    for (const [name, text] of Object.entries(cases)) {
      expect(await compileDirectly(config(`${name.replace(/\W+/g, "-")}.config.ts`, text), sharing().sharedModuleOf), name).toBeUndefined();
    }
    // A copy of the DSL that the pipeline does not run (another version in the config's folder).
    expect(await compileDirectly(config("copy.config.ts", MESH), () => undefined)).toBeUndefined();
  });

  it("keeps the config's source map after the config is let go, for lines read later in the run", () => {
    // Run by plain Node from the build, as the CLI runs it (the test runner maps stacks its own way).
    const path = config("collected.config.ts", `import { defineMesh } from "@meshform/dsl";\n\ntype A = {\n  readonly b: string;\n};\n\nexport default defineMesh({}, () => {});\n`);
    const built = (file: string): string => JSON.stringify(pathToFileURL(fileURLToPath(new URL(file, import.meta.url))).href);
    const script = config(
      "collect.mjs",
      `import { findSourceMap } from "node:module";
import * as dsl from ${built("../../dsl/dist/index.js")};
import { compileDirectly } from ${built("../dist/direct-load.js")};
(await compileDirectly(${JSON.stringify(path)}, (file) => (/[\\\\/]dsl[\\\\/]dist[\\\\/]index\\.js$/.test(file) ? dsl : undefined)))();
for (let i = 0; i < 10; i += 1) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
console.log(findSourceMap(${JSON.stringify(path)}) !== undefined);
`,
    );
    const child = spawnSync(process.execPath, ["--expose-gc", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("true");
  });

  it("gives the config its own URL and folder in import.meta", async () => {
    const path = config("meta.config.ts", `import { defineMesh } from "@meshform/dsl";\nexport const meta = [import.meta.url, import.meta.dirname, import.meta.filename];\nexport default defineMesh({}, () => {});\n`);
    const exports = (await compileDirectly(path, sharing().sharedModuleOf))!() as { meta?: string[] };
    expect(exports.meta).toEqual([pathToFileURL(path).href, WORK.replace(/[\\/]$/, ""), path]);
  });
});
