/**
 * The one entry every public builder method passes through. It refuses a call once the mesh is
 * sealed, parses the call's arguments at run time (zod: names by the Kubernetes rule for what they
 * name, options as strict objects, references as values a builder returned), and on a mistake
 * records issues at the call's line of mesh.config.ts and skips the call's effect. A config
 * written in JavaScript, or with a cast, gets the errors the compiler would have given.
 */
import type { Issue } from "@meshform/diagnostics";
import { compiledSchema } from "@meshform/kind-runtime";
import { z } from "zod";
import type { BuilderContext } from "./draft-store.js";
import type { BuilderIssueCode } from "./model.js";
import { NAME_RULES, type NameRuleId } from "./names.js";
import { beginBuilderCall, CallerFrames, captureOrigin, DEEPEST, endBuilderCall, wantsCallerFrames, type LocatedMethod } from "./origin.js";
import { isSealed, sealedError } from "./seal.js";

// --- references: values a builder returned ---

/** Returns the object it is constructed with, so that a subclass's private field lands on that object. */
class Stamp {
  constructor(target: object) {
    return target as Stamp;
  }
}

/**
 * The mark of a value a builder returned: the only values a reference argument accepts. A private
 * field, put on the value itself: no copy, spread or look-alike object carries it, and unlike a
 * weak set it costs the garbage collector nothing per value (a config returns tens of thousands).
 */
class Issued extends Stamp {
  readonly #issued = true;

  static add(value: object): void {
    if (!Issued.has(value)) new Issued(value);
  }

  static has(value: object): boolean {
    return #issued in value;
  }
}

/** Stand-ins returned by a call that was refused: already reported, and accepted nowhere. */
const refused = new WeakSet<object>();

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** Registers what a builder returned (and the references it carries) as references. */
function registerIssued(value: unknown): void {
  if (!isObject(value) || refused.has(value)) return;
  Issued.add(value);
  if (Array.isArray(value)) {
    for (const item of value) registerNested(item);
    return;
  }
  // Its own enumerable properties, as Object.values lists them, without the list.
  for (const key in value) if (Object.hasOwn(value, key)) registerNested((value as Record<string, unknown>)[key]);
}

/** Registers a reference a returned value carries: one held directly, or in a list. */
function registerNested(item: unknown): void {
  if (isObject(item) && !Issued.has(item) && ("draftKey" in item || "refType" in item)) registerIssued(item);
  else if (Array.isArray(item)) for (const element of item) if (isObject(element) && "draftKey" in element) Issued.add(element);
}

/** What a reference argument can be. */
export type ReferenceKind = "service" | "gateway" | "istioGateway" | "subset" | "waypoint" | "workload" | "namespace" | "route" | "patchable" | "jwtIssuer";

/**
 * Marks a reference a builder hands out other than as its return value (a subset a
 * DestinationRule builder adds to its `subsets`), so that reference arguments accept it.
 */
export function issueReference<T extends object>(value: T): T {
  registerIssued(value);
  return value;
}

function isKind(value: object, kind: ReferenceKind): boolean {
  const ref = value as { refType?: unknown; waypoint?: unknown; draftKey?: { kind?: unknown }; kind?: unknown; issuer?: unknown };
  switch (kind) {
    case "service":
      return ref.refType === "service";
    case "gateway":
      return ref.refType === "gateway";
    case "istioGateway":
      return ref.refType === "istioGateway";
    case "subset":
      return ref.refType === "subset";
    case "waypoint":
      return ref.refType === "gateway" && ref.waypoint === true;
    case "workload":
      return ref.refType === "workload";
    case "namespace":
      return ref.draftKey?.kind === "Namespace";
    case "route":
      return ref.kind === "HTTPRoute" || ref.kind === "GRPCRoute";
    case "patchable":
      return isObject(ref.draftKey);
    case "jwtIssuer":
      return typeof ref.issuer === "string" && isObject(ref.draftKey);
  }
}

/**
 * A reference argument: a value a builder returned, of one of `kinds`. `expected` says what was
 * expected, the way the error reads it: `a service or gateway returned by a builder (...)`.
 */
export function reference<T>(kinds: readonly ReferenceKind[], expected: string): z.ZodType<T, T> {
  return z.custom<T>((value) => isObject(value) && Issued.has(value) && kinds.some((kind) => isKind(value, kind)), { params: { expected, reference: true } });
}

/** A name checked against one of the Kubernetes rules ({@link NAME_RULES}); `what` names it in errors (`Service name`). */
export function name(rule: NameRuleId, what: string): z.ZodType<string, string> {
  const check = NAME_RULES[rule];
  return z.string().refine((value) => check.problem(value) === undefined, { params: { rule, what } });
}

/** A port number, 1 to 65535. */
export const port = z.number().refine((value) => Number.isInteger(value) && value >= 1 && value <= 65535, { params: { rule: "port", what: "port" } }) as z.ZodType<number, number>;

/** Labels or annotations: keys are qualified names, label values follow the label-value rule. */
export function labels(values: "labels" | "annotations"): z.ZodType<Readonly<Record<string, string>>, Readonly<Record<string, string>>> {
  return z.record(name("qualifiedName", `${values === "labels" ? "label" : "annotation"} key`), values === "labels" ? name("labelValue", "label value") : z.string());
}

// --- the guard ---

/** One argument of a method: what errors call it, and its schema. */
export interface ArgumentSpec {
  readonly label: string;
  readonly schema: z.ZodType;
}

/**
 * How a method's calls are checked: its arguments (a rest argument checks each of the rest), and
 * what it returns, so that a refused call returns something harmless: `self` for a method that
 * returns its builder, `value` for one that returns a new builder or reference.
 */
export interface MethodSpec {
  readonly args: readonly ArgumentSpec[];
  readonly rest?: ArgumentSpec;
  readonly returns: "self" | "value";
}

/** The names of `T`'s methods. */
export type MethodName<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

/**
 * A spec for every method of `T` (a method added without one does not compile): a
 * {@link MethodSpec}, or `"inherited"` for a method another class guards, or `"internal"` for a
 * method meshform calls itself.
 */
export type MethodSpecs<T> = { readonly [K in MethodName<T>]: MethodSpec | "inherited" | "internal" };

/**
 * Wraps each method of `target` (a class's prototype) that has a {@link MethodSpec}, so that every
 * call is guarded as {@link guardCall} describes. `context` finds the builder's context from `this`.
 */
export function guardMethods<T extends object>(target: T, context: (self: T) => BuilderContext, specs: MethodSpecs<T>): void {
  for (const [method, spec] of Object.entries(specs) as [string, MethodSpec | string][]) {
    if (typeof spec === "string") continue;
    const original = (target as Record<string, unknown>)[method];
    if (typeof original !== "function") throw new Error(`${method} is not a method`);
    // The guard is inlined here rather than calling guardCall: one stack frame more per call, not
    // three, so the lines builders capture stay within the frames they ask for.
    const located: LocatedMethod = { asksOrigin: false };
    const guarded = function (this: T, ...args: unknown[]): unknown {
      const ctx = context(this);
      if (isSealed(ctx.model)) throw sealedError(callOf(ctx, method, args));
      const problems = checkArguments(spec, args);
      if (problems !== undefined) return refuse(ctx, method, spec, problems, this);
      // Constructed here, so that the frames start at this one: see CallerFrames.
      const previous = beginBuilderCall(located, wantsCallerFrames(located) ? new CallerFrames() : undefined);
      let result: unknown;
      try {
        result = original.apply(this, args);
      } finally {
        endBuilderCall(previous);
      }
      if (spec.returns === "value") registerIssued(result);
      return result;
    };
    Object.defineProperty(guarded, "name", { value: method });
    Object.defineProperty(target, method, { value: guarded, writable: true, configurable: true, enumerable: false });
  }
}

/**
 * One builder call: refused once the mesh is sealed (throws), reported and skipped when an argument
 * is wrong, else run; what it returns is registered as a reference. For the entries that are not
 * prototype methods (`defineMesh`, the `mesh.root` getter); methods get the same steps inline.
 */
export function guardCall(ctx: BuilderContext, method: string, spec: MethodSpec, self: unknown, args: readonly unknown[], run: (args: readonly unknown[]) => unknown): unknown {
  if (isSealed(ctx.model)) throw sealedError(callOf(ctx, method, args));
  const problems = checkArguments(spec, args);
  if (problems !== undefined) return refuse(ctx, method, spec, problems, self);
  // The caller is this package's own code (a getter, defineMesh): a builder call made inside
  // finds its line by reading the stack.
  const previous = beginBuilderCall(undefined);
  let result: unknown;
  try {
    result = run(args);
  } finally {
    endBuilderCall(previous);
  }
  if (spec.returns === "value") registerIssued(result);
  return result;
}

/** Reports a refused call's problems and returns what it returns instead. */
function refuse(ctx: BuilderContext, method: string, spec: MethodSpec, problems: readonly Problem[], self: unknown): unknown {
  if (problems.length > 0) report(ctx, method, spec, problems);
  return spec.returns === "self" ? self : refusedValue();
}

/** `namespace("shop").httpRoute("reviews")`: the builder path and the call, with its name when it has one. */
function callOf(ctx: BuilderContext, method: string, args: readonly unknown[]): string {
  const first = typeof args[0] === "string" ? JSON.stringify(args[0]) : "";
  return `${ctx.path}${ctx.path === "" ? "" : "."}${method}(${first})`;
}

interface Problem {
  /** Whether it is in the call's first argument, which errors need not name. */
  readonly first: boolean;
  readonly label: string;
  readonly value: unknown;
  readonly issue: z.core.$ZodIssue;
}

/** The problems of a call's arguments; `undefined` when it is fine, `[]` when its only problem was reported already. */
function checkArguments(spec: MethodSpec, args: readonly unknown[]): Problem[] | undefined {
  // Plain loops, and labels only for a wrong argument: this runs on every builder call.
  let problems: Problem[] | undefined;
  for (let i = 0; i < spec.args.length; i += 1) {
    const arg = spec.args[i]!;
    const issues = argumentIssues(arg, args[i]);
    if (issues !== undefined) problems = addProblems(problems, issues, args[i], arg.label, i === 0);
  }
  const rest = spec.rest;
  if (rest) {
    for (let i = spec.args.length; i < args.length; i += 1) {
      const issues = argumentIssues(rest, args[i]);
      if (issues !== undefined) problems = addProblems(problems, issues, args[i], `${rest.label}[${i - spec.args.length}]`, false);
    }
  }
  if (problems === undefined) return undefined;
  // A value a refused call returned was reported where it was made: say nothing more of it.
  return problems.filter((p) => !isRefused(valueAt(p.value, p.issue.path)) && !isRefused(p.value));
}

/** The issues of one argument's value; `undefined` when it is fine. */
function argumentIssues(arg: ArgumentSpec, value: unknown): z.core.$ZodIssue[] | undefined {
  try {
    // zod's compiled fast path (made once per schema and kept by compiledSchema), several times as
    // fast on the path every builder call takes; a value it rejects is parsed again by the runtime
    // parser, so the issues are the same. validate() answers without building the parsed copy
    // safeParse returns; only a wrong value is parsed, for its issues.
    const schema = compiledSchema(arg.schema as z.ZodType<unknown, unknown>);
    if (schema.validate(value)) return undefined;
    const result = schema.safeParse(value);
    return result.success ? undefined : flatten(result.error.issues, value);
  } catch (error) {
    // A value zod cannot even read (a getter that throws, a revoked proxy) is a mistake too.
    return [{ code: "custom", path: [], input: undefined, message: `could not be read (${error instanceof Error ? error.message : String(error)})` }];
  }
}

function addProblems(problems: Problem[] | undefined, issues: readonly z.core.$ZodIssue[], value: unknown, label: string, first: boolean): Problem[] {
  const all = problems ?? [];
  for (const issue of issues) all.push({ first, label, value, issue });
  return all;
}

/** The issues of the union branch closest to `value`, in place of zod's one "invalid_union". */
function flatten(issues: readonly z.core.$ZodIssue[], root: unknown): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
    const value = valueAt(root, issue.path);
    const rank = (branch: readonly z.core.$ZodIssue[]) => (branch.some((i) => i.path.length === 0 && i.code === "invalid_type") ? 1000 : 0) + branch.length;
    const closest = [...issue.errors].sort((a, b) => rank(a) - rank(b))[0]!;
    if (rank(closest) >= 1000) return [issue];
    return flatten(closest.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue), root).filter(() => value !== undefined);
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  try {
    for (const key of path) {
      if (!isObject(value)) return undefined;
      value = (value as Record<PropertyKey, unknown>)[key];
    }
  } catch {
    return undefined;
  }
  return value;
}

function isRefused(value: unknown): boolean {
  return isObject(value) && refused.has(value);
}

// --- what a refused call returns ---

/**
 * What a refused call returns in place of a builder or reference: every method and property
 * gives it back, so the config runs on without a crash, and no builder accepts it.
 */
function refusedValue(): unknown {
  const stand = function refused() {};
  const proxy: object = new Proxy(stand, {
    get(_target, key) {
      if (key === "then") return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive || key === "toString" || key === "toJSON") return () => "<refused>";
      return proxy;
    },
    apply: () => proxy,
    has: () => true,
  });
  refused.add(proxy);
  return proxy;
}

// --- the issues ---

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `the ${typeof value} ${String(value)}`;
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null ? "a plain object" : `an object of class ${(value as { constructor?: { name?: string } }).constructor?.name ?? "unknown"}`;
}

/** `options.listeners.http.port`, `options.ports[0]`. */
function subjectOf(label: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${text}.${String(key)}` : `${text}[${JSON.stringify(String(key))}]`), label);
}

function expectedType(issue: z.core.$ZodIssueInvalidType): string {
  switch (issue.expected) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "int":
      return "an integer";
    case "boolean":
      return "true or false";
    case "array":
      return "an array";
    case "object":
      return "an object";
    case "record":
      return "an object";
    case "function":
      return "a function";
    default:
      return String(issue.expected);
  }
}

/** The closest of `known` to `key` (edit distance at most a third of its length, and at least 2). */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The keys a strict object schema at `path` knows, for suggestions. */
function knownKeys(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const key of path) node = childSchema(node, key);
  const shape = unwrap(node) as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined;
  return Object.keys(shape?._zod?.def?.shape ?? {});
}

function unwrap(node: unknown): unknown {
  let current = node as { _zod?: { def?: { innerType?: unknown; getter?: () => unknown; type?: string } } } | undefined;
  for (let i = 0; i < 10 && current?._zod?.def; i += 1) {
    const def = current._zod.def;
    if (def.innerType !== undefined) current = def.innerType as typeof current;
    else if (def.type === "lazy" && def.getter) current = def.getter() as typeof current;
    else break;
  }
  return current;
}

function childSchema(node: unknown, key: PropertyKey): unknown {
  const def = (unwrap(node) as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; options?: unknown[] } } } | undefined)?._zod?.def;
  if (!def) return undefined;
  if (def.type === "object") return def.shape?.[String(key)];
  if (def.type === "array") return def.element;
  if (def.type === "record") return def.valueType;
  return undefined;
}

function messageOf(method: string, problem: Problem, spec: MethodSpec): { code: BuilderIssueCode; message: string; hint?: string } {
  const { issue, label } = problem;
  const value = valueAt(problem.value, issue.path);
  const subject = subjectOf(label, issue.path);
  const forSubject = problem.first && issue.path.length === 0 ? "" : ` for ${subject}`;
  const params = (issue as { params?: Record<string, unknown> }).params;
  if (issue.code === "unrecognized_keys") {
    const schema = [...spec.args, ...(spec.rest ? [spec.rest] : [])].find((a) => label.startsWith(a.label))?.schema;
    const known = knownKeys(schema, issue.path);
    const messages = issue.keys.map((key) => {
      const guess = closest(key, known);
      return { key, hint: guess !== undefined ? `did you mean ${JSON.stringify(guess)}?` : known.length > 0 ? `known options: ${known.join(", ")}` : undefined };
    });
    const keys = messages.map((m) => JSON.stringify(subjectOf(label, [...issue.path, m.key]).slice(label.length + 1)));
    const hints = messages.map((m) => m.hint).filter((h): h is string => h !== undefined);
    return { code: "INVALID_OPTION", message: `${method}() got an unknown option ${keys.join(", ")}`, ...(hints.length > 0 ? { hint: hints.join("; ") } : {}) };
  }
  if (issue.code === "invalid_key") {
    const key = String(issue.path[issue.path.length - 1]);
    const inner = (issue.issues[0] as { params?: Record<string, unknown> } | undefined)?.params;
    const rule = typeof inner?.rule === "string" ? NAME_RULES[inner.rule as NameRuleId] : undefined;
    const at = subjectOf(label, issue.path.slice(0, -1));
    return { code: "INVALID_NAME", message: `${method}() got an invalid ${String(inner?.what ?? "key")} ${JSON.stringify(key)} for ${at}: ${rule?.problem(key) ?? issue.message}` };
  }
  if (issue.code === "custom" && typeof params?.rule === "string" && typeof value === "string") {
    const rule = NAME_RULES[params.rule as NameRuleId];
    return { code: "INVALID_NAME", message: `${method}() got an invalid ${String(params.what)} ${JSON.stringify(value)}${forSubject}: ${rule.problem(value) ?? "invalid"}` };
  }
  if (issue.code === "custom" && typeof params?.rule === "string" && typeof value === "number") {
    return { code: "INVALID_OPTION", message: `${method}() got an invalid ${String(params.what)} ${value}${forSubject}: ${NAME_RULES.port.problem(String(value)) ?? "invalid"}` };
  }
  if (issue.code === "custom" && typeof params?.expected === "string") {
    return { code: params.reference === true ? "INVALID_REFERENCE" : "INVALID_OPTION", message: `${method}() expects ${params.expected}${forSubject}, got ${describe(value)}` };
  }
  if (issue.code === "invalid_type") {
    return { code: "INVALID_OPTION", message: `${method}() expects ${expectedType(issue)}${forSubject}, got ${describe(value)}` };
  }
  if (issue.code === "invalid_value") {
    const values = issue.values.map((v) => JSON.stringify(v));
    const choice = values.length === 1 ? values[0]! : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]!}`;
    return { code: "INVALID_OPTION", message: `${method}() expects ${choice}${forSubject}, got ${typeof value === "string" ? JSON.stringify(value) : describe(value)}` };
  }
  if (issue.code === "too_small" || issue.code === "too_big") {
    return { code: "INVALID_OPTION", message: `${method}() got ${describe(value)}${forSubject}: ${issue.message.replace(/^Too (small|big): expected \w+ to (have|be) /, "must be ")}` };
  }
  if (issue.code === "invalid_union") {
    return { code: "INVALID_OPTION", message: `${method}() got ${describe(value)}${forSubject}, which matches none of the accepted forms` };
  }
  return { code: "INVALID_OPTION", message: `${method}()${forSubject === "" ? "" : ` ${forSubject.slice(5)}`}: ${issue.message}` };
}

/** {@link messageOf}, or zod's own words should a value defeat it (a getter that throws, say): a mistake never crashes the config. */
function safeMessageOf(method: string, problem: Problem, spec: MethodSpec): { code: BuilderIssueCode; message: string; hint?: string } {
  try {
    return messageOf(method, problem, spec);
  } catch {
    return { code: "INVALID_OPTION", message: `${method}() ${subjectOf(problem.label, problem.issue.path)}: ${problem.issue.message}` };
  }
}

/** Records the problems of one call, at its line of mesh.config.ts. */
function report(ctx: BuilderContext, method: string, spec: MethodSpec, problems: readonly Problem[]): void {
  const source = captureOrigin(DEEPEST);
  for (const problem of problems) {
    const { code, message, hint } = safeMessageOf(method, problem, spec);
    const issue: Issue<BuilderIssueCode> = { code, severity: "error", message, ...(hint !== undefined ? { hint } : {}), source };
    ctx.model.issues.push(issue);
  }
}
