/**
 * The code generator: turns Kubernetes CRDs and OpenAPI v3 documents into typed kinds
 * (TypeScript types with TSDoc, strict zod schemas, metadata with CEL rules, factories, and an
 * availability index across upstream releases).
 *
 * The pipeline is `readSpecDocuments` (I/O) → `collectKinds` → `generateKinds` (pure) →
 * `writeTree` (I/O); `runCodegen` runs it whole.
 *
 * @packageDocumentation
 */
export { SpecError, OutputNotOwnedError, formatLocation, type SpecErrorCode, type SpecLocation } from "./errors.js";
export { readSpecDocuments, parseSpecText, type SpecDocument } from "./sources/read.js";
export { collectKinds, parseKindSelector, type CollectedKinds } from "./sources/collect.js";
export { EVERY_KIND, type KindSelector } from "./sources/openapi.js";
export type { KindSource, KindVersionSource, SkippedDocument } from "./sources/kind-source.js";
export { generateKinds } from "./plan/generate.js";
export type { GenerateKindsOptions, GeneratedFile, ReleaseKinds } from "./plan/types.js";
export { diffTree, writeTree, type TreeDiff } from "./write.js";
export { runCodegen, runBuiltinCodegen, builtinTarget, type CodegenTarget, type CodegenResult } from "./run.js";
export { BUILTIN_TARGETS, type BuiltinTarget, type BuiltinRelease } from "./builtin.js";
export { GENERATOR } from "./version.js";
