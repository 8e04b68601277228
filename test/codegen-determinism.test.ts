/**
 * The committed kinds trees are exactly what the generator makes from `../shared/specs`, and
 * generating twice gives the same bytes. Where the specs are absent the suite skips with a
 * message, unless `MESHFORM_REQUIRE_SPECS=1` (CI), where it fails instead.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_TARGETS, builtinTarget, runCodegen, type BuiltinTarget } from "@meshform/codegen";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const specs = resolve(root, "../shared/specs");
const specsPresent = existsSync(specs);
const specsRequired = process.env.MESHFORM_REQUIRE_SPECS === "1";

if (!specsPresent && !specsRequired) {
  console.warn(`codegen determinism: skipped, the upstream specs are absent (${specs}); set MESHFORM_REQUIRE_SPECS=1 to fail instead`);
}

/** Every file under `folder`, as sorted `/`-separated paths relative to it. */
async function listTree(folder: string, base = folder): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listTree(path, base)));
    else files.push(relative(base, path).split("\\").join("/"));
  }
  return files.sort();
}

/**
 * The paths that differ between two trees, one line each (`differs`, `only in <left>`,
 * `only in <right>`); empty when the trees are identical.
 */
async function diffTrees(left: { name: string; folder: string }, right: { name: string; folder: string }): Promise<string[]> {
  const leftFiles = await listTree(left.folder);
  const rightFiles = await listTree(right.folder);
  const lines: string[] = [];
  for (const path of leftFiles) {
    if (!rightFiles.includes(path)) lines.push(`only in ${left.name}: ${path}`);
    else if (!(await readFile(join(left.folder, path))).equals(await readFile(join(right.folder, path)))) lines.push(`differs: ${path}`);
  }
  for (const path of rightFiles) if (!leftFiles.includes(path)) lines.push(`only in ${right.name}: ${path}`);
  return lines;
}

async function generateInto(builtin: BuiltinTarget, out: string): Promise<void> {
  await runCodegen({ ...builtinTarget(builtin, specs, root), out });
}

describe.skipIf(!specsPresent && !specsRequired)("builtin codegen", () => {
  let temp = "";

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), "meshform-codegen-"));
  });

  afterAll(async () => {
    if (temp !== "") await rm(temp, { recursive: true, force: true });
  });

  it("finds the upstream specs", () => {
    expect(specsPresent, `MESHFORM_REQUIRE_SPECS=1 but the upstream specs are absent: ${specs}`).toBe(true);
  });

  describe.each(BUILTIN_TARGETS.map((builtin) => [builtin.name, builtin] as const))("%s", (name, builtin) => {
    const first = (): string => join(temp, `${name}-1`);
    const second = (): string => join(temp, `${name}-2`);

    // Every Istio minor and Gateway API release is read and generated, twice.
    beforeAll(async () => {
      if (!specsPresent) return;
      await generateInto(builtin, first());
      await generateInto(builtin, second());
    }, 300_000);

    it("gives the same bytes on a second run", async () => {
      if (!specsPresent) throw new Error(`the upstream specs are absent: ${specs}`);
      expect((await listTree(first())).length).toBeGreaterThan(0);
      const unstable = await diffTrees({ name: "first run", folder: first() }, { name: "second run", folder: second() });
      expect(unstable, `two runs of ${name} gave different trees:\n${unstable.join("\n")}`).toEqual([]);
    });

    it(`matches the committed ${builtin.out} byte for byte`, async () => {
      if (!specsPresent) throw new Error(`the upstream specs are absent: ${specs}`);
      const committed = resolve(root, builtin.out);
      const stale = await diffTrees({ name: "committed", folder: committed }, { name: "generated", folder: first() });
      expect(stale, `${builtin.out} is not what the generator makes (run \`pnpm codegen\`):\n${stale.join("\n")}`).toEqual([]);
    });
  });
});
