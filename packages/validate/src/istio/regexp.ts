/**
 * RE2 syntax checks with Go's error text, through the package's RE2 engine (`@bufbuild/re2`, a
 * port of Go's `regexp/syntax`): JavaScript's RegExp accepts a different language (look-arounds,
 * back-references) and rejects some RE2 (`(?P<name>`, `\z`), so it cannot stand in.
 */
import { re2Engine } from "../cel/runtime.js";

/** Checks `pattern` as RE2; returns the compile error (`error parsing regexp: ...`), or `undefined`. */
export function re2Error(pattern: string): string | undefined {
  try {
    re2Engine().RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
