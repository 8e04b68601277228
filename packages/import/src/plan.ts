/**
 * The plan of the config: the statements of the `defineMesh` callback, each an expression tree,
 * with the input resources it writes. Recognisers (`recognize/*.ts`) claim resources for intents;
 * whatever no recogniser claims is written as a typed raw resource with its kind's factory.
 */
import { array, member, method, object, ref, use, value, type Expr, type Json, type VarHandle } from "./code.js";
import { describe, isObj, type Doc, type Obj } from "./input.js";
import type { ImportIssue } from "./types.js";

/** What a statement is, which orders it inside its namespace: declarations first. */
export const Rank = {
  namespace: 0,
  reference: 1,
  gateway: 2,
  namespaceWiring: 3,
  traffic: 4,
  route: 5,
  policy: 6,
  telemetry: 7,
  raw: 8,
} as const;

/** One statement of the callback. */
export interface Statement {
  /** The namespace whose section it is written in; `undefined` for mesh-wide statements. */
  readonly namespace: string | undefined;
  readonly rank: number;
  /** Its position among statements of the same rank: the input's order. */
  readonly seq: number;
  /** What orders it among statements of the same rank and namespace: its kind and name. */
  readonly sortKey: string;
  /** The input resources it writes. */
  readonly docs: readonly Doc[];
  readonly expr: Expr;
  /** The variable it declares, when another statement refers to it. */
  readonly bind?: VarHandle;
  /** The builder it calls, for the report. */
  readonly as: string;
  /** Comment lines written above it besides the source: corrections of the input. */
  readonly notes: readonly string[];
}

/** A correction of the input: reported at the input's line, and written as a comment above the statement. */
export interface Correction {
  readonly doc: Doc;
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** A rewriting that keeps the meaning (a short host as its FQDN): reported as information, and only the field at `path` may differ. */
  readonly sameMeaning?: boolean;
}

/** A namespace of the config. */
interface NamespaceEntry {
  readonly handle: VarHandle;
  /** Options of `mesh.namespace`, when its Namespace object is written by an intent. */
  options?: Expr;
  /** The Namespace object the intent writes. */
  doc?: Doc;
  /** Whether any statement writes into it. */
  used: boolean;
}

/** A Service of the applications, referenced by the config and written outside it. */
interface ServiceEntryRef {
  readonly handle: VarHandle;
  readonly namespace: string;
  readonly name: string;
  readonly ports: Set<number>;
  /** The ports in order, made when asked for and forgotten when a port is added. */
  sorted?: readonly number[];
}

/** The empty list every statement without resources or notes shares. */
const NONE: readonly never[] = Object.freeze([]);

/** A factory of a generated kind, as imported by the config. */
export interface FactoryImport {
  readonly module: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * The state the recognisers share: namespaces, the Services and gateways referenced, the
 * statements so far, and the issues found.
 */
export class Planner {
  readonly rootNamespace: string;
  readonly statements: Statement[] = [];
  readonly issues: ImportIssue[] = [];
  readonly corrections: Correction[] = [];
  /** Input resources claimed by an intent. */
  readonly claimed = new Set<Doc>();
  /** Helpers of `@meshform/dsl` the config uses. */
  readonly helpers = new Set<string>();
  /** Factories the config uses, by `module#name`, each with the variable its import binds. */
  readonly factories = new Map<string, { readonly factory: FactoryImport; readonly handle: VarHandle }>();
  /** Resources whose intent writes them under another name or namespace (a correction), by the input's key. */
  readonly movedTo = new Map<Doc, string>();
  /** Every variable, for naming. */
  readonly handles: VarHandle[] = [];
  /** The resources of the input, by key. */
  readonly byKey: ReadonlyMap<string, Doc>;
  /** Resources that must stay raw: an intent for them did not give them back. */
  readonly forcedRaw: ReadonlySet<string>;
  /** Raw resources that fail their kind's schema: written as plain objects, which still type-check. */
  readonly untyped: ReadonlySet<string>;
  readonly #namespaces = new Map<string, NamespaceEntry>();
  /** The Services referenced, by namespace then name (no key text made per reference), and in the order first referenced. */
  readonly #services = new Map<string, Map<string, ServiceEntryRef>>();
  readonly #serviceList: ServiceEntryRef[] = [];
  readonly #gateways = new Map<string, { readonly handle: VarHandle; readonly waypoint: boolean; readonly listeners: readonly string[] }>();
  readonly #externalGateways = new Map<string, { readonly handle: VarHandle; readonly listeners: Set<string> }>();
  readonly #workloads = new Map<string, { readonly handle: VarHandle; readonly namespace: string; readonly labels: Readonly<Record<string, string>> }>();
  readonly #pending = new Map<string, Statement[]>();
  readonly #factoryOf: (apiVersion: string, kind: string) => FactoryImport | undefined;
  readonly #namespaced: (apiVersion: string, kind: string) => boolean;

  constructor(options: {
    rootNamespace: string;
    docs: readonly Doc[];
    forcedRaw: ReadonlySet<string>;
    untyped?: ReadonlySet<string>;
    factoryOf: (apiVersion: string, kind: string) => FactoryImport | undefined;
    namespaced: (apiVersion: string, kind: string) => boolean;
  }) {
    this.rootNamespace = options.rootNamespace;
    this.byKey = new Map(options.docs.map((d) => [d.key, d]));
    this.forcedRaw = options.forcedRaw;
    this.untyped = options.untyped ?? new Set();
    this.#factoryOf = options.factoryOf;
    this.#namespaced = options.namespaced;
  }

  /** Whether `doc` may still be claimed by an intent. */
  available(doc: Doc | undefined): doc is Doc {
    return doc !== undefined && !this.claimed.has(doc) && !this.forcedRaw.has(doc.key);
  }

  /** A new variable. */
  handle(hint: string, role: string, namespace: string | undefined): VarHandle {
    const handle: VarHandle = { hint, role, namespace, id: this.handles.length };
    this.handles.push(handle);
    return handle;
  }

  /** The expression of a namespace's builder (`mesh.root` for the root namespace's variable). */
  namespace(name: string): Expr {
    return use(this.#namespaceEntry(name).handle);
  }

  /** Declares that the Namespace object of `name` is written by `mesh.namespace(name, options)`. */
  manageNamespace(doc: Doc, options: Expr | undefined): void {
    const entry = this.#namespaceEntry(doc.name);
    entry.options = options;
    entry.doc = doc;
    this.claimed.add(doc);
  }

  /** Whether the Namespace object of `name` is written by an intent. */
  isManaged(name: string): boolean {
    return this.#namespaces.get(name)?.doc !== undefined;
  }

  /** A reference to the Service `namespace/name`, written outside the config, that uses `port` (if any). */
  service(namespace: string, name: string, port?: number): Expr {
    let inNamespace = this.#services.get(namespace);
    if (inNamespace === undefined) this.#services.set(namespace, (inNamespace = new Map()));
    let entry = inNamespace.get(name);
    if (entry === undefined) {
      entry = { handle: this.handle(name, "service", namespace), namespace, name, ports: new Set() };
      inNamespace.set(name, entry);
      this.#serviceList.push(entry);
      this.#namespaceEntry(namespace);
    }
    if (port !== undefined && !entry.ports.has(port)) {
      entry.ports.add(port);
      entry.sorted = undefined;
    }
    return use(entry.handle);
  }

  /** The ports the config knows of the Service `namespace/name`, as they stand, in order. */
  servicePorts(namespace: string, name: string): readonly number[] {
    const entry = this.#services.get(namespace)?.get(name);
    return entry === undefined ? NONE : sortedPorts(entry);
  }

  /** Records a Gateway API Gateway (or waypoint) written by an intent, with its listener names. */
  defineGateway(namespace: string, name: string, handle: VarHandle, waypoint: boolean, listeners: readonly string[]): void {
    this.#gateways.set(`${namespace}/${name}`, { handle, waypoint, listeners });
  }

  /** The Gateway written by an intent, if it is one. */
  gateway(namespace: string, name: string): { readonly handle: VarHandle; readonly waypoint: boolean; readonly listeners: readonly string[] } | undefined {
    return this.#gateways.get(`${namespace}/${name}`);
  }

  /**
   * A reference to a Gateway API Gateway: the variable of its intent, or a declaration of a
   * Gateway outside the config (`ns.externalGateway`) that knows `listener`.
   */
  gatewayRef(namespace: string, name: string, listener?: string): Expr {
    const written = this.#gateways.get(`${namespace}/${name}`);
    if (written !== undefined) return use(written.handle);
    const key = `${namespace}/${name}`;
    let entry = this.#externalGateways.get(key);
    if (entry === undefined) {
      entry = { handle: this.handle(name, "gateway", namespace), listeners: new Set() };
      this.#externalGateways.set(key, entry);
      this.#namespaceEntry(namespace);
    }
    if (listener !== undefined) entry.listeners.add(listener);
    return use(entry.handle);
  }

  /** Whether a Gateway API Gateway has a listener of this name, as far as the config knows. */
  gatewayHasListener(namespace: string, name: string, listener: string): boolean {
    const written = this.#gateways.get(`${namespace}/${name}`);
    return written === undefined || written.listeners.includes(listener);
  }

  /** A reference to the workloads of `namespace` with `labels`. */
  workload(namespace: string, labels: Readonly<Record<string, string>>): Expr {
    const key = `${namespace}/${JSON.stringify(Object.entries(labels).sort())}`;
    let entry = this.#workloads.get(key);
    if (entry === undefined) {
      const hint = Object.values(labels).join("-") || "workloads";
      entry = { handle: this.handle(hint, "workload", namespace), namespace, labels };
      this.#workloads.set(key, entry);
    }
    return use(entry.handle);
  }

  /** Uses a helper of `@meshform/dsl` (`fromPrincipals`, `claim`...) and returns its name. */
  helper(name: string): Expr {
    this.helpers.add(name);
    return ref(name);
  }

  /** Adds a statement. */
  add(statement: Omit<Statement, "notes" | "seq" | "sortKey"> & { readonly notes?: readonly string[]; readonly seq?: number; readonly sortKey?: string }): void {
    for (const doc of statement.docs) this.claimed.add(doc);
    if (statement.namespace !== undefined) this.#namespaceEntry(statement.namespace).used = true;
    let seq = statement.seq ?? Number.MAX_SAFE_INTEGER;
    if (statement.seq === undefined) for (const doc of statement.docs) if (doc.seq < seq) seq = doc.seq;
    const first = statement.docs[0];
    const sortKey = statement.sortKey ?? (first === undefined ? "" : `${first.kind}/${first.name}/${first.group}`);
    this.statements.push({
      namespace: statement.namespace,
      rank: statement.rank,
      seq,
      sortKey,
      docs: statement.docs,
      expr: statement.expr,
      ...(statement.bind === undefined ? {} : { bind: statement.bind }),
      as: statement.as,
      notes: statement.notes ?? NONE,
    });
  }

  /** Records a correction of the input, reported and written above the statement. */
  correct(doc: Doc, path: readonly (string | number)[], message: string, sameMeaning = false): string {
    this.corrections.push(sameMeaning ? { doc, path, message, sameMeaning } : { doc, path, message });
    return `Corrected: ${message}`;
  }

  /** Writes `doc` as a typed raw resource: `ns.resource(factory({...}))` or `mesh.resource(...)`. */
  addRaw(doc: Doc): void {
    const factory = this.#factoryOf(doc.apiVersion, doc.kind);
    const { apiVersion: _apiVersion, kind: _kind, ...body } = doc.object as Obj & { apiVersion: string; kind: string };
    const namespaced = doc.namespace !== undefined && this.#namespaced(doc.apiVersion, doc.kind);
    let argument: Expr;
    const notes: string[] = [];
    if (this.untyped.has(doc.key)) notes.push("Untyped: the input fails its kind's schema (see the report); written as it is, which generate reports too");
    if (factory !== undefined && factory.apiVersion === doc.apiVersion && !this.untyped.has(doc.key)) {
      const id = `${factory.module}#${factory.name}`;
      let entry = this.factories.get(id);
      if (entry === undefined) {
        entry = { factory, handle: this.handle(factory.name, "factory", undefined) };
        this.factories.set(id, entry);
      }
      const metadata = isObj(body.metadata) ? body.metadata : {};
      const { namespace: _namespace, ...rest } = metadata;
      const trimmed = namespaced ? { ...body, metadata: rest } : body;
      argument = { t: "call", callee: use(entry.handle), args: [value(trimmed as Json)] };
    } else {
      argument = value(doc.object as Json);
    }
    if (namespaced) {
      this.add({ namespace: doc.namespace, rank: Rank.raw, docs: [doc], expr: method(this.namespace(doc.namespace!), "resource", argument), as: "resource", notes });
    } else {
      this.add({ namespace: undefined, rank: Rank.raw, docs: [doc], expr: method(ref("mesh"), "resource", argument), as: "resource", notes });
    }
  }

  /**
   * The declarations every section starts with: each namespace's builder, the Services, workloads
   * and Gateways outside the config that statements refer to. Called once all statements are in.
   */
  declarations(): Statement[] {
    const out: Statement[] = [];
    const names = [...this.#namespaces.keys()].sort((a, b) => (a === this.rootNamespace ? -1 : b === this.rootNamespace ? 1 : a < b ? -1 : a > b ? 1 : 0)); // ordered again by the layout
    for (const name of names) {
      const entry = this.#namespaces.get(name)!;
      let expr: Expr;
      if (name === this.rootNamespace) expr = member(ref("mesh"), "root");
      else if (entry.doc !== undefined) expr = entry.options === undefined ? method(ref("mesh"), "namespace", value(name)) : method(ref("mesh"), "namespace", value(name), entry.options);
      else expr = method(ref("mesh"), "namespace", value(name), object({ managed: value(false) }));
      out.push({ namespace: name, rank: Rank.namespace, seq: entry.doc?.seq ?? -1, sortKey: name, docs: entry.doc ? [entry.doc] : NONE, expr, bind: entry.handle, as: entry.doc ? "namespace" : "", notes: NONE });
    }
    for (const service of this.#serviceList) {
      const ports = sortedPorts(service);
      const args: Expr[] = [value(service.name)];
      if (ports.length > 0) args.push(object({ ports: array(ports.map((p) => value(p))) }));
      out.push({ namespace: service.namespace, rank: Rank.reference, seq: -1, sortKey: `Service/${service.name}`, docs: NONE, expr: method(this.namespace(service.namespace), "service", ...args), bind: service.handle, as: "", notes: NONE });
    }
    for (const [key, gateway] of this.#externalGateways) {
      const [namespace, name] = splitKey(key);
      const listeners = [...gateway.listeners].sort();
      const args: Expr[] = [value(name)];
      if (listeners.length > 0) args.push(object({ listeners: array(listeners.map((l) => value(l))) }));
      out.push({ namespace, rank: Rank.reference, seq: -1, sortKey: `Gateway/${name}`, docs: NONE, expr: method(this.namespace(namespace), "externalGateway", ...args), bind: gateway.handle, as: "", notes: NONE });
    }
    for (const workload of this.#workloads.values()) {
      out.push({ namespace: workload.namespace, rank: Rank.reference, seq: -1, sortKey: `Workload/${JSON.stringify(workload.labels)}`, docs: NONE, expr: method(this.namespace(workload.namespace), "workload", value(workload.labels as Json)), bind: workload.handle, as: "", notes: NONE });
    }
    return out;
  }

  /** A statement that waits for a later recogniser (e.g. `useWaypoint` for its waypoint). */
  defer(key: string, statement: Statement): void {
    const list = this.#pending.get(key) ?? [];
    list.push(statement);
    this.#pending.set(key, list);
  }

  #namespaceEntry(name: string): NamespaceEntry {
    let entry = this.#namespaces.get(name);
    if (entry === undefined) {
      entry = { handle: this.handle(name === this.rootNamespace ? name : name, "namespace", undefined), used: false };
      this.#namespaces.set(name, entry);
    }
    return entry;
  }
}

/** A Service's ports in order, remembered on its entry until a port is added. */
function sortedPorts(service: ServiceEntryRef): readonly number[] {
  return (service.sorted ??= [...service.ports].sort((a, b) => a - b));
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf("/");
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/** The labels and annotations of a resource as builder options, if it has any. */
export function metadataOptions(doc: Doc, drop: readonly string[] = []): { labels?: Expr; annotations?: Expr } {
  const metadata = doc.object.metadata as Obj;
  const out: { labels?: Expr; annotations?: Expr } = {};
  if (isObj(metadata.labels)) {
    const labels = Object.fromEntries(Object.entries(metadata.labels).filter(([k]) => !drop.includes(k)));
    if (Object.keys(labels).length > 0) out.labels = value(labels as Json);
  }
  if (isObj(metadata.annotations) && Object.keys(metadata.annotations).length > 0) out.annotations = value(metadata.annotations as Json);
  return out;
}

/** Whether a resource's metadata holds only what intents write: name, namespace, labels, annotations. */
export function plainMetadata(doc: Doc): boolean {
  const metadata = doc.object.metadata;
  if (!isObj(metadata)) return false;
  const stringMap = (v: unknown): boolean => v === undefined || (isObj(v) && Object.values(v).every((x) => typeof x === "string"));
  return Object.keys(metadata).every((k) => k === "name" || k === "namespace" || k === "labels" || k === "annotations") && stringMap(metadata.labels) && stringMap(metadata.annotations);
}

/** Whether `object` has only the keys in `allowed`. */
export function onlyKeys(object: unknown, allowed: readonly string[]): object is Obj {
  return isObj(object) && Object.keys(object).every((k) => allowed.includes(k));
}

/** The comment naming where a resource came from. */
export function sourceComment(doc: Doc, fileName: (file: string) => string): string {
  const where = doc.line === undefined ? fileName(doc.file) : `${fileName(doc.file)}:${doc.line}`;
  return `${describe(doc)} (${where})`;
}
