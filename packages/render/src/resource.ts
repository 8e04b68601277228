// Reads the identity of each input resource (group, kind, namespace, name) and checks every part
// that becomes a path, before anything else looks at it.
import type { KindScope } from "@meshform/kind-runtime";
import type { RenderProblem } from "./errors.js";
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain, isKind, splitApiVersion } from "./names.js";

/** A Kubernetes object as the renderer takes it: `apiVersion`, `kind`, `metadata`, then anything. */
export interface KubeResource {
  /** `group/version`, or `version` for the core group. */
  readonly apiVersion: string;
  /** The kind, e.g. `HTTPRoute`. */
  readonly kind: string;
  /** The object's metadata; `name` is required, `namespace` for namespaced kinds. */
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** A resource whose identity was read and checked. */
export interface IdentifiedResource {
  /** The input object, unchanged. */
  readonly resource: KubeResource;
  /** The API group, `""` for the core group. */
  readonly group: string;
  /** Whether the kind is namespaced or cluster-scoped. */
  readonly scope: KindScope;
}

/** Shows a value in a message: as it is when it is a short printable token, else JSON-quoted. */
function show(value: unknown): string {
  return typeof value === "string" && /^[\x21-\x7e]{1,253}$/.test(value) ? value : JSON.stringify(value) ?? String(value);
}

/** `apiVersion/Kind namespace/name` (no namespace part for a cluster-scoped object). */
export function describeResource(apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): string {
  const where = namespace === undefined ? show(name) : `${show(namespace)}/${show(name)}`;
  return `${show(apiVersion)}/${show(kind)} ${where}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Check = { identified: IdentifiedResource } | { problems: RenderProblem[] };

/** An apiVersion and kind pair, checked: its group and its kind's scope, or which of the two is malformed. */
export type KindCheck = { readonly group: string; readonly scope: KindScope } | "apiVersion" | "kind";

/** Checks the apiVersion and kind of a resource (see {@link kindChecker}). */
export type KindChecker = (apiVersion: string, kind: unknown) => KindCheck;

/**
 * Makes a checker of apiVersion and kind pairs that checks and looks up each distinct pair once: a
 * tree has thousands of resources but a few kinds, and the checks (the forms of apiVersion and
 * kind, the kind's scope) depend on the pair alone.
 */
export function kindChecker(scopeOf: (apiVersion: string, group: string, kind: string) => KindScope): KindChecker {
  const checked = new Map<string, Map<string, KindCheck>>();
  return (apiVersion, kind) => {
    if (typeof kind !== "string") return splitApiVersion(apiVersion) === undefined ? "apiVersion" : "kind";
    let byKind = checked.get(apiVersion);
    if (byKind === undefined) checked.set(apiVersion, (byKind = new Map()));
    let check = byKind.get(kind);
    if (check === undefined) byKind.set(kind, (check = checkKind(apiVersion, kind, scopeOf)));
    return check;
  };
}

function checkKind(apiVersion: string, kind: string, scopeOf: (apiVersion: string, group: string, kind: string) => KindScope): KindCheck {
  const parts = splitApiVersion(apiVersion);
  if (parts === undefined) return "apiVersion";
  if (!isKind(kind)) return "kind";
  return { group: parts.group, scope: scopeOf(apiVersion, parts.group, kind) };
}

/**
 * Reads and checks one resource: shape, apiVersion and kind forms, DNS-1123 name and namespace,
 * and whether a namespace is present exactly when the kind is namespaced.
 */
export function identifyResource(value: unknown, index: number, kindOf: KindChecker): Check {
  if (!isRecord(value) || !isRecord(value["metadata"])) {
    return fail("RENDER_INVALID_RESOURCE", `resource at index ${index}: not a Kubernetes object (an object with apiVersion, kind and metadata)`);
  }
  const { apiVersion, kind } = value;
  const { name, namespace } = value["metadata"];
  const id = () => describeResource(apiVersion, kind, namespace, name);
  const checked = typeof apiVersion === "string" ? kindOf(apiVersion, kind) : "apiVersion";
  if (checked === "apiVersion") {
    return fail("RENDER_INVALID_RESOURCE", `${id()}: apiVersion ${show(apiVersion)} is neither <version> nor <group>/<version>`);
  }
  if (checked === "kind") {
    return fail("RENDER_INVALID_RESOURCE", `${id()}: kind ${show(kind)} must start with an upper-case letter and hold only letters and digits`);
  }
  const { group, scope } = checked;
  const isNamespace = group === "" && kind === "Namespace";
  const problems: RenderProblem[] = [];
  if (typeof name !== "string" || !(isNamespace ? isDnsLabel(name) : isDnsSubdomain(name))) {
    const rule = isNamespace ? `a DNS-1123 label (${DNS_LABEL_RULE})` : `a DNS-1123 subdomain (${DNS_SUBDOMAIN_RULE})`;
    problems.push({ code: "RENDER_INVALID_NAME", message: `${id()}: metadata.name ${JSON.stringify(name) ?? "undefined"} is not ${rule}` });
  }
  const misplaced = checkNamespace(id, kind as string, scope, namespace);
  if (misplaced) problems.push(misplaced);
  if (problems.length > 0) return { problems };
  const resource = value as unknown as KubeResource;
  return { identified: { resource, group, scope } };
}

/** The problem with a resource's namespace given its kind's scope, if any. */
function checkNamespace(id: () => string, kind: string, scope: KindScope, namespace: unknown): RenderProblem | undefined {
  if (scope === "Cluster") {
    if (namespace === undefined) return undefined;
    const message = `${id()}: ${kind} is cluster-scoped; remove metadata.namespace ${JSON.stringify(namespace)}`;
    return { code: "RENDER_UNEXPECTED_NAMESPACE", message };
  }
  if (namespace === undefined) {
    const message = `${id()}: ${kind} is namespaced and needs metadata.namespace (or a scopeOf that knows it is cluster-scoped)`;
    return { code: "RENDER_MISSING_NAMESPACE", message };
  }
  if (typeof namespace === "string" && isDnsLabel(namespace)) return undefined;
  const message = `${id()}: metadata.namespace ${JSON.stringify(namespace)} is not a DNS-1123 label (${DNS_LABEL_RULE})`;
  return { code: "RENDER_INVALID_NAMESPACE", message };
}

function fail(code: RenderProblem["code"], message: string): Check {
  return { problems: [{ code, message }] };
}
