import type { Check } from "../../types.js";
import { annotationAlpha } from "./annotation-alpha.js";
import { annotationDeprecated } from "./annotation-deprecated.js";
import { annotationInvalid } from "./annotation-invalid.js";
import { annotationMisplaced } from "./annotation-misplaced.js";
import { annotationUnknown } from "./annotation-unknown.js";
import { deprecatedConfig } from "./deprecated-config.js";

/** The checks of this folder, in the order their findings are reported for one resource. */
export const ISTIO_ANNOTATIONS_CHECKS: readonly Check[] = [annotationUnknown, annotationMisplaced, annotationInvalid, annotationDeprecated, annotationAlpha, deprecatedConfig];
