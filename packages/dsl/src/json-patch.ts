import jsonPatch from "fast-json-patch";

/** One RFC 6902 operation. */
export type Operation =
  | { readonly op: "add" | "replace" | "test"; readonly path: string; readonly value: unknown }
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "move" | "copy"; readonly from: string; readonly path: string };

/**
 * Applies RFC 6902 operations to a copy of `document`.
 *
 * @returns the patched copy, or the reason the patch does not apply
 */
export function applyOperations<T>(document: T, operations: readonly Operation[]): { value: T } | { problem: string } {
  try {
    const copy = structuredClone(document);
    const result = jsonPatch.applyPatch(copy, operations as jsonPatch.Operation[], true, true);
    return { value: result.newDocument };
  } catch (error) {
    const text = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    return { problem: text };
  }
}
