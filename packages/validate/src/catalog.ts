/**
 * The kinds a validator knows come from `@meshform/catalog`, the catalog every stage asks: which
 * kinds and versions the target serves, with which schema. This module turns a validator's
 * options into that catalog's target, and the catalog's refusals into {@link ValidateError}s.
 */
import {
  CatalogError,
  createCatalog,
  GATEWAY_API_RELEASES,
  ISTIO_RELEASES,
  type GatewayApiChannel,
  type KindCatalog,
} from "@meshform/catalog";
import type { KindEntry } from "@meshform/kind-runtime";
import { ValidateError } from "./codes.js";

export type { CatalogEntry, KindCatalog as Catalog } from "@meshform/catalog";
export type { GatewayApiChannel };

/** What {@link createCatalog} needs: the target releases and the Gateway API channel. */
export interface CatalogOptions {
  /** @defaultValue the newest Istio release meshform ships */
  readonly istioRelease?: string;
  /** @defaultValue the newest Gateway API release meshform ships */
  readonly gatewayApiRelease?: string;
  /** @defaultValue `"standard"` */
  readonly gatewayApiChannel?: GatewayApiChannel;
  /**
   * Kinds meshform does not ship, generated with `meshform codegen` from their CRDs: checked
   * like the built-in kinds (schema, defaults, CEL rules). They take precedence over a built-in
   * kind of the same apiVersion and kind.
   * @defaultValue none
   */
  readonly kinds?: readonly KindEntry[];
}

/** The releases of each product meshform ships the schemas of, oldest first: what `--istio-release` and `--gateway-api-release` accept. */
export function supportedReleases(): { readonly istio: readonly string[]; readonly gatewayApi: readonly string[] } {
  return { istio: ISTIO_RELEASES, gatewayApi: GATEWAY_API_RELEASES };
}

/**
 * The catalog of a validator's target.
 *
 * @throws ValidateError (`UNKNOWN_RELEASE`, `UNKNOWN_CHANNEL`) for a release or channel meshform does not ship
 */
export function catalogFor(options: CatalogOptions): KindCatalog {
  try {
    return createCatalog({
      ...(options.istioRelease === undefined ? {} : { istio: options.istioRelease }),
      gatewayApi: {
        ...(options.gatewayApiRelease === undefined ? {} : { release: options.gatewayApiRelease }),
        ...(options.gatewayApiChannel === undefined ? {} : { channel: options.gatewayApiChannel }),
      },
      ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
    });
  } catch (error) {
    if (error instanceof CatalogError) throw new ValidateError(error.code, error.message);
    throw error;
  }
}
