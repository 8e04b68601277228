/**
 * The package's exports, without loading Istio's admission rules: `meshform validate` imports
 * this entry and loads them with {@link loadIstioAdmissionFor} only for an input that holds an
 * Istio kind they cover, which keeps a run over a few files quick to start. A validator used
 * before they are loaded loads them then, synchronously.
 *
 * @packageDocumentation
 */
export { createValidator, type Validator, type ValidatorOptions, type ResourceSource, type ValidatorStats } from "./validator.js";
export { validateManifestFile, validateManifests, type DocumentResult } from "./manifests.js";
export { notAResourceIssue } from "./not-a-resource.js";
export { parseManifests, type ManifestDocument, type ManifestFile, type ManifestReadIssue } from "./yaml/parse.js";
export { readManifests, type ReadManifestsOptions } from "./yaml/read.js";
export { supportedReleases, type GatewayApiChannel } from "./catalog.js";
export { describeRuleCoverage, type RuleCoverage } from "./coverage.js";
export { ValidateError, type ValidateErrorCode, type ValidateIssue, type ValidateIssueCode } from "./codes.js";
export type { FieldPath } from "./value.js";
/** Formats an issue path as the API server prints it: `spec.rules[0].backendRefs[1].weight`. */
export { formatPath } from "@meshform/kind-runtime";
export { loadIstioAdmission, loadIstioAdmissionFor } from "./admission.js";
export { startValidationThread, type PendingValidation, type ThreadValidatorOptions, type ValidationThread } from "./thread.js";
