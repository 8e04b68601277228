/**
 * Variable names from resource names: `reviews-svc` becomes `reviewsSvc`. Names are given in the
 * order statements are written, so the same statements always get the same names; a name that is
 * taken gets the variable's role (`reviewsGateway`), then its namespace, then a number.
 */
import type { VarHandle } from "./code.js";
import { flat } from "./input.js";

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
  // Words are the runs of ASCII letters and digits; one pass, no intermediate lists.
  let joined = "";
  let start = -1;
  for (let i = 0; i <= text.length; i += 1) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      const first = text.charAt(start);
      joined += (joined.length === 0 ? first.toLowerCase() : first.toUpperCase()) + text.slice(start + 1, i);
      start = -1;
    }
  }
  if (joined.length === 0) return "resource";
  const lead = joined.charCodeAt(0);
  return lead >= 48 && lead <= 57 ? `n${joined}` : joined;
}

/** Gives names to variables, each distinct from the others and from the names in `taken`. */
export class NameAllocator {
  readonly #taken: Set<string>;
  /** The camel case of roles and namespaces, which many variables share. */
  readonly #shared = new Map<string, string>();
  /** For a last candidate, the number to try next: the ones below it are taken, and stay taken. */
  readonly #next = new Map<string, number>();

  constructor(taken: Iterable<string>) {
    this.#taken = new Set([...RESERVED, ...taken]);
  }

  /** Names `handle` (once) and returns its name. */
  name(handle: VarHandle): string {
    if (handle.name !== undefined) return handle.name;
    // Flat: it is looked up in the set of names taken, which then keeps it.
    const base = flat(camelCase(handle.hint));
    // Most names are free as they are: the other candidates are made only when it is taken.
    let chosen: string | undefined = this.#taken.has(base) ? undefined : base;
    if (chosen === undefined) {
      const role = this.#camel(handle.role);
      const suffix = role.charAt(0).toUpperCase() + role.slice(1);
      let last = `${base}${suffix}`;
      if (!this.#taken.has(last)) chosen = last;
      else if (handle.namespace !== undefined) {
        const ns = this.#camel(handle.namespace);
        last = `${base}${ns.charAt(0).toUpperCase()}${ns.slice(1)}${suffix}`;
        if (!this.#taken.has(last)) chosen = last;
      }
      if (chosen === undefined) {
        let n = this.#next.get(last) ?? 2;
        while (this.#taken.has(`${last}${n}`)) n += 1;
        chosen = `${last}${n}`;
        this.#next.set(last, n + 1);
      }
    }
    this.#taken.add(chosen);
    handle.name = chosen;
    return chosen;
  }

  #camel(text: string): string {
    let camel = this.#shared.get(text);
    if (camel === undefined) {
      camel = camelCase(text);
      this.#shared.set(text, camel);
    }
    return camel;
  }
}
