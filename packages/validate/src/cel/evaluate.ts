/**
 * Evaluating a kind's `x-kubernetes-validations` rules on one resource, each at every place its
 * path reaches (`"*"` is every list item or map value), with the API server's wording of a
 * failure: the rule's `reason`, its `message` or `messageExpression`, and its `fieldPath`.
 */
import type { CelResult, CelValue } from "@bufbuild/cel";
import type { CelRule, KindInfo } from "@meshform/kind-runtime";
import type { ValidateIssue } from "../codes.js";
import type { FieldPath } from "../value.js";
import { copyRecord, isRecord } from "../value.js";
import { celTypeName, toCelValue } from "./convert.js";
import { compileRule, type CompiledRule } from "./compile.js";
import { plainKeyOf, type SelfRead } from "./memo.js";
import { celRuntime } from "./runtime.js";

/**
 * A rule, compiled the first time a resource reaches its path: most rules of a kind sit under
 * fields a given mesh never sets (an HTTPRoute's filters, a Gateway's TLS options), and parsing
 * and planning them would be most of the cost of a small run.
 */
interface PreparedRule {
  readonly rule: CelRule;
  compiled?: CompiledRule;
  message?: CompiledRule;
}

/** The rules of a kind as a tree of their paths, so one walk of a resource reaches every rule. */
interface RuleTree {
  readonly rules: PreparedRule[];
  readonly children: Map<string, RuleTree>;
  /** `children` as a list, for the walk (made once the tree is built). */
  branches: readonly { readonly segment: string; readonly tree: RuleTree }[];
  /** What the rules here read, once they are compiled; `null` when some rule depends on more. */
  passes?: PassedValues | null;
}

/**
 * The values at which every rule of a place held: when each rule there depends only on a few
 * scalars, presences and sizes of `self` (see `memo.ts`), so do they all together, and a value
 * that agrees with one of these on all of them passes too. The same path match, port or timeout
 * recurs across a mesh.
 */
interface PassedValues {
  readonly reads: readonly SelfRead[];
  readonly keys: Set<string>;
}

/** The most values remembered per place; past it the place starts over. */
const PASSED_LIMIT = 4096;

const trees = new WeakMap<KindInfo, RuleTree>();

/** The rules of a kind arranged by path; each is compiled (once per rule text per process) when first reached. */
export function prepareRules(info: KindInfo): RuleTree {
  let tree = trees.get(info);
  if (tree === undefined) {
    tree = { rules: [], children: new Map(), branches: [] };
    for (const rule of info.rules) {
      let node = tree;
      for (const segment of rule.path) {
        let child = node.children.get(segment);
        if (child === undefined) node.children.set(segment, (child = { rules: [], children: new Map(), branches: [] }));
        node = child;
      }
      node.rules.push({ rule });
    }
    const seal = (node: RuleTree): void => {
      node.branches = [...node.children].map(([segment, child]) => ({ segment, tree: child }));
      for (const child of node.children.values()) seal(child);
    };
    seal(tree);
    trees.set(info, tree);
  }
  return tree;
}

/**
 * Evaluates the rules of `info` on `resource` (a plain JSON object, defaults applied). Rules see
 * the resource as the API server shows it to them: at the root, `metadata` holds only `name`
 * and `generateName`.
 */
export function evaluateRules(info: KindInfo, resource: Record<string, unknown>): ValidateIssue[] {
  const walk: Walk = { issues: [], gaps: undefined, path: [], converted: undefined };
  const tree = prepareRules(info);
  // Only rules at the root, or under `metadata`, can see the cut; the others see the resource's own fields.
  visit(tree, tree.rules.length > 0 || tree.children.has("metadata") ? rootView(resource) : resource, walk);
  return walk.issues;
}

/**
 * A rule's `fieldPath` (`.spec.port`, `.labels['app.kubernetes.io/name']`, `.items[0]`) as path segments.
 *
 * @internal
 */
export function parseFieldPath(fieldPath: string): FieldPath {
  const segments: (string | number)[] = [];
  for (const match of fieldPath.matchAll(/\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g)) {
    segments.push(match[1] ?? (match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : Number(match[3])));
  }
  return segments;
}

// --- internal ---

/** The state of one walk: what is blocked, what was found, where the walk is, and the values converted to CEL so far. */
interface Walk {
  readonly issues: ValidateIssue[];
  gaps: Set<PreparedRule> | undefined;
  readonly path: (string | number)[];
  converted: Map<object, CelValue> | undefined;
}

/** The resource as its root rules see it: `metadata` cut to `name` and `generateName`. */
function rootView(resource: Record<string, unknown>): Record<string, unknown> {
  const metadata = isRecord(resource.metadata) ? resource.metadata : undefined;
  if (metadata === undefined) return resource;
  const cut: Record<string, unknown> = {};
  if (metadata.name !== undefined) cut.name = metadata.name;
  if (metadata.generateName !== undefined) cut.generateName = metadata.generateName;
  const view = copyRecord(resource);
  view.metadata = cut;
  return view;
}

function visit(tree: RuleTree, value: unknown, walk: Walk): void {
  if (tree.rules.length > 0) evaluateRulesAt(tree, value, walk);
  if (tree.branches.length === 0 || typeof value !== "object" || value === null) return;
  const list = Array.isArray(value) ? (value as unknown[]) : undefined;
  const map = list === undefined ? (value as Record<string, unknown>) : undefined;
  for (const { segment, tree: child } of tree.branches) {
    if (segment !== "*") {
      const next = map !== undefined && Object.hasOwn(map, segment) ? map[segment] : undefined;
      if (next !== undefined) step(child, next, segment, walk);
    } else if (list !== undefined) {
      for (let i = 0; i < list.length; i += 1) step(child, list[i], i, walk);
    } else if (map !== undefined) {
      for (const key in map) if (map[key] !== undefined) step(child, map[key], key, walk);
    }
  }
}

function step(tree: RuleTree, value: unknown, segment: string | number, walk: Walk): void {
  walk.path.push(segment);
  visit(tree, value, walk);
  walk.path.pop();
}

/** Evaluates the rules of one place, unless they all held at a value that agrees with `self` on all they read. */
function evaluateRulesAt(tree: RuleTree, self: unknown, walk: Walk): void {
  const passes = tree.passes === undefined ? (tree.passes = passedValuesOf(tree.rules)) : tree.passes;
  const key = passes === null ? undefined : plainKeyOf(self, passes.reads);
  if (key !== undefined && passes?.keys.has(key)) return;
  const found = walk.issues.length;
  for (const entry of tree.rules) evaluateAt(entry, self, walk);
  if (key === undefined || passes === null || walk.issues.length !== found) return;
  if (passes.keys.size >= PASSED_LIMIT) passes.keys.clear();
  passes.keys.add(key);
}

/** Compiles the rules of a place, and gives what they read together; `null` when one of them depends on more (or cannot run). */
function passedValuesOf(rules: readonly PreparedRule[]): PassedValues | null {
  const reads = new Map<string, SelfRead>();
  for (const entry of rules) {
    const compiled = (entry.compiled ??= compileRule(entry.rule.rule));
    if (compiled.kind === "transition") continue;
    if (compiled.kind === "gap" || compiled.reads === undefined) return null;
    for (const read of compiled.reads) reads.set(JSON.stringify(read), read);
  }
  return { reads: [...reads.values()], keys: new Set() };
}

function evaluateAt(entry: PreparedRule, self: unknown, walk: Walk): void {
  const compiled = (entry.compiled ??= compileRule(entry.rule.rule));
  if (compiled.kind === "transition") return;
  if (compiled.kind === "gap") {
    walk.gaps ??= new Set();
    if (walk.gaps.has(entry)) return;
    walk.gaps.add(entry);
    walk.issues.push({ code: "CEL_UNSUPPORTED", severity: "warning", path: [...walk.path], message: `rule not checked: it ${compiled.reason}: ${entry.rule.rule}` });
    return;
  }
  if (compiled.direct?.(self) === true) return;
  const value = celValueOf(self, walk);
  const result = compiled.run(value);
  if (result !== true) walk.issues.push(judge(entry, result, value, [...walk.path]));
}

/** `value` as a CEL value, each object converted once per walk. */
function celValueOf(value: unknown, walk: Walk): CelValue {
  if (typeof value !== "object" || value === null) return toCelValue(value);
  walk.converted ??= new Map();
  let converted = walk.converted.get(value);
  if (converted === undefined) {
    converted = toCelValue(value);
    walk.converted.set(value, converted);
  }
  return converted;
}

/**
 * A failed rule as the API server reports it: `Invalid value: "<type>": <message>`, where the
 * type is the schema's at the rule (`object`, `array`, `string`, `integer`, …); a `reason` of
 * `FieldValueForbidden` or `FieldValueRequired` is `Forbidden: <message>` or
 * `Required value: <message>`, and `FieldValueDuplicate` is `Duplicate value: "<type>"`, without
 * the message. A rule that fails to evaluate is `Invalid value: "<type>": <error> evaluating
 * rule: <message or rule>`. (From Kubernetes 1.35 on, the API server prints a scalar's value
 * instead of its type, and nothing for an object or a list; the releases the supported Istio
 * versions run on print the type, as here.)
 */
function judge(entry: PreparedRule, result: CelResult, self: unknown, path: FieldPath): ValidateIssue {
  const { rule } = entry;
  const type = celTypeName(self);
  const { isCelError } = celRuntime();
  if (isCelError(result) || typeof result !== "boolean") {
    const why = isCelError(result) ? celErrorText(result.message) : "rule did not evaluate to a bool";
    const described = why.startsWith("no such overload")
      ? `'${why}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText(rule)}`
      : `${why} evaluating rule: ${ruleText(rule)}`;
    return { code: "CEL_EVALUATION", severity: "error", path, message: `Invalid value: ${JSON.stringify(type)}: ${described}` };
  }
  const text = messageOf(entry, self);
  const target = rule.fieldPath === undefined ? path : [...path, ...parseFieldPath(rule.fieldPath)];
  return { code: "CEL_RULE", severity: "error", path: target, message: reasonMessage(rule.reason, JSON.stringify(type), text) };
}

function reasonMessage(reason: string | undefined, value: string, text: string): string {
  switch (reason) {
    case "FieldValueForbidden":
      return `Forbidden: ${text}`;
    case "FieldValueRequired":
      return `Required value: ${text}`;
    case "FieldValueDuplicate":
      return `Duplicate value: ${value}`;
    default:
      return `Invalid value: ${value}: ${text}`;
  }
}

/** The rule as the API server names it in an evaluation error: its message, else its text, trimmed. */
function ruleText(rule: CelRule): string {
  return (rule.message?.trim() || undefined) ?? rule.rule.trim();
}

/**
 * The rule's message: its `messageExpression`'s result when that is a non-empty string of one
 * line (trimmed), else its `message`, else `failed rule: <rule>`, as the API server words it.
 */
function messageOf(entry: PreparedRule, self: unknown): string {
  const fallback = entry.rule.message?.trim() ? entry.rule.message.trim() : `failed rule: ${ruleText(entry.rule)}`;
  if (entry.rule.messageExpression === undefined) return fallback;
  const message = (entry.message ??= compileRule(entry.rule.messageExpression));
  if (message.kind !== "program") return fallback;
  const text = message.run(self);
  if (typeof text !== "string") return fallback;
  const trimmed = text.trim();
  return trimmed !== "" && !trimmed.includes("\n") ? trimmed : fallback;
}

function celErrorText(message: string): string {
  return message.replace(/^field not found: /, "no such key: ");
}
