import { MeshformError } from "@meshform/diagnostics";

/** The codes of {@link CatalogError}. */
export type CatalogErrorCode = "UNKNOWN_RELEASE" | "UNKNOWN_CHANNEL";

/** A target meshform does not ship: an unknown release, or an unknown Gateway API channel. */
export class CatalogError extends MeshformError<CatalogErrorCode> {
  override readonly name = "CatalogError";
}
