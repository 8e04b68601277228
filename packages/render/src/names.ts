// Names that become paths. Every part of a path meshform writes comes from a value checked here,
// and none of the accepted forms can hold `/`, `\`, `_`, a leading dot or `..`: no path can leave
// the output folder, and `_` can separate the parts of a file name without ambiguity.

/** A DNS-1123 label: what a namespace name (and so a folder name) must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: what most object names must be. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A kind: an upper-case letter, then letters and digits. */
const KIND = /^[A-Z][A-Za-z0-9]*$/;
/** An API version inside a group, e.g. `v1`, `v1beta1`. */
const VERSION = /^[a-z0-9]+$/;

/** What a DNS-1123 label is, for messages. */
export const DNS_LABEL_RULE = "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
/** What a DNS-1123 subdomain is, for messages. */
export const DNS_SUBDOMAIN_RULE =
  "lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit, at most 253 characters";

/** Whether `name` is a DNS-1123 label (RFC 1123, as Kubernetes checks namespace names). */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Whether `name` is a DNS-1123 subdomain (RFC 1123, as Kubernetes checks most object names). */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** Whether `kind` has the form of a Kubernetes kind. */
export function isKind(kind: string): boolean {
  return KIND.test(kind);
}

/**
 * Splits an `apiVersion` into group and version: `networking.istio.io/v1` → group
 * `networking.istio.io`, version `v1`; `v1` → the core group `""`. `undefined` when the value has
 * neither form.
 */
export function splitApiVersion(apiVersion: string): { group: string; version: string } | undefined {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (!VERSION.test(version)) return undefined;
  if (slash >= 0 && !isDnsSubdomain(group)) return undefined;
  return { group, version };
}

/**
 * The file name of one resource inside its folder: `<kind>_<group>_<name>.yaml` with the kind in
 * lower case, or `<kind>_<name>.yaml` for the core group. `_` occurs in none of the parts, so the
 * name is unique per (group, kind, name) and reads in the order a person looks for.
 *
 * @example
 * ```ts
 * fileNameOf("gateway.networking.k8s.io", "Gateway", "public"); // "gateway_gateway.networking.k8s.io_public.yaml"
 * fileNameOf("networking.istio.io", "Gateway", "public");       // "gateway_networking.istio.io_public.yaml"
 * fileNameOf("", "ConfigMap", "settings");                     // "configmap_settings.yaml"
 * ```
 */
export function fileNameOf(group: string, kind: string, name: string): string {
  const lower = kind.toLowerCase();
  return group === "" ? `${lower}_${name}.yaml` : `${lower}_${group}_${name}.yaml`;
}

/** The folder cluster-scoped resources go to: `_` keeps it apart from every namespace name. */
export const CLUSTER_FOLDER = "_cluster";
