/**
 * Finding the line of a field in a YAML file, for the issues of its documents. The file is parsed
 * again with the `yaml` package, which keeps source positions, only when some document of it has
 * an issue, so files without findings cost nothing here; the package itself is loaded the first
 * time a line is asked for, so a program that never asks (`meshform generate`) does not load it.
 */
import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import type { FieldPath } from "../value.js";

type Yaml = typeof import("yaml");
let loaded: Yaml | undefined;

/** The `yaml` package (its Node build, the one an `import` of it gives), loaded on first use. */
function yaml(): Yaml {
  return (loaded ??= createRequire(import.meta.url)("yaml") as Yaml);
}

/** The line of the field at `path` in the `index`th non-empty document, or of its nearest written ancestor. */
export type LineLocator = (index: number, path: FieldPath) => number | undefined;

/** Parses `text` once and returns a locator over its non-empty documents. */
export function createLineLocator(text: string): LineLocator {
  const { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } = yaml();
  const counter = new LineCounter();
  let documents: Document[] = [];
  try {
    documents = Array.from(parseAllDocuments(text, { version: "1.1", lineCounter: counter, uniqueKeys: false })).filter(
      (doc) => doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null),
    );
  } catch {
    documents = [];
  }
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : counter.linePos(offset).line);
  return (index, path) => {
    let node: unknown = documents[index]?.contents;
    let line = lineAt((node as Node | undefined)?.range?.[0]);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) break;
        line = lineAt((pair.key as Node).range?.[0]) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
        node = node.items[segment];
        line = lineAt((node as Node).range?.[0]) ?? line;
      } else {
        break;
      }
    }
    return line;
  };
}
