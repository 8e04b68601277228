import type { KindEntry } from "@meshform/kind-runtime";
import type { Operation } from "./json-patch.js";
import type { DraftKey, MeshModel, OutputSettings, PlacementIntent } from "./model.js";
import { callOrigin } from "./origin.js";
import { resolveTargets, type TargetOptions } from "./targets.js";
import { clusterTargets, mergeTargets, type ClusterOf, type ClusterTarget, type Environment, type EnvironmentOf, type EnvironmentOptions, type EnvironmentsOptions, type MeshEnvironment } from "./environments.js";
import type { EgressOptions, EgressRef } from "./builders/egress.js";
import { addIssue } from "./draft-store.js";
import { NamespaceBuilder, type NamespaceOptions } from "./builders/namespace.js";
import type { Patchable, ResourceRef, RouteApi } from "./refs.js";
import { addRaw, type RawResource } from "./builders/raw.js";
import { meshPeerAuthentication, type MtlsMode } from "./builders/mesh-security.js";
import { addTelemetry, type TelemetryOptions } from "./builders/telemetry.js";
import type { BuilderContext } from "./draft-store.js";
import { closest, guardCall, guardMethods, type MethodSpec } from "./input.js";
import { environmentCheck, environmentOptions, MESH_METHODS, meshCallback, meshOptions } from "./option-schemas/mesh.js";
import { seal, startBuilding } from "./seal.js";

/** The options of {@link defineMesh}; `Environments` are the environments it declares. */
export interface MeshOptions<Environments extends EnvironmentsOptions = EnvironmentsOptions> {
  /**
   * The upstream releases the output is for; an environment may target others
   * (`environments.<name>.targets`, merged over these).
   * @defaultValue the newest meshform knows
   */
  readonly targets?: TargetOptions;
  /**
   * The environments the mesh runs in (`dev`, `staging`, `prod`...), by name: a DNS-1123 label,
   * which names the environment's folders and Argo CD Applications. The callback runs once per
   * environment, each run building its own model, and gets the environment as its second
   * argument. Each environment may target other releases and span several clusters.
   *
   * @example
   * ```ts
   * environments: {
   *   dev: {},
   *   prod: { targets: { istio: "1.24.6" }, clusters: { east: { server: "https://east:6443" }, west: { name: "prod-west" } } },
   * }
   * ```
   * @defaultValue none: one model, built by one run of the callback, as without environments
   */
  readonly environments?: Environments;
  /** Istio's root namespace, where mesh-wide policy lives. @defaultValue `"istio-system"` */
  readonly rootNamespace?: string;
  /** Argo CD and README settings of the output. */
  readonly output?: OutputSettings;
  /**
   * Kinds meshform does not ship, generated from their CRDs with `meshform codegen` (the
   * generated folder's `kinds.ts` exports them). Resources of these kinds can then be added with
   * `mesh.resource(...)` and are checked like any built-in kind.
   * @defaultValue none
   */
  readonly kinds?: readonly KindEntry[];
  /**
   * The API routes are written in: `"gateway-api"` (HTTPRoute) or `"istio"` (VirtualService). A
   * namespace (`mesh.namespace(name, { routeApi })`) or a route (`httpRoute(name, { api })`)
   * may say otherwise. Flip it and review the diff to move a mesh from one API to the other.
   * @defaultValue `"gateway-api"`
   */
  readonly routeApi?: RouteApi;
}

/** The whole mesh, built: what `meshform generate` loads from mesh.config.ts's default export. */
export interface MeshDefinition {
  readonly kind: "MeshDefinition";
  /** The model the callback builds; complete once {@link MeshDefinition.ready} has resolved. */
  readonly model: MeshModel;
  /**
   * Settles when `defineMesh`'s callback has finished: already resolved for a synchronous
   * callback; for an async one, resolved when its promise resolves, rejected with its error when
   * it rejects. Await it before compiling the model (`compile` refuses a model still being built).
   */
  readonly ready: Promise<void>;
  /**
   * For a config with environments, each environment with its clusters and its own model, in the
   * config's order; {@link MeshDefinition.model} is then the first one's, and
   * {@link MeshDefinition.ready} settles when every environment's run of the callback has (it
   * rejects with the first error). Absent for a config without environments.
   */
  readonly environments?: readonly MeshEnvironment[];
}

/**
 * `defineMesh`'s callback: it declares the mesh, synchronously or as an async function. For a
 * config with environments it runs once per environment, with that environment as `env`.
 */
export type MeshCallback<Environments extends EnvironmentsOptions = EnvironmentsOptions> =
  | ((mesh: MeshBuilder<ClusterOf<Environments>>, env: EnvironmentOf<Environments>) => void)
  | ((mesh: MeshBuilder<ClusterOf<Environments>>, env: EnvironmentOf<Environments>) => Promise<void>);

/** `mesh.namespace`'s options: a namespace's, and the clusters it is placed on. */
export interface MeshNamespaceOptions<Cluster extends string = string> extends NamespaceOptions {
  /**
   * The clusters of the environment the namespace is placed on: its Namespace object and every
   * resource in it go there only. Names the environment declares (`environments.<name>.clusters`);
   * any other is reported at the call's line. The latest call that sets it decides.
   * @defaultValue every cluster of the environment
   */
  readonly clusters?: readonly Cluster[];
}

/**
 * What `mesh.placeOn` places: a namespace (and everything in it), any resource of the config (a
 * value its builder returned: a gateway, a route, a policy... with the resources of the same
 * intent: an external service's DestinationRules, `requireJwt`'s AuthorizationPolicy), or an
 * egress intent (its ServiceEntry, Gateway, VirtualService and TLS-origination rule; the egress
 * gateway's DestinationRule, which the namespace's egress intents share, stays where it is).
 */
export type Placeable = Patchable | PlaceableEgress;

/** What `mesh.placeOn` reads of an egress intent's reference ({@link EgressRef}). */
export type PlaceableEgress = Pick<EgressRef<EgressOptions>, "serviceEntry" | "gateway" | "virtualService"> & { readonly tlsOriginationDestinationRule?: Patchable | undefined };

/** The environment a {@link MeshBuilder} builds, as far as placement goes. */
interface BuiltEnvironment {
  readonly name: string;
  readonly clusters: readonly string[];
}

/**
 * The top-level builder handed to {@link defineMesh}'s callback. `Cluster` is the names of the
 * clusters the config's environments declare, for placement (`never` without clusters).
 */
export class MeshBuilder<Cluster extends string = string> {
  readonly #model: MeshModel;
  readonly #namespaces = new Map<string, NamespaceBuilder>();
  readonly #environment: BuiltEnvironment | undefined;
  /** @internal Where the builder's issues are recorded. */
  readonly ctx: BuilderContext;

  /** @internal */
  constructor(model: MeshModel, environment?: BuiltEnvironment) {
    this.#model = model;
    this.#environment = environment;
    this.ctx = { model, path: "" };
  }

  /**
   * A namespace. By default meshform manages its Namespace object (labels, data-plane mode);
   * `managed: false` declares a namespace that exists already (like `istio-system`).
   *
   * @example
   * ```ts
   * const app = mesh.namespace("bookinfo", { dataplane: "ambient" });
   * ```
   */
  namespace(name: string, options: MeshNamespaceOptions<Cluster> = {}): NamespaceBuilder {
    const { clusters, ...rest } = options;
    if (clusters !== undefined) this.#place(`namespace(${JSON.stringify(name)})`, clusters, [{ namespace: name }]);
    const existing = this.#namespaces.get(name);
    if (existing) return existing.merge(rest);
    const builder = new NamespaceBuilder({ model: this.#model, path: "" }, name, rest);
    this.#namespaces.set(name, builder);
    return builder;
  }

  /**
   * Places resources on some clusters of the environment only: each target (a value a builder
   * returned) goes to the clusters named, and to no other. A namespace carries everything in it;
   * an intent carries the resources it wrote (an egress intent, an external service's
   * DestinationRules, `requireJwt`'s policy). A resource placed by several calls goes to each
   * call's clusters; one in a placed namespace goes only where the namespace goes too. Resources
   * never placed go to every cluster. Cluster names are those of
   * `environments.<name>.clusters`; a name the environment does not declare is reported at the
   * call's line, and the call is left out.
   *
   * @example
   * ```ts
   * if (env.name === "prod") mesh.placeOn(["east"], gateway, mesh.namespace("payments"));
   * ```
   */
  placeOn(clusters: readonly Cluster[], ...targets: readonly Placeable[]): this {
    this.#place("placeOn()", clusters, targets.flatMap(placedBy));
    return this;
  }

  /** Records a placement of `what` on `clusters`, or reports the clusters the environment does not have. */
  #place(call: string, clusters: readonly string[], what: readonly ({ readonly target: DraftKey } | { readonly namespace: string })[]): void {
    const declared = this.#environment?.clusters ?? [];
    const unknown = clusters.filter((cluster) => !declared.includes(cluster));
    if (unknown.length > 0) {
      addIssue(this.ctx, { code: "UNKNOWN_CLUSTER", ...unknownClusters(call, unknown, this.#environment) });
      return;
    }
    const origin = callOrigin();
    const chosen = declared.filter((cluster) => clusters.includes(cluster));
    const placements = ((this.#model as { placements?: PlacementIntent[] }).placements ??= []);
    for (const item of what) placements.push("target" in item ? { target: item.target, clusters: chosen, origin } : { namespace: item.namespace, clusters: chosen, origin });
  }

  /** The Istio root namespace (not managed by meshform), for mesh-wide resources. */
  get root(): NamespaceBuilder {
    return guardCall(this.ctx, "root", ROOT, this, [], () => this.namespace(this.#model.rootNamespace, { managed: false })) as NamespaceBuilder;
  }

  /**
   * Mesh-wide mutual TLS: a PeerAuthentication named `default` in the root namespace. Returns its
   * reference, for {@link MeshBuilder.patch}.
   *
   * @example
   * ```ts
   * mesh.mtls("STRICT");
   * ```
   */
  mtls(mode: MtlsMode): ResourceRef<"PeerAuthentication"> {
    return meshPeerAuthentication({ model: this.#model, path: "" }, this.#model.rootNamespace, mode);
  }

  // --- telemetry (security and observability family): builders/telemetry.ts ---

  /**
   * Mesh-wide telemetry: a Telemetry resource without a target in the root namespace, the
   * default every namespace and workload inherits. Returns its reference, for {@link MeshBuilder.patch}.
   *
   * @example
   * ```ts
   * mesh.telemetry("mesh-default", { accessLogging: [{ providers: ["envoy"] }] });
   * ```
   */
  telemetry(name: string, options: Omit<TelemetryOptions, "target">): ResourceRef<"Telemetry"> {
    return addTelemetry({ model: this.#model, path: "" }, this.#model.rootNamespace, name, options);
  }

  /**
   * Declares what lives outside the config, so that references to it are not reported missing:
   * Services (`namespace/name`) other tools deploy, external hosts, gateways of another repository.
   * (Services made with `ns.service()` are declared already.)
   *
   * @example
   * ```ts
   * mesh.external({ services: ["shop/legacy-api"], hosts: ["*.partner.example.com"] });
   * ```
   */
  external(declarations: { readonly services?: readonly string[]; readonly hosts?: readonly string[]; readonly gateways?: readonly string[] }): this {
    const { externals } = this.#model;
    externals.services.push(...(declarations.services ?? []));
    externals.hosts.push(...(declarations.hosts ?? []));
    externals.gateways.push(...(declarations.gateways ?? []));
    return this;
  }

  /**
   * Accepts an analysis finding, with the reason: for one resource (a value a builder returned),
   * or for the whole mesh. A suppression without a reason, or that matches nothing, is itself
   * reported.
   *
   * @example
   * ```ts
   * mesh.suppress("WAYPOINT_UNUSED", { resource: waypoint, reason: "bound by the team's own namespaces, outside this config" });
   * ```
   */
  suppress(code: string, options: { readonly reason: string; readonly resource?: Patchable }): this {
    const key = options.resource?.draftKey;
    const resource = key && `${key.kind} ${key.namespace ? `${key.namespace}/` : ""}${key.name}`;
    this.#model.suppressions.push({ code, reason: options.reason, ...(resource ? { resource } : {}), origin: callOrigin() });
    return this;
  }

  /**
   * The escape hatch: adds any generated kind as it is, fully typed (use the kind's factory,
   * e.g. `sidecar({...})` from `@meshform/istio/networking.istio.io/v1`). Returns its reference,
   * for {@link MeshBuilder.patch}.
   */
  resource<T extends RawResource>(object: T): ResourceRef {
    return addRaw({ model: this.#model, path: "" }, object);
  }

  /**
   * RFC 6902 operations on a resource of the config, applied before validation. The target is
   * what the resource's builder returned: a gateway or waypoint, a route, a namespace, an
   * external service (its ServiceEntry; `destinationRules` for its DestinationRules), a
   * DestinationRule, a policy, a telemetry, a raw resource.
   *
   * @example
   * ```ts
   * const edge = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
   * mesh.patch(edge, [{ op: "add", path: "/spec/listeners/0/hostname", value: "*.example.com" }]);
   * ```
   */
  patch(target: Patchable, operations: readonly Operation[]): this {
    const { group, kind, namespace, name } = target.draftKey;
    this.#model.patches.push({ target: { group, kind, namespace, name }, operations, origin: callOrigin() });
    return this;
  }
}

/** What `call` reports for cluster names the environment does not declare. */
function unknownClusters(call: string, unknown: readonly string[], environment: BuiltEnvironment | undefined): { message: string; hint: string } {
  const names = unknown.map((cluster) => JSON.stringify(cluster)).join(", ");
  const subject = `${call} names ${unknown.length === 1 ? "cluster" : "clusters"} ${names}`;
  if (environment === undefined) {
    return { message: `${subject}, but the config declares no environments, and so no clusters`, hint: 'declare the clusters of an environment: defineMesh({ environments: { prod: { clusters: { east: { server: "https://..." } } } } }, ...)' };
  }
  if (environment.clusters.length === 0) {
    return { message: `${subject}, but environment ${environment.name} declares no clusters`, hint: `place resources in the environments that have clusters only (if (env.name === "...") ...), or declare clusters for ${environment.name}` };
  }
  const guesses = unknown.map((cluster) => closest(cluster, environment.clusters)).filter((guess): guess is string => guess !== undefined);
  return {
    message: `${subject}, which environment ${environment.name} does not declare: its clusters are ${environment.clusters.join(", ")}`,
    hint: guesses.length > 0 ? `did you mean ${guesses.map((guess) => JSON.stringify(guess)).join(", ")}?` : `use one of them, or declare it in environments.${environment.name}.clusters`,
  };
}

/** The resources (or the namespace) a {@link Placeable} stands for. */
function placedBy(target: Placeable): ({ readonly target: DraftKey } | { readonly namespace: string })[] {
  if (target instanceof NamespaceBuilder) return [{ namespace: target.name }];
  if ("draftKey" in target) {
    const related = target as { readonly destinationRules?: readonly Patchable[]; readonly authorizationPolicy?: Patchable };
    return [target, ...(related.destinationRules ?? []), ...(related.authorizationPolicy ? [related.authorizationPolicy] : [])].map((ref) => ({ target: ref.draftKey }));
  }
  const parts = [target.serviceEntry, target.gateway, target.virtualService, target.tlsOriginationDestinationRule];
  return parts.filter((ref): ref is NonNullable<typeof ref> => ref !== undefined).map((ref) => ({ target: ref.draftKey }));
}

const ROOT: MethodSpec = { args: [], returns: "value" };
guardMethods(MeshBuilder.prototype, (self) => self.ctx, MESH_METHODS);

const DEFINE_MESH: MethodSpec = { args: [{ label: "options", schema: meshOptions }, { label: "build", schema: meshCallback }], returns: "self" };

/**
 * The options as given, less the top-level ones that are wrong (they take their defaults, and
 * `defineMesh` reports them at its line). An unknown key is kept: nothing reads it.
 */
function usableOptions(options: MeshOptions): MeshOptions {
  const object: object = typeof options === "object" && options !== null ? options : {};
  const result = meshOptions.safeParse(object);
  if (result.success) return options;
  const wrong = new Set(result.error.issues.map((issue) => issue.path[0]));
  return Object.fromEntries(Object.entries(object).filter(([key]) => !wrong.has(key))) as MeshOptions;
}

/** A model as `defineMesh` starts it, before the callback declares anything. */
function newModel(options: MeshOptions, targets: TargetOptions | undefined): MeshModel {
  return {
    targets: resolveTargets(targets),
    routeApi: options.routeApi ?? "gateway-api",
    kinds: options.kinds ?? [],
    rootNamespace: options.rootNamespace ?? "istio-system",
    drafts: [],
    patches: [],
    output: options.output ?? {},
    issues: [],
    externals: { services: [], hosts: [], gateways: [], subsets: [] },
    suppressions: [],
    namespacesArgoCdMayDelete: [],
  };
}

/**
 * Runs the callback on `model` with `args`: the model is sealed when it has finished, and the
 * promise settles then. An error the callback throws synchronously propagates.
 */
function run(model: MeshModel, call: () => unknown): Promise<void> {
  startBuilding(model);
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    seal(model);
    throw error;
  }
  if (!isPromiseLike(result)) {
    seal(model);
    return Promise.resolve();
  }
  const ready = Promise.resolve(result).then<void>(
    () => seal(model),
    (error: unknown) => {
      seal(model);
      throw error;
    },
  );
  // A program that never awaits `ready` gets no unhandled rejection; one that awaits it gets the error.
  ready.catch(() => undefined);
  return ready;
}

/**
 * Declares the mesh: the releases it targets and, in the callback, every namespace, gateway,
 * route, policy and telemetry setting. The default export of mesh.config.ts.
 *
 * @example
 * ```ts
 * export default defineMesh({ targets: { istio: "1.30.3" } }, (mesh) => {
 *   mesh.mtls("STRICT");
 *   const app = mesh.namespace("bookinfo", { dataplane: "ambient" });
 * });
 * ```
 *
 * With `environments`, the callback runs once per environment, each run with a fresh builder
 * and model, and gets the environment (`env.name`, `env.targets`, `env.clusters`) as its second
 * argument: anything may differ by environment in plain TypeScript.
 *
 * @example
 * ```ts
 * export default defineMesh({ environments: { dev: {}, prod: { clusters: { east: { server: "https://east:6443" } } } } }, (mesh, env) => {
 *   const app = mesh.namespace("bookinfo");
 *   if (env.name === "prod") mesh.namespace("payments", { clusters: ["east"] });
 * });
 * ```
 *
 * The callback may be async (to load a service catalog first): the definition's `ready` settles
 * when it has finished (every run of it, with environments), and the model is then sealed: a
 * builder method called after that throws a `MeshformError` (`MESH_SEALED`) naming the call and
 * its line. An error the callback throws synchronously propagates from `defineMesh`; an async
 * callback's rejection rejects `ready`. Wrong options are reported as issues at this line (they
 * take their defaults; a wrong environment or cluster is left out), and the callback does not
 * run when `build` is not a function, or when `environments` is given but none is usable.
 */
export function defineMesh<const Environments extends EnvironmentsOptions = {}>(options: MeshOptions<Environments>, build: MeshCallback<Environments>): MeshDefinition {
  const given = (typeof options === "object" && options !== null ? options : {}) as MeshOptions;
  if (given.environments === undefined) return defineSingle(given, build as MeshCallback);
  return defineEnvironments(given, build as MeshCallback);
}

/** A config without environments: one model, one run of the callback, as meshform always did. */
function defineSingle(options: MeshOptions, build: MeshCallback): MeshDefinition {
  const usable = usableOptions(options);
  const model = newModel(usable, usable.targets);
  // Wrong options are reported and left out; without a callback there is nothing to run.
  guardCall({ model, path: "" }, "defineMesh", DEFINE_MESH, undefined, [options, build], () => undefined);
  if (typeof build !== "function") return { kind: "MeshDefinition", model, ready: Promise.resolve() };
  const ready = run(model, () => (build as (mesh: MeshBuilder) => unknown)(new MeshBuilder(model)));
  return { kind: "MeshDefinition", model, ready };
}

/** One environment as `defineMesh` reads it: its name and its usable options. */
interface UsableEnvironment {
  readonly name: string;
  readonly options: EnvironmentOptions;
  /** The issues its options drew, at defineMesh's line. */
  readonly issues: MeshModel["issues"];
}

/**
 * The options of environment `name` as given, less the wrong parts: a wrong `targets` or
 * `destination` is left out (the mesh's apply), and so is each wrong cluster.
 */
function usableEnvironment(value: EnvironmentOptions): EnvironmentOptions {
  const result = environmentOptions.safeParse(value);
  if (result.success) return value;
  const wrong = new Set(result.error.issues.map((issue) => issue.path[0]));
  const kept = Object.fromEntries(Object.entries(value).filter(([key]) => !wrong.has(key) || key === "clusters")) as { -readonly [K in keyof EnvironmentOptions]: EnvironmentOptions[K] };
  if (wrong.has("clusters")) {
    const clusters = typeof value.clusters === "object" && value.clusters !== null ? Object.entries(value.clusters) : [];
    const wrongClusters = new Set(result.error.issues.filter((issue) => issue.path[0] === "clusters").map((issue) => issue.path[1]));
    const usable = clusters.filter(([cluster]) => !wrongClusters.has(cluster));
    if (usable.length > 0) kept.clusters = Object.fromEntries(usable);
    else delete kept.clusters;
  }
  return kept;
}

/** A config with environments: a model and a run of the callback per environment. */
function defineEnvironments(options: MeshOptions, build: MeshCallback): MeshDefinition {
  // The mesh's own options, checked as for a config without environments; environment names
  // here, each environment's options below, so that their issues go to that environment.
  const scratch = newModel({}, undefined);
  guardCall({ model: scratch, path: "" }, "defineMesh", DEFINE_MESH, undefined, [options, build], () => undefined);
  const usable = usableOptions(options);
  const named = typeof options.environments === "object" && options.environments !== null && !Array.isArray(options.environments) ? Object.entries(options.environments) : [];
  const environments: UsableEnvironment[] = named
    .filter(([name, value]) => NAME_OK.test(name) && name.length <= 63 && typeof value === "object" && value !== null && !Array.isArray(value))
    .map(([name, value]) => {
      const check = newModel({}, undefined);
      const spec: MethodSpec = { args: [{ label: "options", schema: environmentCheck(name) }], returns: "self" };
      guardCall({ model: check, path: "" }, "defineMesh", spec, undefined, [options], () => undefined);
      return { name, options: usableEnvironment(value), issues: check.issues };
    });
  if (environments.length === 0 || typeof build !== "function") {
    // Nothing usable to run: the issues say why.
    const model = newModel(usable, usable.targets);
    model.issues.push(...scratch.issues, ...environments.flatMap((environment) => environment.issues));
    return { kind: "MeshDefinition", model, ready: Promise.resolve() };
  }
  const built = environments.map((environment): MeshEnvironment => {
    const clusters: readonly ClusterTarget[] = clusterTargets(environment.options.clusters);
    const model: MeshModel = { ...newModel(usable, mergeTargets(usable.targets, environment.options.targets)), ...(clusters.length > 0 ? { clusters: clusters.map((cluster) => cluster.name) } : {}) };
    model.issues.push(...scratch.issues, ...environment.issues);
    const env: Environment = { name: environment.name, targets: model.targets, clusters };
    const mesh = new MeshBuilder(model, { name: environment.name, clusters: clusters.map((cluster) => cluster.name) });
    const ready = run(model, () => (build as (mesh: MeshBuilder, env: Environment) => unknown)(mesh, env));
    const destination = environment.options.destination;
    return {
      name: environment.name,
      clusters,
      ...(destination !== undefined ? { destination: { ...(destination.server !== undefined ? { server: destination.server } : {}), ...(destination.name !== undefined ? { name: destination.name } : {}) } } : {}),
      model,
      ready,
    };
  });
  const ready = Promise.all(built.map((environment) => environment.ready)).then(() => undefined);
  ready.catch(() => undefined);
  return { kind: "MeshDefinition", model: built[0]!.model, ready, environments: built };
}

/** An RFC 1123 label: what an environment's name must be (it names folders and Applications). */
const NAME_OK = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}
