// Names that become paths. Every part of a path meshform writes comes from a value checked here,
// and none of the accepted forms can hold `/`, `\`, `_`, a leading dot or `..`: no path can leave
// the output folder, and `_` can separate the parts of a file name without ambiguity.

import { createHash } from "node:crypto";

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
 * The longest file name meshform writes, in bytes (every part is ASCII). File systems allow 255;
 * the rest leaves room for the temporary names a write stages a file under (`.<name>.meshform-tmp`).
 */
export const MAX_FILE_NAME = 200;

/** How many hex digits of the SHA-256 of the full name a shortened file name ends with (64 bits). */
const HASH_DIGITS = 16;

/**
 * The file name of one resource inside its folder: `<kind>_<group>_<name>.yaml` with the kind in
 * lower case, or `<kind>_<name>.yaml` for the core group. `_` occurs in none of the parts, so the
 * name is unique per (group, kind, name) and reads in the order a person looks for.
 *
 * A name longer than {@link MAX_FILE_NAME} (a group and a name may each be 253 characters) keeps
 * its first characters and ends with `__` and the first 16 hex digits of the SHA-256 of the full
 * name: `<first characters>__<hash>.yaml`, {@link MAX_FILE_NAME} bytes long. The same resource
 * always gets the same name. No part is empty, so a full name never holds `__` and a shortened
 * name never equals one; two shortened names are equal only if 64 bits of their hashes are.
 *
 * @example
 * ```ts
 * fileNameOf("gateway.networking.k8s.io", "Gateway", "public"); // "gateway_gateway.networking.k8s.io_public.yaml"
 * fileNameOf("networking.istio.io", "Gateway", "public");       // "gateway_networking.istio.io_public.yaml"
 * fileNameOf("", "ConfigMap", "settings");                     // "configmap_settings.yaml"
 * fileNameOf("", "ConfigMap", "a".repeat(253));                // "configmap_aaa…aaa__<16 hex digits>.yaml", 200 characters
 * ```
 */
export function fileNameOf(group: string, kind: string, name: string): string {
  const lower = kind.toLowerCase();
  const full = group === "" ? `${lower}_${name}` : `${lower}_${group}_${name}`;
  if (full.length + ".yaml".length <= MAX_FILE_NAME) return `${full}.yaml`;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, HASH_DIGITS);
  const kept = MAX_FILE_NAME - `__${hash}.yaml`.length;
  return `${full.slice(0, kept)}__${hash}.yaml`;
}

/** The folder cluster-scoped resources go to: `_` keeps it apart from every namespace name. */
export const CLUSTER_FOLDER = "_cluster";
