/**
 * `meshform import` as a library: {@link importManifests} turns parsed manifests (each document
 * with its file and line, as `@meshform/validate`'s `readManifests` gives them) into the text of
 * a mesh.config.ts, with intents where the input matches one and typed raw resources for the
 * rest, and a report of how each resource was written and every difference between the input
 * and what the config generates.
 *
 * @packageDocumentation
 */
export { importManifests, factoryName } from "./import.js";
export { camelCase } from "./names.js";
export { documentStartLines } from "./lines.js";
export type { FieldPath, ImportDocument, ImportedResource, ImportIssue, ImportIssueCode, ImportOptions, ImportReport, ImportResult } from "./types.js";
