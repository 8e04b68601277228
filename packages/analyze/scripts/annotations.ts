/**
 * Writes `src/generated/annotations.ts`: Istio's annotation and label lists of every release under
 * `../shared/specs/istio/` (from the repository root), one table for all releases, which the
 * annotation checks read. `pnpm codegen` runs it; run it alone after adding a release's lists:
 *
 * ```sh
 * npx tsx --conditions=source packages/analyze/scripts/annotations.ts
 * ```
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { annotationsSource } from "../src/checks/istio-annotations/metadata-source.js";

const root = resolve(fileURLToPath(import.meta.url), "../../../..");
const target = fileURLToPath(new URL("../src/generated/annotations.ts", import.meta.url));
writeFileSync(target, annotationsSource(resolve(root, "../shared/specs")));
console.log(`wrote ${target}`);
