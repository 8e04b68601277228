/**
 * Runs the statements of a planned config against the DSL, in-process, as loading the written
 * file would: the same calls with the same arguments, so compiling the result shows what the
 * file generates without writing it or starting TypeScript.
 */
import * as dsl from "@meshform/dsl";
import { defineMesh, withoutCallSites, type MeshDefinition, type MeshOptions } from "@meshform/dsl";
import { resolved, type Expr, type VarHandle } from "./code.js";
import type { FactoryImport } from "./plan.js";

/** One statement to run: its expression, and the variable it binds. */
export interface ReplayStatement {
  readonly expr: Expr;
  readonly bind?: VarHandle;
}

type Fn = (...args: unknown[]) => unknown;

/** The helpers of `@meshform/dsl` a config may call. */
const HELPERS: Readonly<Record<string, Fn>> = {
  claim: dsl.claim as Fn,
  header: dsl.header as Fn,
  attribute: dsl.attribute as Fn,
  fromNamespaces: dsl.fromNamespaces as Fn,
  fromPrincipals: dsl.fromPrincipals as Fn,
  requestPrincipal: dsl.requestPrincipal as Fn,
};

/**
 * Defines the mesh the statements build. `factories` are the generated kinds' factories the
 * config imports, by the variable their import binds; `variables` is how many variables the plan
 * has (their ids are below it).
 *
 * The calls record no call sites (`withoutCallSites`): they would be this interpreter's frames,
 * not lines of the written text, and the import reports every finding at the input's own lines.
 * So the definition's drafts all carry the placeholder location `{ file: "<unknown>" }`.
 */
export function replay(options: MeshOptions, statements: readonly ReplayStatement[], factories: ReadonlyMap<VarHandle, FactoryImport>, variables: number): MeshDefinition {
  return withoutCallSites(() => defineMesh(options, (mesh) => {
    const vars: Vars = { values: new Array<unknown>(variables).fill(undefined), declared: new Uint8Array(variables) };
    const declare = (handle: VarHandle, value: unknown): void => {
      vars.values[handle.id] = value;
      vars.declared[handle.id] = 1;
    };
    // A raw resource is copied: the DSL takes it as given, and the input is compared with what it generates.
    for (const [handle, factory] of factories) declare(handle, (body: object) => ({ apiVersion: factory.apiVersion, kind: factory.kind, ...structuredClone(body) }));
    const scope: Scope = { mesh, vars, params: new Map() };
    for (const statement of statements) {
      const result = evaluate(statement.expr, scope);
      if (statement.bind !== undefined) declare(statement.bind, result);
    }
  }));
}

// --- internal ---

/** The variables' values so far, by id, and which are declared. */
interface Vars {
  readonly values: unknown[];
  readonly declared: Uint8Array;
}

interface Scope {
  readonly mesh: unknown;
  readonly vars: Vars;
  readonly params: ReadonlyMap<string, unknown>;
}

function evaluate(given: Expr, scope: Scope): unknown {
  const expr = resolved(given);
  switch (expr.t) {
    case "lazy":
      return evaluate(expr.get(), scope);
    case "value":
      return expr.v;
    case "ref": {
      if (scope.params.has(expr.name)) return scope.params.get(expr.name);
      if (expr.name === "mesh") return scope.mesh;
      const helper = HELPERS[expr.name];
      if (helper === undefined) throw new Error(`the config refers to ${expr.name}, which nothing defines`);
      return helper;
    }
    case "var":
      if (scope.vars.declared[expr.handle.id] !== 1) throw new Error(`the config uses ${expr.handle.role} ${expr.handle.hint} before declaring it`);
      return scope.vars.values[expr.handle.id];
    case "member":
      return (evaluate(expr.object, scope) as Record<string, unknown>)[expr.key];
    // Indexed loops: these run for every node of every statement, and an iterator's steps cost
    // an object each until the loop is optimised.
    case "object": {
      const out: Record<string, unknown> = {};
      const entries = expr.entries;
      for (let i = 0; i < entries.length; i += 1) defineEntry(out, entries[i]![0], evaluate(entries[i]![1], scope));
      return out;
    }
    case "array": {
      const items = expr.items;
      const out: unknown[] = [];
      for (let i = 0; i < items.length; i += 1) out.push(evaluate(items[i]!, scope));
      return out;
    }
    case "arrow":
      return (arg: unknown) => evaluate(expr.body, { ...scope, params: new Map([...scope.params, [expr.param, arg]]) });
    case "call": {
      const args: unknown[] = [];
      for (let i = 0; i < expr.args.length; i += 1) {
        const a = resolved(expr.args[i]!);
        if (!(a.t === "value" && a.v === null)) args.push(evaluate(a, scope));
      }
      if (expr.method === undefined) return Reflect.apply(evaluate(expr.callee, scope) as Fn, undefined, args);
      const target = evaluate(expr.callee, scope) as Record<string, Fn>;
      return Reflect.apply(target[expr.method]!, target, args);
    }
  }
}

/** Sets `key` as `Object.fromEntries` would: an own data property, even for `__proto__`. */
function defineEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** The arguments of a call, without the optional ones that turned out absent (`null`). */
export function presentArgs(args: readonly Expr[]): Expr[] {
  return args.map((a) => resolved(a)).filter((a) => !(a.t === "value" && a.v === null));
}
