/**
 * The Istio release the admission rules are checked as. Istio's webhook changed between the
 * releases meshform supports (1.24 to 1.30); a rule that differs asks {@link atLeast} with the
 * minor release that introduced the change. See docs/istio-admission.md, "Rules by release".
 */

/** The minor version of the newest Istio release meshform ships (1.30). */
export const NEWEST_MINOR = 30;

/**
 * The minor version of an Istio release (`"1.27.9"` gives 27). `undefined`, or a release that
 * does not read as `1.<minor>[.<patch>]`, means the newest release meshform ships.
 *
 * @example
 * ```ts
 * minorOf("1.28.10"); // 28
 * minorOf(undefined); // 30
 * ```
 */
export function minorOf(release: string | undefined): number {
  const match = /^v?1\.(\d+)(?:\.\d+)?$/.exec(release ?? "");
  return match === null ? NEWEST_MINOR : Number(match[1]);
}

/** Whether a release of minor version `minor` has a rule that Istio 1.`since` introduced. */
export function atLeast(minor: number, since: number): boolean {
  return minor >= since;
}
