/**
 * Mesh analysis: {@link analyzeMesh} looks at a whole set of resources (what `meshform generate`
 * compiled, or YAML written by hand) and reports what is valid resource by resource but broken or
 * unsafe across the set: references to nothing, routes and policies in conflict, a weak security
 * posture, settings that do nothing for the port's protocol, and ambient-mode mistakes. Findings
 * are {@link AnalysisIssue}s with a stable {@link AnalysisCode}, each documented in
 * docs/analysis/; nothing throws for a bad resource. What lives outside the set is declared with
 * {@link ExternalDeclarations}; a finding is suppressed, with a reason, by the
 * `meshform.dev/suppress` annotation or a {@link Suppression}. YAML is read with
 * `@meshform/validate`'s reader; {@link readResources} takes the resources from what it read,
 * and reports the documents that are not resources.
 *
 * @packageDocumentation
 */
export { analyzeMesh } from "./analyze.js";
export type { AnalysisCode, AnalysisIssue } from "./codes.js";
export type { AnalyzedResource, AnalyzeOptions, Check, ExternalDeclarations, FieldPath, Finding, Suppression } from "./types.js";
export { CHECKS } from "./checks/index.js";
export { SUPPRESS_ANNOTATION, parseSuppressions, type SuppressionEntry } from "./suppress.js";
export { readResources, resourcesOf, type ReadResources } from "./manifests.js";
export { AnalyzeError, mergeExternalDeclarations, parseExternalReference, readExternalDeclarations, serviceReferencesOf, type AnalyzeErrorCode } from "./external.js";
export { indexResources, type GatewayInfo, type IndexedResource, type ListenerInfo, type MeshIndex, type PortInfo } from "./resource-index.js";
