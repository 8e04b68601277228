/**
 * Helpers for this package's tests.
 *
 * @internal
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The lines of a test file that carry a `// <marker>` comment at their end: `lineOf(marker)` is
 * the number of the one line marked so, for asserting the line a builder call reports.
 *
 * @example
 * ```ts
 * const { file, lineOf } = markedLines(import.meta.url);
 * mesh.namespace("shop"); // shop
 * expect(origin).toEqual({ file, line: lineOf("shop"), column: 8 });
 * ```
 * @internal
 */
export function markedLines(url: string): { readonly file: string; readonly source: readonly string[]; lineOf(marker: string): number } {
  const file = fileURLToPath(url);
  const source = readFileSync(file, "utf8").split("\n");
  return {
    file,
    source,
    lineOf(marker) {
      const index = source.findIndex((line) => line.trimEnd().endsWith(`// ${marker}`));
      if (index < 0) throw new Error(`no line marked ${marker}`);
      return index + 1;
    },
  };
}
