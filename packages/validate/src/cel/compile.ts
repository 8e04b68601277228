/**
 * Compiling a rule: parse (or take the parse stored for a shipped rule, see `parsed.ts`), undo
 * the Kubernetes escaping of property names, find what the environment cannot evaluate, and plan.
 * Each rule text is compiled once per process, and a rule that reads only scalar fields of `self`
 * remembers its results (see `memo.ts`).
 */
import type { CelResult, parse } from "@bufbuild/cel";
import { directProgramOf, type DirectProgram } from "./direct.js";
import { celEnvironment, hasFunction } from "./env.js";
import type { CallValue, ExprNode, SelectValue } from "./expr.js";
import { memoize, selfReadsOf, type SelfRead } from "./memo.js";
import { storedParseOf } from "./parsed.js";
import { celRuntime } from "./runtime.js";

/** A compiled rule or message expression: call it with the value of `self`. */
export type CelProgram = (self: unknown) => CelResult;

/**
 * What compiling a rule gave: a program, a transition rule (it reads `oldSelf`), or a gap. A
 * program may also have a `direct` form, which decides on plain JSON values whether the rule
 * holds, or leaves it to `run` (see `direct.ts`), and the `reads` of `self` its result depends
 * on, when they are all it depends on (see `memo.ts`).
 */
export type CompiledRule =
  | { readonly kind: "program"; readonly run: CelProgram; readonly direct?: DirectProgram; readonly reads?: readonly SelfRead[] }
  | { readonly kind: "transition" }
  | { readonly kind: "gap"; readonly reason: string };

const cache = new Map<string, CompiledRule>();

/** Compiles `text` (cached by the text itself). Never throws: a rule that cannot run is a gap. */
export function compileRule(text: string): CompiledRule {
  let compiled = cache.get(text);
  if (compiled === undefined) {
    compiled = compileUncached(text);
    cache.set(text, compiled);
  }
  return compiled;
}

/** The number of distinct rule texts compiled so far in this process. */
export function compiledRuleCount(): number {
  return cache.size;
}

/**
 * Undoes the escaping Kubernetes applies to property names in CEL: `__namespace__` is
 * `namespace` (a CEL reserved word), `__dot__` is `.`, `__dash__` is `-`, `__slash__` is `/`,
 * `__underscores__` is `__`.
 */
export function unescapePropertyName(name: string): string {
  const keyword = /^__(true|false|null|in|as|break|const|continue|else|for|function|if|import|let|loop|package|namespace|return|var|void|while)__$/.exec(name);
  if (keyword) return keyword[1]!;
  return name.replace(/__(underscores|dot|dash|slash)__/g, (_, word: string) => ({ underscores: "__", dot: ".", dash: "-", slash: "/" })[word] ?? word);
}

// --- internal ---

/**
 * The functions a parsed expression calls that the environment lacks (loading the evaluator).
 * A stored parse is of a shipped rule, which the package's tests check this way, so compiling it
 * does not: a resource whose rules all hold on the direct path then never loads the evaluator.
 *
 * @internal
 */
export function missingFunctionsOf(expr: unknown): string[] {
  const found = { transition: false, missing: new Set<string>(), checkFunctions: true };
  visit(structuredClone(expr), found);
  return [...found.missing];
}

function compileUncached(text: string): CompiledRule {
  let parsed: ReturnType<typeof parse>;
  const stored = storedParseOf(text) as ReturnType<typeof parse> | undefined;
  try {
    parsed = stored ?? celRuntime().parse(text);
  } catch (error) {
    return { kind: "gap", reason: `does not compile: ${firstLine(error)}` };
  }
  const found = { transition: false, missing: new Set<string>(), checkFunctions: stored === undefined };
  visit(parsed.expr, found);
  if (found.transition) return { kind: "transition" };
  if (found.missing.size > 0) return { kind: "gap", reason: `calls ${[...found.missing].join(", ")}, which meshform's CEL environment lacks` };
  try {
    // Planned when first run (a stored parse) or now (a text parsed here, which loaded the evaluator already).
    let program: ((bindings: { self: unknown }) => CelResult) | undefined;
    const planned = (): ((bindings: { self: unknown }) => CelResult) =>
      (program ??= celRuntime().plan(celEnvironment(), parsed) as (bindings: { self: unknown }) => CelResult);
    if (stored === undefined) planned();
    const run: CelProgram = (self) => {
      let evaluate: (bindings: { self: unknown }) => CelResult;
      try {
        evaluate = planned();
      } catch (error) {
        return celRuntime().celError(`does not compile: ${firstLine(error)}`);
      }
      return evaluate({ self: self as never });
    };
    const reads = selfReadsOf(parsed.expr);
    const direct = directProgramOf(parsed.expr);
    return {
      kind: "program",
      run: reads === undefined ? run : memoize(run, reads),
      ...(direct === undefined ? {} : { direct }),
      ...(reads === undefined ? {} : { reads }),
    };
  } catch (error) {
    return { kind: "gap", reason: `does not compile: ${firstLine(error)}` };
  }
}

/** Walks the parsed expression: unescapes selected field names, notes `oldSelf` and unknown functions. */
function visit(node: unknown, found: { transition: boolean; missing: Set<string>; checkFunctions: boolean }): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const child of node) visit(child, found);
    return;
  }
  const { exprKind } = node as ExprNode;
  if (exprKind?.case === "identExpr" && (exprKind.value as { name?: string }).name === "oldSelf") found.transition = true;
  if (exprKind?.case === "selectExpr") {
    const select = exprKind.value as SelectValue;
    if (typeof select.field === "string") select.field = unescapePropertyName(select.field);
  }
  if (exprKind?.case === "callExpr" && found.checkFunctions) checkCall(exprKind.value as CallValue, found.missing);
  for (const [key, child] of Object.entries(node)) if (key !== "$typeName") visit(child, found);
}

function checkCall(call: CallValue, missing: Set<string>): void {
  const name = call.function;
  if (/^[_@!-]/.test(name) || hasFunction(name)) return;
  const target = call.target?.exprKind;
  if (target?.case === "identExpr" && hasFunction(`${String((target.value as { name?: string }).name)}.${name}`)) return;
  missing.add(name);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
