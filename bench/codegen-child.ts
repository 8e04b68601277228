/**
 * One timed run of the builtin codegen (every target meshform ships), writing into a scratch
 * folder instead of the packages. Usage: `node --import tsx bench/codegen-child.ts <specs> <out>`.
 * Prints one JSON line: the kinds and files generated and this process's peak RSS.
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTIN_TARGETS, builtinTarget, runCodegen } from "@meshform/codegen";
import { peakRssMiB } from "./measure.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const [specs, out] = process.argv.slice(2);
if (specs === undefined || out === undefined) throw new Error("usage: codegen-child.ts <specs> <out>");

let kinds = 0;
let files = 0;
for (const builtin of BUILTIN_TARGETS) {
  const result = await runCodegen({ ...builtinTarget(builtin, specs, root), out: join(out, builtin.name) });
  kinds += result.kinds;
  files += result.files.length;
}
console.log(JSON.stringify({ kinds, files, peakRssMiB: peakRssMiB() }));
