// Whether the work of a run grew faster than its input: the judgement of two measured runs, the
// second on twice the input of the first (see work-meter.ts for what is counted).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { totalOf, type Work } from "./work-meter.js";

/**
 * Which scripts are the product's, for the meter: the workspace packages' modules (under
 * `<root>/packages/`) and those of the npm packages they depend on, read from their manifests.
 */
export async function productScripts(root: string): Promise<(url: string) => boolean> {
  const dependencies = new Set<string>();
  for (const name of await readdir(join(root, "packages"))) {
    const manifest = JSON.parse(await readFile(join(root, "packages", name, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) if (!dependency.startsWith("@meshform/")) dependencies.add(dependency);
  }
  return (url) => {
    const at = url.lastIndexOf("/node_modules/");
    if (at >= 0) {
      const [scope = "", name = ""] = url.slice(at + "/node_modules/".length).split("/");
      return dependencies.has(scope.startsWith("@") ? `${scope}/${name}` : scope);
    }
    return url.startsWith(`file://${root}/packages/`) || url.startsWith(`${root}/packages/`);
  };
}

/**
 * How much more work twice the input may cost a stage as a whole. Linear work doubles; work that
 * does not depend on the input (a template compiled once per run) grows less; sorting grows as
 * n·log n, which is about 2.2× at a few hundred elements, and the meter counts a sort's own work as
 * the length sorted, so only its comparator's calls grow that way. Quadratic work grows 4×.
 */
export const STAGE_GROWTH_LIMIT = 2.2;

/**
 * How much more work twice the input may cost one function's hottest block, or one built-in over
 * a whole stage. A comparator's calls grow as n·log n (up to about 2.3× here); a loop over a list
 * that grows with the input, inside a loop over the input, grows 4×. One hot spot is judged on its
 * own, so a quadratic part cannot hide in a stage whose linear work is much larger.
 */
export const HOT_SPOT_GROWTH_LIMIT = 2.5;

/** Hot spots that ran fewer times than this with twice the input are too small to judge. */
export const HOT_SPOT_FLOOR = 100;

function times(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "from nothing";
}

/** Where a function is, for a message: its module's path from `root`, its name and its offset in the module as run. */
export function describeFunction(key: string, root: string): string {
  return key.replace(`file://${root}/`, "").replace(root, "");
}

/**
 * What grew faster than the input from `small` to `large` (a run on twice `small`'s input): the
 * whole, one function's hottest block, or one built-in's count. Each line names `what`, the count
 * of both runs and the ratio. Empty when the work grew linearly.
 */
export function growthProblems(what: string, small: Work, large: Work, root = ""): string[] {
  const problems: string[] = [];
  const whole = totalOf(large) / totalOf(small);
  if (totalOf(large) > 0 && !(whole <= STAGE_GROWTH_LIMIT)) {
    problems.push(
      `${what}: ${totalOf(large)} units of work for twice the input, ${times(whole)} the ${totalOf(small)} of the input ` +
        `(blocks ${small.blocks} → ${large.blocks}, elements scanned ${small.scanned} → ${large.scanned}, file-system ${small.fileSystem} → ${large.fileSystem}); at most ${STAGE_GROWTH_LIMIT}×`,
    );
  }
  for (const [key, count] of large.hottest) {
    const before = small.hottest.get(key) ?? 0;
    if (count >= HOT_SPOT_FLOOR && count / before > HOT_SPOT_GROWTH_LIMIT) {
      problems.push(`${what}: the hottest block of ${describeFunction(key, root)} ran ${count} times for twice the input, ${times(count / before)} its ${before}; at most ${HOT_SPOT_GROWTH_LIMIT}×`);
    }
  }
  for (const [builtin, count] of large.byBuiltin) {
    const before = small.byBuiltin.get(builtin) ?? 0;
    if (count >= HOT_SPOT_FLOOR && count / before > HOT_SPOT_GROWTH_LIMIT) {
      problems.push(`${what}: ${builtin} touched ${count} elements for twice the input, ${times(count / before)} its ${before}; at most ${HOT_SPOT_GROWTH_LIMIT}×`);
    }
  }
  return problems;
}
