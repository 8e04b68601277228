/** The codes of the checks in this folder (see docs/analysis/<CODE>.md). */
export type IstioAnnotationsCode = never;
