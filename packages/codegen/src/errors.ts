import { MeshformError } from "@meshform/diagnostics";

/** Where in the inputs a problem sits: the file, the document inside it, and the JSON pointer. */
export interface SpecLocation {
  /** The file path or URL the document came from. */
  readonly file: string;
  /** The 0-based index of the document inside a multi-document YAML file. */
  readonly document?: number;
  /** A JSON pointer into the document, e.g. `/spec/versions/0/schema/openAPIV3Schema/properties/spec`. */
  readonly pointer?: string;
}

/** The stable codes of {@link SpecError}. */
export type SpecErrorCode =
  | "SPEC_READ_FAILED"
  | "SPEC_PARSE_FAILED"
  | "SPEC_INVALID_CRD"
  | "SPEC_UNRESOLVED_REF"
  | "SPEC_UNSUPPORTED"
  | "SPEC_NO_KINDS"
  | "SPEC_KIND_NOT_FOUND"
  | "SPEC_NAME_CLASH";

/**
 * A problem with an input schema: a malformed spec, an unresolvable `$ref`, or a construct the
 * generator does not support. The message names the file, the document and the schema path.
 */
export class SpecError extends MeshformError<SpecErrorCode> {
  override readonly name = "SpecError";
  /** Where the problem is. */
  readonly location: SpecLocation;

  constructor(code: SpecErrorCode, location: SpecLocation, problem: string, options?: { cause?: unknown }) {
    super(code, `${formatLocation(location)}: ${problem}`, options);
    this.location = location;
  }
}

/** Formats a location as `file (document N) at /pointer`. */
export function formatLocation(location: SpecLocation): string {
  let text = location.file;
  if (location.document !== undefined) text += ` (document ${location.document + 1})`;
  if (location.pointer) text += ` at ${location.pointer}`;
  return text;
}

/**
 * The generator was asked to replace a folder that holds a file it did not write. It owns its
 * output folder whole and replaces it on every run, so a mistaken output (`.`, `src`) would
 * otherwise delete the user's own files.
 */
export class OutputNotOwnedError extends MeshformError<"OUT_NOT_OWNED"> {
  override readonly name = "OutputNotOwnedError";
}
