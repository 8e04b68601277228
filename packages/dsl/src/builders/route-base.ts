import type { HTTPRouteSpec, HTTPRouteSpecParentRefs } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import type { Draft, DraftKey } from "../model.js";
import { parentRefOf, type GatewayRef, type Patchable, type RouteParent, type ServiceRef } from "../refs.js";
import { guardContext, reportRoute, type RouteSite } from "./route-issue.js";
import { guardMethods } from "../input.js";
import { ROUTE_METHODS } from "../option-schemas/route.js";

/**
 * How a route attaches to its parent: to a Gateway, optionally one of its listeners
 * (`sectionName`, typed as that gateway's listener names) or port; to a Service (mesh routing),
 * optionally one of its ports.
 */
export type AttachOptions<Parent> =
  Parent extends GatewayRef<infer Listener>
    ? {
        /** The listener to attach to. @defaultValue every listener that allows the route */
        readonly sectionName?: Listener;
        /** The listener port to attach to. @defaultValue every port */
        readonly port?: HTTPRouteSpecParentRefs["port"];
      }
    : Parent extends ServiceRef<infer Port>
      ? {
          /** The Service port whose traffic the route governs. @defaultValue every port */
          readonly port?: Port;
        }
      : never;

/** What every route takes besides its rules. */
export interface RouteOptions extends DraftMetadata {
  /** The hostnames the route answers for (Gateway routes). @defaultValue every hostname of the listener */
  readonly hostnames?: Readonly<NonNullable<HTTPRouteSpec["hostnames"]>>;
}

/** What identifies a route, for a ReferenceGrant's `from`. */
export interface RouteRef {
  readonly group: "gateway.networking.k8s.io";
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

function parentKey(ref: HTTPRouteSpecParentRefs, from: string): string {
  return `${ref.group ?? ""}/${ref.kind ?? ""}/${ref.namespace ?? from}/${ref.name}`;
}

/**
 * The part HTTPRoute and GRPCRoute share: the draft, its parents and hostnames. The spec is
 * rewritten in a fixed key order (parentRefs, hostnames, rules) after each change, so the output
 * does not depend on the order of the calls. The builder is the route's reference: for a
 * ReferenceGrant's `from`, and for `mesh.patch`.
 */
export abstract class RouteBuilder implements RouteRef, Patchable {
  readonly group = "gateway.networking.k8s.io" as const;
  readonly kind: "HTTPRoute" | "GRPCRoute";
  readonly namespace: string;
  readonly name: string;
  /** The route, for `mesh.patch`. */
  readonly draftKey: DraftKey;
  /** @internal What errors name. */
  protected readonly site: RouteSite;
  /** @internal The plain rules, in order. */
  protected readonly rules: object[] = [];
  readonly #draft: Draft;
  readonly #parents: HTTPRouteSpecParentRefs[] = [];
  readonly #hostnames: string[] = [];

  static {
    guardMethods(RouteBuilder.prototype, (self) => guardContext(self.site), ROUTE_METHODS);
  }

  /** @internal */
  constructor(ctx: BuilderContext, kind: "HTTPRoute" | "GRPCRoute", method: string, namespace: string, name: string, options: RouteOptions) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.draftKey = { group: this.group, kind, namespace, name };
    this.#draft = addDraft(ctx, { group: this.group, kind, name, namespace, spec: {}, metadata: options, method });
    this.site = { ctx, draft: this.#draft, namespace };
    if (options.hostnames) this.hostnames(...options.hostnames);
  }

  /**
   * Attaches the route to a Gateway (north-south), or to a Service for mesh (GAMMA) routing. A
   * parent in another namespace is referenced with its namespace.
   *
   * @example
   * ```ts
   * route.attachTo(gateway, { sectionName: "https" });
   * route.attachTo(reviews); // mesh routing: traffic to the reviews Service
   * ```
   *
   * The parent is typed by its `refType` only, so that a ServiceRef written inline keeps its ports.
   */
  attachTo<Parent extends Pick<RouteParent, "refType">>(parent: Parent, ...options: Parent extends RouteParent ? [options?: AttachOptions<Parent>] : never): this {
    const opts = (options[0] ?? {}) as { readonly sectionName?: string; readonly port?: number };
    return this.#attach(parent as unknown as RouteParent, opts);
  }

  #attach(parent: RouteParent, opts: { readonly sectionName?: string; readonly port?: number }): this {
    const path = ["spec", "parentRefs", this.#parents.length];
    if (parent.refType === "service" && opts.port !== undefined && parent.ports.length > 0 && !parent.ports.includes(opts.port)) {
      reportRoute(this.site, "UNKNOWN_PORT", [...path, "port"], `Service ${parent.namespace}/${parent.name} has no port ${opts.port} (it has ${parent.ports.join(", ")})`, "use one of the ports given to namespace.service()");
      return this;
    }
    const ref = parentRefOf(parent, this.namespace, opts);
    const same = this.#parents.filter((p) => parentKey(p, this.namespace) === parentKey(ref, this.namespace));
    if (same.length > 0 && (ref.sectionName === undefined || same.some((p) => p.sectionName === undefined || p.sectionName === ref.sectionName))) {
      reportRoute(this.site, "DUPLICATE_PARENT", path, `the route attaches to ${parent.kind} ${parent.namespace}/${parent.name} twice`, "attach once, or once per listener, each with its own sectionName");
      return this;
    }
    this.#parents.push(ref);
    return this.sync();
  }

  /**
   * Adds hostnames the route answers for.
   *
   * @example
   * ```ts
   * route.hostnames("bookinfo.example.com");
   * ```
   */
  hostnames(...hostnames: readonly string[]): this {
    for (const hostname of hostnames) if (!this.#hostnames.includes(hostname)) this.#hostnames.push(hostname);
    return this.sync();
  }

  /** @internal Appends a finished rule. */
  protected addRule(rule: object): this {
    this.rules.push(rule);
    return this.sync();
  }

  /** Writes the spec in its fixed key order. */
  private sync(): this {
    const spec: { parentRefs?: unknown; hostnames?: unknown; rules?: unknown } = {};
    if (this.#parents.length > 0) spec.parentRefs = this.#parents;
    if (this.#hostnames.length > 0) spec.hostnames = this.#hostnames;
    if (this.rules.length > 0) spec.rules = this.rules;
    this.#draft.body.spec = spec;
    return this;
  }
}
