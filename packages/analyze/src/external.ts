/**
 * Declaring what lives outside the analyzed set: one reference at a time (`shop/reviews`,
 * `Gateway/istio-system/ingress`, `api.example.com`), or a YAML file with the lists of
 * {@link ExternalDeclarations}.
 */
import { MeshformError } from "@meshform/diagnostics";
import { parse } from "yaml";
import { isObject } from "./read.js";
import { backendRefsOf, isServiceRef, parentRefsOf, policiesOf, routesOf, targetRefsOf } from "./refs.js";
import { indexResources } from "./resource-index.js";
import type { ExternalDeclarations } from "./types.js";

/** The codes of {@link AnalyzeError}. */
export type AnalyzeErrorCode = "EXTERNAL_INVALID";

/** An external declaration that cannot be read: a malformed reference or file. */
export class AnalyzeError extends MeshformError<AnalyzeErrorCode> {
  override readonly name = "AnalyzeError";
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** A subset name: a DNS-1123 label, as Istio validates it. */
const SUBSET = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What the error of a reference that cannot be read lists as the accepted forms. */
const FORMS = "write namespace/name (a Service), Gateway/namespace/name, Subset/<host>/<subset> (host in full, e.g. Subset/reviews.shop.svc.cluster.local/v1), or a host such as api.example.com";

/**
 * Reads one reference: `namespace/name` or `Service/namespace/name` (a Service),
 * `Gateway/namespace/name` (a Gateway or waypoint), `Subset/<host>/<subset>` (a DestinationRule
 * subset, the host in full as the DestinationRule writes it: `Subset/reviews.shop.svc.cluster.local/v1`),
 * or a host without `/` (`api.example.com`, `*.example.com`).
 *
 * @throws AnalyzeError when it is none of these
 */
export function parseExternalReference(value: string): ExternalDeclarations {
  const parts = value.split("/");
  if (parts.length === 1 && HOST.test(value)) return { hosts: [value] };
  if (parts.length === 3 && parts[0] === "Subset") {
    const [, host, subset] = parts as [string, string, string];
    if (HOST.test(host) && host.includes(".") && SUBSET.test(subset)) return { subsets: [`${host}/${subset}`] };
    throw new AnalyzeError("EXTERNAL_INVALID", `cannot read external reference ${JSON.stringify(value)}: ${FORMS}`);
  }
  const [kind, namespace, name] = parts.length === 2 ? ["Service", parts[0]!, parts[1]!] : (parts as [string, string, string]);
  if (parts.length <= 3 && (kind === "Service" || kind === "Gateway") && NAME.test(namespace ?? "") && NAME.test(name ?? "")) {
    return kind === "Service" ? { services: [`${namespace}/${name}`] } : { gateways: [`${namespace}/${name}`] };
  }
  throw new AnalyzeError("EXTERNAL_INVALID", `cannot read external reference ${JSON.stringify(value)}: ${FORMS}`);
}

/** The keys of a declarations file, and how {@link parseExternalReference} reads each entry. */
const FILE_KEYS: Readonly<Record<string, { readonly prefix: string; readonly form: string }>> = {
  services: { prefix: "Service/", form: "namespace/name" },
  gateways: { prefix: "Gateway/", form: "namespace/name" },
  hosts: { prefix: "", form: "a host" },
  subsets: { prefix: "Subset/", form: "<host>/<subset> with the host in full" },
};

/**
 * Reads a file of declarations: a YAML map with the optional lists `services`, `gateways`
 * (`namespace/name` each), `hosts` and `subsets` (`<host>/<subset>`).
 *
 * @throws AnalyzeError when it is not such a map
 */
export function readExternalDeclarations(text: string, file: string): ExternalDeclarations {
  let value: unknown;
  try {
    value = parse(text, { version: "1.1" }) ?? {};
  } catch (error) {
    throw new AnalyzeError("EXTERNAL_INVALID", `${file}: cannot read as YAML: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
  if (!isObject(value)) throw new AnalyzeError("EXTERNAL_INVALID", `${file}: expected a map with the lists services, gateways, hosts and subsets`);
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(value)) {
    const reading = Object.hasOwn(FILE_KEYS, key) ? FILE_KEYS[key] : undefined;
    if (reading === undefined) throw new AnalyzeError("EXTERNAL_INVALID", `${file}: unknown key ${JSON.stringify(key)}; expected services, gateways, hosts or subsets`);
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) throw new AnalyzeError("EXTERNAL_INVALID", `${file}: ${key} must be a list of strings`);
    for (const item of list as string[]) {
      const parsed = tryParse(`${reading.prefix}${item}`);
      if ((parsed?.[key as keyof ExternalDeclarations] ?? []).length === 0) throw new AnalyzeError("EXTERNAL_INVALID", `${file}: ${key} entry ${JSON.stringify(item)} is not ${reading.form}`);
    }
    out[key] = list as string[];
  }
  return out;
}

/**
 * The Services that routes and policies among `objects` refer to, as `namespace/name`: what a
 * config's typed references (`namespace.service(name)`) declare external.
 */
export function serviceReferencesOf(objects: readonly Readonly<Record<string, unknown>>[]): string[] {
  const index = indexResources(objects.map((object) => ({ object })));
  const refs = [...routesOf(index).flatMap((r) => [...parentRefsOf(r), ...backendRefsOf(r)]), ...policiesOf(index).flatMap(targetRefsOf)];
  return [...new Set(refs.filter(isServiceRef).map((ref) => `${ref.namespace}/${ref.name}`))].sort();
}

/** All the declarations of several sources in one. */
export function mergeExternalDeclarations(...all: readonly ExternalDeclarations[]): ExternalDeclarations {
  const merged = (key: keyof ExternalDeclarations) => [...new Set(all.flatMap((d) => d[key] ?? []))];
  return { services: merged("services"), hosts: merged("hosts"), gateways: merged("gateways"), subsets: merged("subsets") };
}

// --- internal ---

function tryParse(value: string): ExternalDeclarations | undefined {
  try {
    return parseExternalReference(value);
  } catch {
    return undefined;
  }
}
