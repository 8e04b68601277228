import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_CONFIG_TIMEOUT } from "@meshform/engine";
import { UsageError } from "../errors.js";
import { runMeshform, scratchFolder } from "../testing.js";
import { readConfigTimeout } from "../generate/flags.js";

const WORK = scratchFolder("cli-generate-config");

const IMPORT = `import { defineMesh } from "@meshform/dsl";\n`;

/** Config files by name (`<name>.config.ts`), each a way a config can go wrong. */
const CONFIGS: Record<string, string> = {
  "kind-only": `export default { kind: "MeshDefinition" };\n`,
  "empty-model": `export default { kind: "MeshDefinition", model: {} };\n`,
  "bad-ready": `${IMPORT}export default { ...defineMesh({}, () => {}), ready: "soon" };\n`,
  "throws-object": `${IMPORT}export default defineMesh({}, () => {\n  throw {};\n});\n`,
  "throws-string": `${IMPORT}\nthrow "no such team: payments";\n`,
  "throws-null": `throw null;\n`,
  "throws-number": `throw 42;\n`,
  "throws-object-with-code": `throw { code: "E_TEAM", team: "payments" };\n`,
  "throws-error-like": `throw { message: "no such team: payments" };\n`,
  "throws-empty-error": `${IMPORT}export default defineMesh({}, () => {\n  throw new TypeError();\n});\n`,
  "ready-rejects": `${IMPORT}const mesh = defineMesh({}, () => {});\nexport default { ...mesh, ready: new Promise((_, reject) => setTimeout(() => reject({}), 20)) };\n`,
  "never-settles": `${IMPORT}await new Promise(() => {});\nexport default defineMesh({}, () => {});\n`,
  "ready-never-settles": `${IMPORT}export default { ...defineMesh({}, () => {}), ready: new Promise(() => {}) };\n`,
  "endless-loop": `${IMPORT}export default defineMesh({}, (mesh) => {\n  for (let i = 0; ; i++) mesh.namespace(\`ns-\${i % 3}\`);\n});\n`,
  "endless-top-level": `${IMPORT}setInterval(() => {}, 1000);\nwhile (true) {}\nexport default defineMesh({}, () => {});\n`,
  "slow-call": `${IMPORT}await new Promise((resolve) => setTimeout(resolve, 3_600_000));\nexport default defineMesh({}, () => {});\n`,
  "throws-in-timer": `${IMPORT}setTimeout(() => {\n  throw {};\n}, 5);\nawait new Promise((resolve) => setTimeout(resolve, 50));\nexport default defineMesh({}, () => {});\n`,
  "rejects-unhandled": `${IMPORT}\nPromise.reject(new Error("no such team: payments"));\nawait new Promise((resolve) => setTimeout(resolve, 50));\nexport default defineMesh({}, () => {});\n`,
  "late-call": `${IMPORT}export default defineMesh({}, (mesh) => {\n  mesh.namespace("shop");\n  setTimeout(() => mesh.namespace("late"), 0);\n});\n`,
  lingering: `${IMPORT}setInterval(() => {}, 1000);\nexport default defineMesh({}, (mesh) => {\n  mesh.namespace("shop");\n});\n`,
  quick: `${IMPORT}await new Promise((resolve) => setTimeout(resolve, 10));\nexport default defineMesh({}, (mesh) => {\n  mesh.namespace("shop");\n});\n`,
};

beforeAll(async () => {
  await mkdir(WORK, { recursive: true });
  await Promise.all(Object.entries(CONFIGS).map(([name, text]) => writeFile(join(WORK, `${name}.config.ts`), text)));
});
afterAll(async () => {
  await rm(WORK, { recursive: true, force: true });
});

/** `meshform generate --config <name>.config.ts --out out-<name> …args`, with how long it took. */
async function generate(name: string, ...args: string[]) {
  const started = performance.now();
  const outcome = await runMeshform(["generate", "--config", `${name}.config.ts`, "--out", `out-${name}`, ...args], WORK);
  return { ...outcome, seconds: (performance.now() - started) / 1000 };
}

/** Whether a run left anything on disk in its output folder. */
async function wroteNothing(name: string): Promise<boolean> {
  return readdir(join(WORK, `out-${name}`)).then(
    () => false,
    () => true,
  );
}

describe("a config whose default export only looks like a mesh", () => {
  test.each(["kind-only", "empty-model", "bad-ready"])("%s: says what to export, and writes nothing", async (name) => {
    const { code, stdout, stderr } = await generate(name);
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: ${name}.config.ts: the default export is not a mesh (write \`export default defineMesh({ ... }, (mesh) => { ... })\`)\n`,
    });
    expect(await wroteNothing(name)).toBe(true);
  });
});

describe("a config that throws something that is not an Error", () => {
  test.each([
    ["throws-object", `throws-object.config.ts: the config threw a value that is not an Error: {} (throw new Error("...") to show the line)`],
    ["throws-string", `throws-string.config.ts: the config threw a value that is not an Error: 'no such team: payments' (throw new Error("...") to show the line)`],
    ["throws-null", `throws-null.config.ts: the config threw a value that is not an Error: null (throw new Error("...") to show the line)`],
    ["throws-number", `throws-number.config.ts: the config threw a value that is not an Error: 42 (throw new Error("...") to show the line)`],
    ["throws-object-with-code", `throws-object-with-code.config.ts: the config threw a value that is not an Error: { code: 'E_TEAM', team: 'payments' } (throw new Error("...") to show the line)`],
    ["throws-error-like", "throws-error-like.config.ts: no such team: payments"],
    ["throws-empty-error", "throws-empty-error.config.ts:3: the config threw an Error with no message (TypeError)"],
    ["throws-in-timer", `throws-in-timer.config.ts: the config threw a value that is not an Error: {} (throw new Error("...") to show the line)`],
    ["rejects-unhandled", "rejects-unhandled.config.ts:3: no such team: payments"],
    ["ready-rejects", `ready-rejects.config.ts: the config threw a value that is not an Error: {} (throw new Error("...") to show the line)`],
  ])("%s: prints what it threw on one line, without a stack", async (name, message) => {
    const { code, stdout, stderr } = await generate(name);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: "", stderr: `error: ${message}\n` });
    expect(await wroteNothing(name)).toBe(true);
  });
});

test("a builder a config calls from a timer, once the mesh is built, ends the run with that error on one line", async () => {
  const { code, stdout, stderr } = await generate("late-call");
  expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
  expect(stderr).toMatch(/^error: late-call\.config\.ts:4: namespace\("late"\) was called after the mesh was built[^\n]*\n$/);
});

describe("a config that awaits a promise nothing can settle", () => {
  test.each(["never-settles", "ready-never-settles"])("%s: says so at once instead of exiting 13 in silence", async (name) => {
    const { code, stdout, stderr, seconds } = await generate(name);
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: ${name}.config.ts: the config awaits a promise that never settles (nothing else is pending): resolve or reject it, or drop the await\n`,
    });
    expect(seconds).toBeLessThan(DEFAULT_CONFIG_TIMEOUT);
    expect(await wroteNothing(name)).toBe(true);
  });
});

describe("the time limit for running the config", () => {
  const limit = (name: string, seconds: number) => `error: ${name}.config.ts did not finish within ${seconds} s (an endless loop, or a slow call?); raise the limit with --config-timeout <sec>\n`;

  test.each(["endless-loop", "endless-top-level", "slow-call"])("%s: stops at --config-timeout with exit code 1 and says why", async (name) => {
    const { code, stdout, stderr, seconds } = await generate(name, "--config-timeout", "1.5");
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: "", stderr: limit(name, 1.5) });
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(30);
    expect(await wroteNothing(name)).toBe(true);
  });

  test("MESHFORM_CONFIG_TIMEOUT sets the limit when the flag is absent", async () => {
    process.env.MESHFORM_CONFIG_TIMEOUT = "1";
    try {
      const { code, stderr } = await generate("endless-loop");
      expect({ code, stderr }).toEqual({ code: 1, stderr: limit("endless-loop", 1) });
    } finally {
      delete process.env.MESHFORM_CONFIG_TIMEOUT;
    }
  });

  test("a config that finishes in time generates as usual", async () => {
    const { code, stderr, stdout } = await generate("quick", "--config-timeout", "30");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^generate: 1 namespace, 1 resource, \d+ files \(\d+ written/);
  });

  test("a timer the config leaves running does not keep a finished run alive", async () => {
    const { code, stderr, stdout, seconds } = await generate("lingering", "--config-timeout", "30");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^generate: 1 namespace, 1 resource, \d+ files \(\d+ written/);
    expect(seconds).toBeLessThan(30);
  });

  test("a limit that is not a positive number of seconds is a usage mistake", async () => {
    const { code, stdout, stderr } = await generate("quick", "--config-timeout", "soon");
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --config-timeout takes a number of seconds greater than 0 and at most 2147483, not 'soon'; see 'meshform generate --help'\n",
    });
  });
});

describe("readConfigTimeout", () => {
  const read = (flag: string | undefined, env: Record<string, string> = {}) => readConfigTimeout(flag, env, "meshform generate");

  test("the flag, else the environment variable, else 60 seconds", () => {
    expect(read("2.5", { MESHFORM_CONFIG_TIMEOUT: "9" })).toBe(2.5);
    expect(read(undefined, { MESHFORM_CONFIG_TIMEOUT: "9" })).toBe(9);
    expect(read(undefined, { MESHFORM_CONFIG_TIMEOUT: " " })).toBe(60);
    expect(read(undefined)).toBe(60);
  });

  test.each([
    ["0", undefined, "--config-timeout takes a number of seconds greater than 0 and at most 2147483, not '0'"],
    ["-1", undefined, "--config-timeout takes a number of seconds greater than 0 and at most 2147483, not '-1'"],
    ["", undefined, "--config-timeout takes a number of seconds greater than 0 and at most 2147483, not ''"],
    ["1e9", undefined, "--config-timeout takes a number of seconds greater than 0 and at most 2147483, not '1e9'"],
    [undefined, "ten", "MESHFORM_CONFIG_TIMEOUT takes a number of seconds greater than 0 and at most 2147483, not 'ten'"],
  ])("%j (environment %j) is refused", (flag, env, message) => {
    expect(() => read(flag, env === undefined ? {} : { MESHFORM_CONFIG_TIMEOUT: env })).toThrow(new UsageError(message, "meshform generate"));
  });
});
