/**
 * Offline validation as strict as the Kubernetes API server's on create: for any resource
 * meshform knows (Kubernetes core kinds, Istio, the Gateway API standard or experimental
 * channel), the exact kind and version, the target release, the structural schema (types,
 * required, enums, patterns, formats, bounds, unknown fields), every `x-kubernetes-validations`
 * CEL rule on the defaulted object, and Istio's own admission rules. {@link createValidator}
 * checks plain objects. {@link readManifests} reads files, folders and standard input as kubectl
 * reads them, {@link parseManifests} reads text, and each document they give can tell the line
 * of any of its fields; {@link validateManifests} and {@link validateManifestFile} check what
 * they read and place each issue at its file and line.
 * Findings are {@link ValidateIssue}s; nothing throws for a bad resource.
 *
 * @packageDocumentation
 */
import "./admission-rules.js";

export * from "./lazy.js";
