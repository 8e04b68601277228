/**
 * Variable names from resource names: `reviews-svc` becomes `reviewsSvc`. Names are given in the
 * order statements are written, so the same statements always get the same names; a name that is
 * taken gets the variable's role (`reviewsGateway`), then its namespace, then a number.
 */
import type { VarHandle } from "./code.js";

/** Words TypeScript reserves, or that would shadow what a config uses. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private " +
    "protected public static yield any boolean number string symbol type from of await async constructor arguments eval undefined NaN " +
    "Infinity mesh r defineMesh Object Array String Number Boolean Math JSON Date Error Promise Map Set"
  ).split(" "),
);

/** `reviews-svc.v1` → `reviewsSvcV1`; a name that starts with a digit gets a leading `n`. */
export function camelCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  if (words.length === 0) return "resource";
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[0-9]/.test(joined) ? `n${joined}` : joined;
}

/** Gives names to variables, each distinct from the others and from the names in `taken`. */
export class NameAllocator {
  readonly #taken: Set<string>;

  constructor(taken: Iterable<string>) {
    this.#taken = new Set([...RESERVED, ...taken]);
  }

  /** Names `handle` (once) and returns its name. */
  name(handle: VarHandle): string {
    if (handle.name !== undefined) return handle.name;
    const base = camelCase(handle.hint);
    const role = camelCase(handle.role);
    const suffix = role.charAt(0).toUpperCase() + role.slice(1);
    const candidates = [base, base.endsWith(suffix) ? `${base}${suffix}` : `${base}${suffix}`];
    if (handle.namespace !== undefined) {
      const ns = camelCase(handle.namespace);
      candidates.push(`${base}${ns.charAt(0).toUpperCase()}${ns.slice(1)}${suffix}`);
    }
    let chosen = candidates.find((c) => !this.#taken.has(c));
    for (let n = 2; chosen === undefined; n += 1) if (!this.#taken.has(`${candidates.at(-1)}${n}`)) chosen = `${candidates.at(-1)}${n}`;
    this.#taken.add(chosen);
    handle.name = chosen;
    return chosen;
  }
}
