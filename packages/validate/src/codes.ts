import { MeshformError, type Issue } from "@meshform/diagnostics";

/**
 * The stable codes of the findings `@meshform/validate` reports, listed with their meaning in
 * docs/validate.md. A code is never reused for another meaning.
 */
export type ValidateIssueCode =
  /** A file or document that cannot be read as YAML or JSON. */
  | "YAML_SYNTAX"
  /** A file, folder or stream that cannot be read. */
  | "READ_FAILED"
  /** An input (file, folder or standard input) that holds no manifest at all. */
  | "NO_MANIFESTS"
  /** A document that is not an object, or lacks `apiVersion` or `kind`. */
  | "NOT_A_RESOURCE"
  /** A kind of an API group meshform has no schema for: the resource is not checked (warning). */
  | "UNKNOWN_KIND"
  /** A group meshform knows, but a version or kind it does not serve. */
  | "UNKNOWN_VERSION"
  /** A Gateway API kind or version of the experimental channel, checked against the standard one. */
  | "NOT_IN_CHANNEL"
  /** A kind version or field that the target release does not have yet. */
  | "NOT_IN_RELEASE"
  /** A version the API server serves with a deprecation warning (warning). */
  | "DEPRECATED_VERSION"
  /** The structural schema rejects a value: type, required, enum, pattern, format, bounds. */
  | "SCHEMA_INVALID"
  /** A `metadata.name`, `generateName` or `metadata.namespace` the API server refuses for the kind (DNS-1035 label, DNS-1123 label or subdomain). */
  | "NAME_INVALID"
  /** Kubernetes' own validation (the API server's Go code) rejects a value the schema allows: labels, annotations, ports, sizes, selectors. */
  | "KUBERNETES_INVALID"
  /** A field the schema does not declare: dropped by the API server (warning), or an error with `strict`. */
  | "UNKNOWN_FIELD"
  /** An `x-kubernetes-validations` rule evaluated to false. */
  | "CEL_RULE"
  /** An `x-kubernetes-validations` rule failed while evaluating (as the API server, an error). */
  | "CEL_EVALUATION"
  /** The rules were not evaluated, because a blocking schema error (type, required, enum, too long, too many) came first (warning). */
  | "RULES_NOT_CHECKED"
  /** A rule the engine cannot evaluate (it does not compile, or calls a function the engine lacks): not checked (warning). */
  | "CEL_UNSUPPORTED"
  /** Istio's validating webhook would reject the resource. */
  | "ISTIO_ADMISSION"
  /** Istio's validating webhook would admit the resource with a warning. */
  | "ISTIO_ADMISSION_WARNING";

/** A finding of `@meshform/validate`. */
export type ValidateIssue = Issue<ValidateIssueCode>;

/** The codes of the errors `@meshform/validate` throws for a wrong call (never for a resource). */
export type ValidateErrorCode = "UNKNOWN_RELEASE" | "UNKNOWN_CHANNEL";

/**
 * A validator asked for something meshform does not ship: a release outside the availability
 * index, or a Gateway API channel other than `standard` and `experimental`.
 */
export class ValidateError extends MeshformError<ValidateErrorCode> {
  override readonly name = "ValidateError";
}
