/**
 * The one catalog of the kinds meshform knows, for every stage: `compile` (the DSL), `meshform
 * validate` and the renderer's scope lookup ask it which kinds and versions a target serves, with
 * which schema, and whether a kind is namespaced.
 *
 * A target is an Istio release, a Gateway API release and a channel. Kubernetes' kinds and Argo
 * CD's have no target release: they are always served. A kinds package that ships the schemas of
 * each release (`releases`) gives each target its own schemas, CEL rules and defaults; otherwise
 * the newest release's schemas are used, with the availability index for what is newer than the
 * target.
 *
 * @example
 * ```ts
 * import { createCatalog } from "@meshform/catalog";
 * const catalog = createCatalog({ istio: "1.27.9" });
 * catalog.find("networking.istio.io/v1", "DestinationRule")?.entry.schema;
 * planTree(resources, { scopeOf: catalog.scopeOf });
 * ```
 *
 * @packageDocumentation
 */
export {
  createCatalog,
  type CatalogEntry,
  type CatalogOptions,
  type KindCatalog,
  type NewerField,
  type ProductTarget,
} from "./catalog.js";
export { CatalogError, type CatalogErrorCode } from "./errors.js";
export {
  compareReleases,
  GATEWAY_API_CHANNELS,
  GATEWAY_API_RELEASES,
  ISTIO_RELEASES,
  isGatewayApiRelease,
  isIstioRelease,
  NEWEST_GATEWAY_API_RELEASE,
  NEWEST_ISTIO_RELEASE,
  type GatewayApiChannel,
  type GatewayApiRelease,
  type IstioRelease,
} from "./releases.js";
