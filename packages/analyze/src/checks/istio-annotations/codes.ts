/** The codes of the checks in this folder (see docs/analysis/<CODE>.md). */
export type IstioAnnotationsCode =
  /** An Istio annotation on a kind Istio's list says it does not apply to (istioctl's IST0107). */
  | "ANNOTATION_MISPLACED"
  /** An annotation in Istio's namespace that Istio's list does not hold (istioctl's IST0108). */
  | "ANNOTATION_UNKNOWN"
  /** An Istio annotation whose value the sidecar injector rejects (istioctl's IST0125). */
  | "ANNOTATION_INVALID"
  /** An Istio annotation Istio's list marks deprecated (istioctl's IST0135). */
  | "ANNOTATION_DEPRECATED"
  /** An Istio annotation of an alpha-phase feature (istioctl's IST0136). */
  | "ANNOTATION_ALPHA"
  /** A deprecated Istio field, or the CRD of a removed Istio resource type (istioctl's IST0002). */
  | "DEPRECATED_CONFIG";
