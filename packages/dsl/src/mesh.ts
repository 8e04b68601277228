import type { KindEntry } from "@meshform/kind-runtime";
import type { Operation } from "./json-patch.js";
import type { MeshModel, OutputSettings } from "./model.js";
import { captureOrigin } from "./origin.js";
import { resolveTargets, type TargetOptions } from "./targets.js";
import { NamespaceBuilder, type NamespaceOptions } from "./builders/namespace.js";
import type { Patchable, ResourceRef } from "./refs.js";
import { addRaw, type RawResource } from "./builders/raw.js";
import { meshPeerAuthentication, type MtlsMode } from "./builders/mesh-security.js";
import { addTelemetry, type TelemetryOptions } from "./builders/telemetry.js";

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
}

/** The whole mesh, built: what `meshform generate` loads from mesh.config.ts's default export. */
export interface MeshDefinition {
  readonly kind: "MeshDefinition";
  readonly model: MeshModel;
}

/** The top-level builder handed to {@link defineMesh}'s callback. */
export class MeshBuilder {
  readonly #model: MeshModel;
  readonly #namespaces = new Map<string, NamespaceBuilder>();

  /** @internal */
  constructor(model: MeshModel) {
    this.#model = model;
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
    return this.namespace(this.#model.rootNamespace, { managed: false });
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
    this.#model.suppressions.push({ code, reason: options.reason, ...(resource ? { resource } : {}), origin: captureOrigin() });
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
    this.#model.patches.push({ target: { group, kind, namespace, name }, operations, origin: captureOrigin() });
    return this;
  }
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
 */
export function defineMesh(options: MeshOptions, build: (mesh: MeshBuilder) => void): MeshDefinition {
  const model: MeshModel = {
    targets: resolveTargets(options.targets),
    kinds: options.kinds ?? [],
    rootNamespace: options.rootNamespace ?? "istio-system",
    drafts: [],
    patches: [],
    output: options.output ?? {},
    issues: [],
    externals: { services: [], hosts: [], gateways: [] },
    suppressions: [],
    namespacesArgoCdMayDelete: [],
  };
  build(new MeshBuilder(model));
  return { kind: "MeshDefinition", model };
}
