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
  /** An expression known once every statement is in (the ports a Service is used with); `decided` holds it once asked for. */
  | { readonly t: "lazy"; readonly get: () => Expr; decided?: Expr };

/** A variable of the written config; `name` is given when the statements are laid out. */
export interface VarHandle {
  /** What the name is made from: the resource's name. */
  readonly hint: string;
  /** What to add when the hint's name is taken: the kind, e.g. `gateway`. */
  readonly role: string;
  /** The namespace it lives in, the last resort of disambiguation. */
  readonly namespace: string | undefined;
  /** Its position among the plan's variables (from 0): what the layout and the replay find it by. */
  readonly id: number;
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
 *
 * Whether a subtree fits is measured, not printed: its one-line text is built only where it is
 * written, so a statement's text is made once however deep its layout goes.
 */
export function printExpr(given: Expr, indent = 0, column = indent): string {
  const expr = resolved(given);
  return fits(expr, column) ? flatText(expr) : brokenText(expr, indent);
}

/** The expression with a lazy one decided (once: the first answer is kept on the node). */
export function resolved<E extends Expr | undefined>(expr: E): E {
  if (expr === undefined || expr.t !== "lazy") return expr;
  let e = expr.decided;
  if (e === undefined) {
    e = expr.get();
    while (e.t === "lazy") e = e.get();
    expr.decided = e;
  }
  return e as E;
}

// --- internal ---

/** Whether the expression, on one line from `column`, ends (with the `,` or `;` after it) within {@link LINE_WIDTH}. */
function fits(expr: Expr, column: number): boolean {
  const room = LINE_WIDTH - 1 - column;
  return room >= 0 && flatWidth(expr, room) <= room;
}

/** Whether arguments that start at `column` fit on the call's line. */
function argsFit(args: readonly Expr[], column: number): boolean {
  const room = LINE_WIDTH - 1 - column;
  if (room < 0) return false;
  let width = 0;
  for (let i = 0; i < args.length && width <= room; i += 1) width += (i === 0 ? 0 : 2) + flatWidth(args[i]!, room - width);
  return width <= room;
}

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

/**
 * The length of the expression's one-line text ({@link flatText}), measured without making it:
 * once it passes `room` the measure stops, and any number above `room` is returned.
 */
function flatWidth(given: Expr, room: number): number {
  const expr = resolved(given);
  switch (expr.t) {
    case "value":
      return jsonWidth(expr.v, room);
    case "ref":
      return expr.name.length;
    case "var":
      return nameOf(expr.handle).length;
    case "member":
      return flatWidth(expr.object, room - expr.key.length - 1) + 1 + expr.key.length;
    case "call": {
      let width = flatWidth(expr.callee, room) + (expr.method === undefined ? 1 : expr.method.length + 2);
      let first = true;
      for (let i = 0; i < expr.args.length && width <= room; i += 1) {
        const arg = resolved(expr.args[i]!);
        if (arg.t === "value" && arg.v === null) continue;
        width += (first ? 0 : 2) + flatWidth(arg, room - width);
        first = false;
      }
      return width + 1;
    }
    case "object": {
      if (expr.entries.length === 0) return 2;
      let width = 2;
      for (let i = 0; i < expr.entries.length && width <= room; i += 1) {
        const [k, v] = expr.entries[i]!;
        width += (i === 0 ? 0 : 2) + keyText(k).length + 2;
        width += flatWidth(v, room - width);
      }
      return width + 2;
    }
    case "array": {
      let width = 1;
      for (let i = 0; i < expr.items.length && width <= room; i += 1) width += (i === 0 ? 0 : 2) + flatWidth(expr.items[i]!, room - width);
      return width + 1;
    }
    case "arrow":
      return expr.param.length + 6 + flatWidth(expr.body, room - expr.param.length - 6);
    case "lazy":
      return flatWidth(resolved(expr), room);
  }
}

/** What a string needs escaped in JSON: quotes, backslashes, control characters, surrogates. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The length of `JSON.stringify(v)` as {@link jsonFlat} writes it, measured as {@link flatWidth} measures. */
function jsonWidth(v: Json, room: number): number {
  if (typeof v === "string") return ESCAPED.test(v) ? JSON.stringify(v).length : v.length + 2;
  if (typeof v === "number") return numberWidth(v);
  if (v === null || typeof v !== "object") return String(JSON.stringify(v)).length;
  if (Array.isArray(v)) {
    const items = v as readonly Json[];
    let width = 1;
    // An item that is no JSON (`undefined`) is written as nothing, as `Array.prototype.join` writes it.
    for (let i = 0; i < items.length && width <= room; i += 1) width += (i === 0 ? 0 : 2) + (items[i] === undefined ? 0 : jsonWidth(items[i]!, room - width));
    return width + 1;
  }
  let width = 2;
  let first = true;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    if (width > room) return width;
    width += (first ? 0 : 2) + keyText(k).length + 2;
    width += jsonWidth((v as Record<string, Json>)[k]!, room - width);
    first = false;
  }
  return first ? 2 : width + 2;
}

/** The length of a number as JSON writes it, counted without writing it when it is a plain integer. */
function numberWidth(n: number): number {
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21) return String(JSON.stringify(n)).length;
  let digits = 1;
  for (let x = Math.abs(n); digits < 21 && x >= 10 ** digits; ) digits += 1;
  return n < 0 ? digits + 1 : digits;
}

/** The expression on one line. */
function flatText(given: Expr): string {
  const expr = resolved(given);
  switch (expr.t) {
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
    case "lazy":
      return flatText(resolved(expr));
  }
}

function jsonFlat(v: Json): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) {
    let text = "[";
    for (let i = 0; i < v.length; i += 1) {
      const item = v[i] === undefined ? "" : jsonFlat(v[i]!);
      text += i === 0 ? item : `, ${item}`;
    }
    return `${text}]`;
  }
  let text = "";
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    text += text === "" ? `{ ${keyText(k)}: ${jsonFlat((v as Record<string, Json>)[k]!)}` : `, ${keyText(k)}: ${jsonFlat((v as Record<string, Json>)[k]!)}`;
  }
  return text === "" ? "{}" : `${text} }`;
}

function asExpr(v: Json): Expr {
  if (v === null || typeof v !== "object") return value(v);
  if (Array.isArray(v)) return array((v as readonly Json[]).map(asExpr));
  return { t: "object", entries: Object.entries(v as Record<string, Json>).map(([k, x]) => [k, asExpr(x)] as const) };
}

/** Indents of up to 40 spaces, made once. */
const PADS = Array.from({ length: 41 }, (_, n) => " ".repeat(n));

function pad(n: number): string {
  return PADS[n] ?? " ".repeat(n);
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
      let text = "{";
      for (const [k, v] of expr.entries) {
        const key = keyText(k);
        text += `\n${pad(inner)}${key}: ${printExpr(v, inner, inner + key.length + 2)},`;
      }
      return `${text}\n${pad(indent)}}`;
    }
    case "array": {
      if (expr.items.length === 0) return "[]";
      const inner = indent + 2;
      let text = "[";
      for (const item of expr.items) text += `\n${pad(inner)}${printExpr(item, inner)},`;
      return `${text}\n${pad(indent)}]`;
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
    chain.push(base);
    base = base.callee;
  }
  if (chain.length >= 2) {
    const inner = indent + 2;
    let text = printExpr(base, indent);
    for (let i = chain.length - 1; i >= 0; i -= 1) {
      const link = chain[i]!;
      text += `\n${pad(inner)}.${link.method}(${argsText(present(link.args), inner, inner + link.method!.length + 2)})`;
    }
    return text;
  }
  const callee = flatText(expr.callee);
  const head = expr.method === undefined ? callee : `${callee}.${expr.method}`;
  return `${head}(${argsText(present(expr.args), indent, indent + head.length + 1)})`;
}

/** Arguments: on the call's line when they fit, the last one broken when only it is long, else one a line. */
function argsText(args: readonly Expr[], indent: number, column: number): string {
  if (argsFit(args, column)) return flatArgs(args, args.length);
  const last = resolved(args.at(-1));
  if (last !== undefined && (last.t === "object" || last.t === "array" || last.t === "arrow" || (last.t === "value" && typeof last.v === "object" && last.v !== null))) {
    // The arguments before the last, each followed by `, `, on the call's line.
    const room = LINE_WIDTH - column;
    let width = 0;
    for (let i = 0; i < args.length - 1 && width <= room; i += 1) width += flatWidth(args[i]!, room - width) + 2;
    if (width <= room) return (args.length > 1 ? `${flatArgs(args, args.length - 1)}, ` : "") + brokenText(last, indent);
  }
  const inner = indent + 2;
  if (args.length === 0) return `\n\n${pad(indent)}`;
  let text = "";
  for (const a of args) text += `\n${pad(inner)}${printExpr(a, inner)},`;
  return `${text}\n${pad(indent)}`;
}

/** The first `count` arguments on one line. */
function flatArgs(args: readonly Expr[], count: number): string {
  let text = "";
  for (let i = 0; i < count; i += 1) text += i === 0 ? flatText(args[i]!) : `, ${flatText(args[i]!)}`;
  return text;
}
