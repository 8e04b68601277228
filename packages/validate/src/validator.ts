/**
 * The engine: one resource in, its issues out, checked as the API server checks a create —
 * kind and version, target release, the structural schema, the CEL rules on the defaulted
 * object, then Istio's admission rules.
 */
import type { IssueResource } from "@meshform/diagnostics";
import type { ValidateIssue } from "./codes.js";
import { checkIstioAdmission } from "./admission.js";
import { catalogFor, type Catalog, type CatalogEntry, type CatalogOptions } from "./catalog.js";
import { evaluateRules } from "./cel/evaluate.js";
import { defaultsOf, withDefaults } from "./defaults/apply.js";
import { checkKubernetes } from "./kubernetes/index.js";
import { checkNames } from "./names.js";
import { notAResourceIssue } from "./not-a-resource.js";
import { checkRelease } from "./release.js";
import { checkSchema, type SchemaCheck } from "./schema.js";
import { isRecord, isWithoutNulls, withoutNulls, type FieldPath } from "./value.js";

/** What a validator checks against. */
export interface ValidatorOptions extends CatalogOptions {
  /**
   * Whether an unknown field is an error (as `kubectl apply --validate=strict`) rather than a
   * warning that the API server drops it.
   *
   * @defaultValue false
   */
  readonly strict?: boolean;
  /**
   * Whether the resources were already checked against their structural schema, names and the
   * target's fields (`meshform generate` compiles them first): then only the CEL rules, Istio's
   * admission rules and deprecations are checked.
   *
   * @defaultValue false
   */
  readonly schemaChecked?: boolean;
}

/** Where a resource was written, so each issue can name the file and line of its field. */
export interface ResourceSource {
  readonly file: string;
  /** The 1-based line of the field at `path`, or of its nearest written ancestor. */
  readonly lineOf?: (path: FieldPath) => number | undefined;
}

/** A validator: created once, then called for every resource. */
export interface Validator {
  /** Checks one resource (a parsed manifest); never throws for a bad resource. */
  validate(resource: unknown, source?: ResourceSource): ValidateIssue[];
  /** What this validator has done so far: resources checked, and the time spent in CEL rules. */
  stats(): ValidatorStats;
}

/** Counters of a {@link Validator}, for reports and benchmarks. */
export interface ValidatorStats {
  /** Resources checked. */
  readonly resources: number;
  /** Milliseconds spent evaluating CEL rules (defaulting and conversion included). */
  readonly celMilliseconds: number;
}

/**
 * Creates a validator. Schemas and rules are shared by every validator of the process; each
 * rule text is compiled once.
 *
 * @example
 * ```ts
 * const validator = createValidator({ strict: true, gatewayApiChannel: "experimental" });
 * const issues = validator.validate(httpRoute, { file: "route.yaml" });
 * ```
 * @throws ValidateError when a release or channel is not one meshform ships
 */
export function createValidator(options: ValidatorOptions = {}): Validator {
  const catalog = catalogFor(options);
  const stats = { resources: 0, celMilliseconds: 0 };
  const context: Context = { catalog, strict: options.strict ?? false, schemaChecked: options.schemaChecked ?? false, stats };
  return {
    validate(resource, source) {
      stats.resources += 1;
      const issues = validateResource(context, resource);
      return source === undefined ? issues : issues.map((issue) => locate(issue, source));
    },
    stats: () => ({ ...stats }),
  };
}

// --- internal ---

interface Context {
  readonly catalog: Catalog;
  readonly strict: boolean;
  readonly schemaChecked: boolean;
  readonly stats: { resources: number; celMilliseconds: number };
}

function validateResource(context: Context, resource: unknown): ValidateIssue[] {
  const { catalog } = context;
  const notAResource = notAResourceIssue(resource);
  if (notAResource !== undefined) return [notAResource];
  const record = resource as Record<string, unknown> & { apiVersion: string; kind: string };
  const { apiVersion, kind } = record;
  const found = catalog.find(apiVersion, kind);
  const issues = found === undefined ? [unknownKind(catalog, apiVersion, kind)] : checkKnown(found, context, record);
  if (issues.length === 0) return issues;
  const identity = identify(record, apiVersion, kind);
  return issues.map((issue) => ({ ...issue, resource: identity }));
}

function checkKnown(found: CatalogEntry, { catalog, strict, schemaChecked, stats }: Context, resource: Record<string, unknown>): ValidateIssue[] {
  const { info } = found.entry;
  const issues: ValidateIssue[] = [];
  if (!info.served) issues.push({ code: "UNKNOWN_VERSION", severity: "error", path: ["apiVersion"], message: `version ${info.apiVersion} of ${info.kind} is not served` });
  if (info.deprecated) {
    const message = info.deprecationWarning ?? `${info.apiVersion} ${info.kind} is deprecated`;
    issues.push({ code: "DEPRECATED_VERSION", severity: "warning", path: ["apiVersion"], message });
  }
  // Unknown fields are removed from `clean` below, so it is a copy unless the schema was checked already.
  const clean = (schemaChecked && isWithoutNulls(resource) ? resource : withoutNulls(resource)) as Record<string, unknown>;
  const release = schemaChecked ? NO_ISSUES : checkRelease(catalog, found, resource);
  for (const issue of release) issues.push(issue);
  const schema = schemaChecked ? SCHEMA_CHECKED : checkSchema(found.entry, clean, strict);
  const name = schemaChecked ? NO_ISSUES : checkName(clean);
  // With the target's own schema, a field newer than the target is also unknown to it: the
  // release check has said so, in words that name the release that has it.
  for (const issue of schema.issues) if (!(issue.code === "UNKNOWN_FIELD" && release.some((r) => isWithin(issue.path, r.path)))) issues.push(issue);
  for (const issue of name) issues.push(issue);
  if (!schemaChecked) for (const issue of checkNames(info, clean)) issues.push(issue);
  for (const path of schema.unknownFields) removeAt(clean, path);
  if (!schema.blocking) for (const issue of checkKubernetes(info, clean)) issues.push(issue);
  let checked = clean;
  if (schema.blocking || name.length > 0) {
    if (info.rules.length > 0) issues.push(NOT_CHECKED);
  } else if (info.rules.length > 0) {
    const started = performance.now();
    checked = withDefaults(clean, defaultsOf(found.entry));
    for (const issue of evaluateRules(info, checked)) issues.push(issue);
    stats.celMilliseconds += performance.now() - started;
  }
  const schemaErrors = issues.some((i) => (i.code === "SCHEMA_INVALID" || i.code === "UNKNOWN_FIELD" || i.code === "NAME_INVALID") && i.severity === "error");
  if (!schemaErrors) for (const issue of checkIstioAdmission(info.group, checked as { apiVersion: string; kind: string }, catalog.targets.istio)) issues.push(issue);
  return issues;
}

/** The findings of a check that found nothing, or was not run: one shared list, not one per resource. */
const NO_ISSUES: readonly ValidateIssue[] = Object.freeze([]);

/** What the schema check says of a resource compile has checked already: nothing, without a result per resource. */
const SCHEMA_CHECKED: { readonly [K in keyof SchemaCheck]: Readonly<SchemaCheck[K]> } = Object.freeze({ issues: NO_ISSUES, unknownFields: Object.freeze([]), blocking: false });

/** What the API server adds when a blocking schema error kept it from evaluating the rules. */
const NOT_CHECKED: ValidateIssue = {
  code: "RULES_NOT_CHECKED",
  severity: "warning",
  path: [],
  message: "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
};

function unknownKind(catalog: Catalog, apiVersion: string, kind: string): ValidateIssue {
  if (catalog.experimentalOnly(apiVersion, kind)) {
    const message = `${apiVersion} ${kind} is only in the experimental channel of Gateway API ${catalog.targets.gatewayApi.release}`;
    return { code: "NOT_IN_CHANNEL", severity: "error", path: ["apiVersion"], message, hint: "check it against the experimental channel" };
  }
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
  const versions = catalog.knownVersions(group, kind);
  if (versions === undefined) {
    return { code: "UNKNOWN_KIND", severity: "warning", path: ["kind"], message: `not checked: meshform has no schema for ${apiVersion} ${kind}` };
  }
  const message = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
  const hint = versions.length > 0 ? `${kind} is served as ${versions.join(", ")}` : undefined;
  return { code: "UNKNOWN_VERSION", severity: "error", path: ["apiVersion"], message, ...(hint === undefined ? {} : { hint }) };
}

function checkName(resource: Record<string, unknown>): ValidateIssue[] {
  const metadata = isRecord(resource.metadata) ? resource.metadata : {};
  if (metadata.name !== undefined || metadata.generateName !== undefined) return [];
  return [{ code: "SCHEMA_INVALID", severity: "error", path: ["metadata", "name"], message: "Required value: name or generateName is required" }];
}

function identify(resource: Record<string, unknown>, apiVersion: string, kind: string): IssueResource {
  const metadata = isRecord(resource.metadata) ? resource.metadata : {};
  const name = typeof metadata.name === "string" ? metadata.name : typeof metadata.generateName === "string" ? metadata.generateName : "";
  return typeof metadata.namespace === "string" ? { apiVersion, kind, name, namespace: metadata.namespace } : { apiVersion, kind, name };
}

function locate(issue: ValidateIssue, source: ResourceSource): ValidateIssue {
  const line = source.lineOf?.(issue.path ?? []);
  return { ...issue, source: line === undefined ? { file: source.file } : { file: source.file, line } };
}

/** Whether `path` is `parent` or a path under it. */
function isWithin(path: FieldPath | undefined, parent: FieldPath | undefined): boolean {
  if (path === undefined || parent === undefined || path.length < parent.length) return false;
  return parent.every((segment, i) => path[i] === segment);
}

function removeAt(root: unknown, path: FieldPath): void {
  let node = root;
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  if (isRecord(node)) delete node[String(path.at(-1))];
}
