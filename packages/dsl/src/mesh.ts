import type { KindEntry } from "@meshform/kind-runtime";
import type { Operation } from "./json-patch.js";
import type { MeshModel, OutputSettings } from "./model.js";
import { callOrigin } from "./origin.js";
import { resolveTargets, type TargetOptions } from "./targets.js";
import { NamespaceBuilder, type NamespaceOptions } from "./builders/namespace.js";
import type { Patchable, ResourceRef, RouteApi } from "./refs.js";
import { addRaw, type RawResource } from "./builders/raw.js";
import { meshPeerAuthentication, type MtlsMode } from "./builders/mesh-security.js";
import { addTelemetry, type TelemetryOptions } from "./builders/telemetry.js";
import type { BuilderContext } from "./draft-store.js";
import { guardCall, guardMethods, type MethodSpec } from "./input.js";
import { MESH_METHODS, meshCallback, meshOptions } from "./option-schemas/mesh.js";
import { seal, startBuilding } from "./seal.js";

/** The options of {@link defineMesh}. */
export interface MeshOptions {
  /** The upstream releases the output is for. @defaultValue the newest meshform knows */
  readonly targets?: TargetOptions;
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
}

/** `defineMesh`'s callback: it declares the mesh, synchronously or as an async function. */
export type MeshCallback = ((mesh: MeshBuilder) => void) | ((mesh: MeshBuilder) => Promise<void>);

/** The top-level builder handed to {@link defineMesh}'s callback. */
export class MeshBuilder {
  readonly #model: MeshModel;
  readonly #namespaces = new Map<string, NamespaceBuilder>();
  /** @internal Where the builder's issues are recorded. */
  readonly ctx: BuilderContext;

  /** @internal */
  constructor(model: MeshModel) {
    this.#model = model;
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
  namespace(name: string, options: NamespaceOptions = {}): NamespaceBuilder {
    const existing = this.#namespaces.get(name);
    if (existing) return existing.merge(options);
    const builder = new NamespaceBuilder({ model: this.#model, path: "" }, name, options);
    this.#namespaces.set(name, builder);
    return builder;
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
 * The callback may be async (to load a service catalog first): the definition's `ready` settles
 * when it has finished, and the model is then sealed: a builder method called after that throws
 * a `MeshformError` (`MESH_SEALED`) naming the call and its line. An error the callback throws
 * synchronously propagates from `defineMesh`; an async callback's rejection rejects `ready`.
 * Wrong options are reported as issues at this line (they take their defaults), and the
 * callback does not run when `build` is not a function.
 */
export function defineMesh(options: MeshOptions, build: MeshCallback): MeshDefinition {
  const usable = usableOptions(options);
  const model: MeshModel = {
    targets: resolveTargets(usable.targets),
    routeApi: usable.routeApi ?? "gateway-api",
    kinds: usable.kinds ?? [],
    rootNamespace: usable.rootNamespace ?? "istio-system",
    drafts: [],
    patches: [],
    output: usable.output ?? {},
    issues: [],
    externals: { services: [], hosts: [], gateways: [], subsets: [] },
    suppressions: [],
    namespacesArgoCdMayDelete: [],
  };
  // Wrong options are reported and left out; without a callback there is nothing to run.
  guardCall({ model, path: "" }, "defineMesh", DEFINE_MESH, undefined, [options, build], () => undefined);
  if (typeof build !== "function") return { kind: "MeshDefinition", model, ready: Promise.resolve() };
  startBuilding(model);
  let result: unknown;
  try {
    result = build(new MeshBuilder(model));
  } catch (error) {
    seal(model);
    throw error;
  }
  if (!isPromiseLike(result)) {
    seal(model);
    return { kind: "MeshDefinition", model, ready: Promise.resolve() };
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
  return { kind: "MeshDefinition", model, ready };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}
