/**
 * Writes `src/generated/parsed-rules.ts`: the parsed expression of every rule and message
 * expression text of the shipped kinds, as `@bufbuild/cel`'s parser gives it. `pnpm codegen` runs
 * it after regenerating the kinds; run it alone after upgrading the parser (the package's tests
 * fail until then):
 *
 * ```sh
 * npx tsx --conditions=source packages/validate/scripts/parse-rules.ts
 * ```
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parsedRulesSource } from "../src/cel/parsed-source.js";

const target = fileURLToPath(new URL("../src/generated/parsed-rules.ts", import.meta.url));
writeFileSync(target, parsedRulesSource());
console.log(`wrote ${target}`);
