/**
 * What the API server checks in a ConfigMap and a Secret beyond their schemas (`ValidateConfigMap`,
 * `ValidateSecret`): every key is a config key, a ConfigMap key is in `data` or `binaryData` but
 * not both, and the data together holds at most 1 MiB (`MaxSecretSize`). `binaryData` and a
 * Secret's `data` count their decoded bytes; a Secret's `stringData` is merged into `data` first,
 * as the API server does before validating. A Secret of a well-known type holds the keys its
 * type needs (`tls.crt` and `tls.key` for `kubernetes.io/tls`, and so on).
 */
import { configKeyProblems } from "@meshform/kind-runtime";
import { type Out, invalid, isObject, required, tooLong } from "./field.js";

/** The most bytes the data of a ConfigMap or a Secret may hold (`MaxSecretSize`, 1 MiB). */
export const DATA_MAX_BYTES = 1024 * 1024;

/** The length of the bytes a base64 text decodes to. */
function decodedLength(text: string): number {
  const clean = text.replace(/\s+/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function checkKeys(map: Record<string, unknown>, field: string, out: Out): void {
  for (const key of Object.keys(map)) for (const problem of configKeyProblems(key)) invalid(out, [field, key], key, problem);
}

/** Checks a ConfigMap's keys and size. */
export function checkConfigMap(resource: Record<string, unknown>, out: Out): void {
  const data = isObject(resource.data) ? resource.data : {};
  const binary = isObject(resource.binaryData) ? resource.binaryData : {};
  let size = 0;
  checkKeys(data, "data", out);
  for (const [key, value] of Object.entries(data)) {
    if (Object.hasOwn(binary, key)) invalid(out, ["data", key], key, "duplicate of key present in binaryData");
    if (typeof value === "string") size += Buffer.byteLength(value);
  }
  checkKeys(binary, "binaryData", out);
  for (const [key, value] of Object.entries(binary)) {
    if (Object.hasOwn(data, key)) invalid(out, ["binaryData", key], key, "duplicate of key present in data");
    if (typeof value === "string") size += decodedLength(value);
  }
  if (size > DATA_MAX_BYTES) tooLong(out, [], DATA_MAX_BYTES);
}

/** Checks a Secret's keys and size, once `stringData` is merged into `data`. */
export function checkSecret(resource: Record<string, unknown>, out: Out): void {
  const data = isObject(resource.data) ? resource.data : {};
  const strings = isObject(resource.stringData) ? resource.stringData : {};
  const sizes = new Map<string, number>();
  for (const [key, value] of Object.entries(data)) sizes.set(key, typeof value === "string" ? decodedLength(value) : 0);
  for (const [key, value] of Object.entries(strings)) sizes.set(key, typeof value === "string" ? Buffer.byteLength(value) : 0);
  let size = 0;
  for (const [key, bytes] of sizes) {
    const field = Object.hasOwn(strings, key) ? "stringData" : "data";
    for (const problem of configKeyProblems(key)) invalid(out, [field, key], key, problem);
    size += bytes;
  }
  if (size > DATA_MAX_BYTES) tooLong(out, ["data"], DATA_MAX_BYTES);
  checkSecretType(resource, sizes, out);
}

/** The keys each well-known Secret type needs (`ValidateSecret`'s switch on the type). */
function checkSecretType(resource: Record<string, unknown>, sizes: ReadonlyMap<string, number>, out: Out): void {
  switch (resource.type) {
    case "kubernetes.io/tls":
      for (const key of ["tls.crt", "tls.key"]) if (!sizes.has(key)) required(out, ["data", key]);
      break;
    case "kubernetes.io/basic-auth":
      if (!sizes.has("username") && !sizes.has("password")) {
        required(out, ["data", "username"]);
        required(out, ["data", "password"]);
      }
      break;
    case "kubernetes.io/ssh-auth":
      if ((sizes.get("ssh-privatekey") ?? 0) === 0) required(out, ["data", "ssh-privatekey"]);
      break;
    case "kubernetes.io/dockerconfigjson":
      if (!sizes.has(".dockerconfigjson")) required(out, ["data", ".dockerconfigjson"]);
      break;
    case "kubernetes.io/dockercfg":
      if (!sizes.has(".dockercfg")) required(out, ["data", ".dockercfg"]);
      break;
    case "kubernetes.io/service-account-token": {
      const annotations = isObject(resource.metadata) && isObject(resource.metadata.annotations) ? resource.metadata.annotations : {};
      const name = annotations["kubernetes.io/service-account.name"];
      if (typeof name !== "string" || name === "") required(out, ["metadata", "annotations", "kubernetes.io/service-account.name"]);
      break;
    }
    default:
  }
}
