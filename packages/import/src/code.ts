/**
 * The config as data before it is text: each statement of the `defineMesh` callback is an
 * expression tree ({@link Expr}). The same tree is printed as TypeScript ({@link printExpr}) and
 * run against the DSL (`replay.ts`), so what the round trip checks is what the file says.
 */

/** A plain JSON value, written as a literal. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** An expression of the written config. */
export type Expr =
  /** A literal value: JSON data, written as a TypeScript literal. */
  | { readonly t: "value"; readonly v: Json }
  /** A name in scope: a variable of the callback, `mesh`, or an imported function. */
  | { readonly t: "ref"; readonly name: string }
  /** `callee(args)`, or `callee.method(args)` when `method` is set. */
  | { readonly t: "call"; readonly callee: Expr; readonly method?: string; readonly args: readonly Expr[] }
  /** `object.key`. */
  | { readonly t: "member"; readonly object: Expr; readonly key: string }
  /** An object literal whose values are expressions. */
  | { readonly t: "object"; readonly entries: readonly (readonly [string, Expr])[] }
  /** An array literal whose items are expressions. */
  | { readonly t: "array"; readonly items: readonly Expr[] }
  /** `(param) => body`, for rule callbacks. */
  | { readonly t: "arrow"; readonly param: string; readonly body: Expr }
  /** A variable of the callback, named once every statement is known. */
  | { readonly t: "var"; readonly handle: VarHandle }
  /** An expression known once every statement is in (the ports a Service is used with). */
  | { readonly t: "lazy"; readonly get: () => Expr };

/** A variable of the written config; `name` is given when the statements are laid out. */
export interface VarHandle {
  /** What the name is made from: the resource's name. */
  readonly hint: string;
  /** What to add when the hint's name is taken: the kind, e.g. `gateway`. */
  readonly role: string;
  /** The namespace it lives in, the last resort of disambiguation. */
  readonly namespace: string | undefined;
  name?: string;
}

/** An expression decided when the config is written. */
export const lazy = (get: () => Expr): Expr => ({ t: "lazy", get });

/** A use of a variable. */
export const use = (handle: VarHandle): Expr => ({ t: "var", handle });

/** A literal value. */
export const value = (v: Json): Expr => ({ t: "value", v });
/** A name in scope. */
export const ref = (name: string): Expr => ({ t: "ref", name });
/** A method call `on.method(...args)`. */
export const method = (on: Expr, name: string, ...args: Expr[]): Expr => ({ t: "call", callee: on, method: name, args });
/** A call of a function in scope. */
export const call = (name: string, ...args: Expr[]): Expr => ({ t: "call", callee: ref(name), args });
/** A property read. */
export const member = (object: Expr, key: string): Expr => ({ t: "member", object, key });
/** An object literal; entries whose value is `undefined` are left out. */
export function object(entries: Readonly<Record<string, Expr | undefined>>): Expr {
  const kept: (readonly [string, Expr])[] = [];
  for (const key in entries) {
    const entry = entries[key];
    if (entry !== undefined) kept.push([key, entry]);
  }
  return { t: "object", entries: kept };
}
/** An array literal. */
export const array = (items: readonly Expr[]): Expr => ({ t: "array", items });
/** An arrow function of one parameter. */
export const arrow = (param: string, body: Expr): Expr => ({ t: "arrow", param, body });

/** The widest line the printer aims for. */
export const LINE_WIDTH = 120;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written: bare when it is an identifier, quoted otherwise. */
export function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = IDENTIFIER.test(key) ? key : JSON.stringify(key);
    if (keyTexts.size < 100_000) keyTexts.set(key, text);
  }
  return text;
}

const keyTexts = new Map<string, string>();

/**
 * The expression as TypeScript, laid out to start at `column` on a line indented by `indent`: on one line
 * when it fits in {@link LINE_WIDTH}, otherwise objects and arrays one entry a line and method
 * chains one call a line, two spaces deeper each level. The layout depends only on the tree, so
 * the same tree always gives the same text.
 */
export function printExpr(given: Expr, indent = 0, column = indent): string {
  const expr = resolved(given);
  const flat = flatText(expr);
  if (column + flat.length + 1 <= LINE_WIDTH && !flat.includes("\n")) return flat;
  return brokenText(expr, indent);
}

// --- internal ---

/** The expression with a lazy one decided. */
export function resolved<E extends Expr | undefined>(expr: E): E {
  if (expr === undefined || expr.t !== "lazy") return expr;
  let e = lazyCache.get(expr);
  if (e === undefined) {
    e = expr.get();
    while (e.t === "lazy") e = e.get();
    lazyCache.set(expr, e);
  }
  return e as E;
}

/** Each lazy expression's value: decided once, when the config is written (every statement is in by then). */
const lazyCache = new Map<Expr, Expr>();

/** The arguments of a call, without optional ones that turned out absent (`null`). */
function present(args: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  for (const given of args) {
    const a = resolved(given);
    if (!(a.t === "value" && a.v === null)) out.push(a);
  }
  return out;
}

function nameOf(handle: VarHandle): string {
  if (handle.name === undefined) throw new Error(`variable for ${handle.role} ${handle.hint} was never named`);
  return handle.name;
}

const flatCache = new Map<Expr, string>();

/** The shortest one-line text {@link flatText} remembers. */
const REMEMBERED_LENGTH = 40;

/**
 * Forgets what the printer and lazy expressions remembered. Plain maps, not weak ones: with
 * hundreds of thousands of nodes a weak map costs the garbage collector more than the work it
 * saves; the caller clears them once a config is written and run.
 */
export function clearCaches(): void {
  flatCache.clear();
  lazyCache.clear();
}

/** The expression on one line (remembered: the layout asks for each subtree's width more than once). */
function flatText(expr: Expr): string {
  if (expr.t === "ref") return expr.name;
  if (expr.t === "var") return nameOf(expr.handle);
  if (expr.t === "value" && (expr.v === null || typeof expr.v !== "object")) return JSON.stringify(expr.v);
  let text = flatCache.get(expr);
  if (text === undefined) {
    text = flatTextOf(expr);
    // A short text is cheaper to build again than to remember: its subtree is as small as it is.
    if (text.length >= REMEMBERED_LENGTH) flatCache.set(expr, text);
  }
  return text;
}

function flatTextOf(expr: Expr): string {
  switch (expr.t) {
    case "lazy":
      return flatText(resolved(expr));
    case "value":
      return jsonFlat(expr.v);
    case "ref":
      return expr.name;
    case "var":
      return nameOf(expr.handle);
    case "member":
      return `${flatText(expr.object)}.${expr.key}`;
    case "call": {
      const callee = flatText(expr.callee);
      let text = expr.method === undefined ? `${callee}(` : `${callee}.${expr.method}(`;
      let first = true;
      for (const given of expr.args) {
        const arg = resolved(given);
        if (arg.t === "value" && arg.v === null) continue;
        text += first ? flatText(arg) : `, ${flatText(arg)}`;
        first = false;
      }
      return `${text})`;
    }
    case "object": {
      if (expr.entries.length === 0) return "{}";
      let text = "{ ";
      for (let i = 0; i < expr.entries.length; i += 1) {
        const [k, v] = expr.entries[i]!;
        text += i === 0 ? `${keyText(k)}: ${flatText(v)}` : `, ${keyText(k)}: ${flatText(v)}`;
      }
      return `${text} }`;
    }
    case "array": {
      let text = "[";
      for (let i = 0; i < expr.items.length; i += 1) text += i === 0 ? flatText(expr.items[i]!) : `, ${flatText(expr.items[i]!)}`;
      return `${text}]`;
    }
    case "arrow":
      return `(${expr.param}) => ${flatText(expr.body)}`;
  }
}

function jsonFlat(v: Json): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${(v as readonly Json[]).map(jsonFlat).join(", ")}]`;
  const entries = Object.entries(v as Record<string, Json>);
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, x]) => `${keyText(k)}: ${jsonFlat(x)}`).join(", ")} }`;
}

function asExpr(v: Json): Expr {
  if (v === null || typeof v !== "object") return value(v);
  if (Array.isArray(v)) return array((v as readonly Json[]).map(asExpr));
  return { t: "object", entries: Object.entries(v as Record<string, Json>).map(([k, x]) => [k, asExpr(x)] as const) };
}

function pad(n: number): string {
  return " ".repeat(n);
}

function brokenText(expr: Expr, indent: number): string {
  switch (expr.t) {
    case "lazy":
      return printExpr(expr.get(), indent);
    case "value":
      return expr.v !== null && typeof expr.v === "object" ? brokenText(asExpr(expr.v), indent) : jsonFlat(expr.v);
    case "ref":
      return expr.name;
    case "var":
      return nameOf(expr.handle);
    case "member":
      return `${printExpr(expr.object, indent)}.${expr.key}`;
    case "object": {
      if (expr.entries.length === 0) return "{}";
      const inner = indent + 2;
      const lines = expr.entries.map(([k, v]) => `${pad(inner)}${keyText(k)}: ${printExpr(v, inner, inner + keyText(k).length + 2)},`);
      return `{\n${lines.join("\n")}\n${pad(indent)}}`;
    }
    case "array": {
      if (expr.items.length === 0) return "[]";
      const inner = indent + 2;
      return `[\n${expr.items.map((item) => `${pad(inner)}${printExpr(item, inner)},`).join("\n")}\n${pad(indent)}]`;
    }
    case "arrow":
      return `(${expr.param}) =>\n${pad(indent + 2)}${printExpr(expr.body, indent + 2)}`;
    case "call":
      return brokenCall(expr, indent);
  }
}

/** A call that does not fit: a chain of method calls one a line, else its arguments broken. */
function brokenCall(expr: Extract<Expr, { t: "call" }>, indent: number): string {
  const chain: Extract<Expr, { t: "call" }>[] = [];
  let base: Expr = expr;
  while (base.t === "call" && base.method !== undefined) {
    chain.unshift(base);
    base = base.callee;
  }
  if (chain.length >= 2) {
    const head = printExpr(base, indent);
    const inner = indent + 2;
    const links = chain.map((link) => `\n${pad(inner)}.${link.method}(${argsText(present(link.args), inner, inner + link.method!.length + 2)})`);
    return head + links.join("");
  }
  const callee = flatText(expr.callee);
  const head = expr.method === undefined ? callee : `${callee}.${expr.method}`;
  return `${head}(${argsText(present(expr.args), indent, indent + head.length + 1)})`;
}

/** Arguments: on the call's line when they fit, the last one broken when only it is long, else one a line. */
function argsText(args: readonly Expr[], indent: number, column: number): string {
  const flat = args.map(flatText).join(", ");
  if (column + flat.length + 1 <= LINE_WIDTH) return flat;
  const leading = args.slice(0, -1).map(flatText);
  const last = resolved(args.at(-1));
  if (last !== undefined && (last.t === "object" || last.t === "array" || last.t === "arrow" || (last.t === "value" && typeof last.v === "object" && last.v !== null)) && leading.every((a) => !a.includes("\n"))) {
    const prefix = leading.map((a) => `${a}, `).join("");
    if (column + prefix.length <= LINE_WIDTH) return prefix + brokenText(last, indent);
  }
  const inner = indent + 2;
  return `\n${args.map((a) => `${pad(inner)}${printExpr(a, inner)},`).join("\n")}\n${pad(indent)}`;
}
