import { EVERY_KIND, type KindSelector } from "./sources/openapi.js";

/** One release of an upstream product, as folders or files under the specs folder. */
export interface BuiltinRelease {
  readonly release: string;
  /** Paths relative to the specs folder. */
  readonly inputs: readonly string[];
}

/** One generated kinds tree of meshform's own packages. */
export interface BuiltinTarget {
  /** A short name, e.g. `istio`. */
  readonly name: string;
  readonly product: string;
  /** The output folder, relative to the workspace root. */
  readonly out: string;
  /**
   * Oldest first; the last is generated with types, every older one with its own schemas and
   * metadata (`releases.ts`), and all feed the availability index.
   */
  readonly releases: readonly BuiltinRelease[];
  readonly select?: readonly KindSelector[];
  /** Where `ObjectMeta` is imported from; omitted inside `@meshform/k8s` itself. */
  readonly objectMetaSpecifier?: string;
}

/** Every Gateway API release meshform checks against, oldest first. */
const GATEWAY_API_RELEASES = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];

/** The kinds meshform ships: Kubernetes core/v1 and apps/v1, Istio, Gateway API (both channels), Argo CD. */
export const BUILTIN_TARGETS: readonly BuiltinTarget[] = [
  {
    name: "k8s",
    product: "Kubernetes",
    out: "packages/k8s/src/generated",
    releases: [{ release: "1.35", inputs: ["kubernetes/1.35/api__v1_openapi.json", "kubernetes/1.35/apis__apps__v1_openapi.json"] }],
    // Every kind of core/v1 and apps/v1 that `kubectl apply` can manage (see EVERY_KIND).
    select: [{ group: "", version: "v1", kind: EVERY_KIND }, { group: "apps", version: "v1", kind: EVERY_KIND }],
  },
  {
    name: "istio",
    product: "Istio",
    out: "packages/istio/src/generated",
    releases: ["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10", "1.29.6", "1.30.3"].map((release) => ({ release, inputs: [`istio/${release}/crd-all.gen.yaml`] })),
    objectMetaSpecifier: "@meshform/k8s/meta/v1",
  },
  {
    name: "gateway-api-standard",
    product: "Gateway API",
    out: "packages/gateway-api/src/generated/standard",
    releases: GATEWAY_API_RELEASES.map((release) => ({ release, inputs: [`gateway-api/${release}/standard`] })),
    objectMetaSpecifier: "@meshform/k8s/meta/v1",
  },
  {
    name: "gateway-api-experimental",
    product: "Gateway API",
    out: "packages/gateway-api/src/generated/experimental",
    releases: GATEWAY_API_RELEASES.map((release) => ({ release, inputs: [`gateway-api/${release}/experimental`] })),
    objectMetaSpecifier: "@meshform/k8s/meta/v1",
  },
  {
    name: "argo-cd",
    product: "Argo CD",
    out: "packages/argo-cd/src/generated",
    releases: [{ release: "v3.5.1", inputs: ["argo-cd/v3.5.1"] }],
    objectMetaSpecifier: "@meshform/k8s/meta/v1",
  },
];
