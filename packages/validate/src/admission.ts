/**
 * The bridge to Istio's admission rules (`./istio/`): the check registered for the resource's
 * `group/Kind`, its findings turned into issues. Run only on a resource the schema accepted.
 *
 * The rules are about 35 modules, needed only for Istio's kinds, so this module does not import
 * them: the package's main entry loads them with it (`./admission-rules.ts`), and the `lazy`
 * entry (`meshform validate`) loads them with {@link loadIstioAdmissionFor} only when an input
 * holds an Istio kind they cover.
 */
import { createRequire } from "node:module";
import type { ValidateIssue } from "./codes.js";
import type { Check } from "./istio/index.js";
import type { ManifestFile } from "./yaml/parse.js";

/** The `group/Kind`s Istio's admission rules cover: the keys of `istioAdmissionChecks` (a test keeps them equal). */
export const ISTIO_ADMISSION_KINDS: ReadonlySet<string> = new Set([
  "networking.istio.io/VirtualService",
  "networking.istio.io/DestinationRule",
  "networking.istio.io/Gateway",
  "networking.istio.io/ServiceEntry",
  "networking.istio.io/Sidecar",
  "networking.istio.io/WorkloadEntry",
  "networking.istio.io/WorkloadGroup",
  "networking.istio.io/EnvoyFilter",
  "networking.istio.io/ProxyConfig",
  "security.istio.io/AuthorizationPolicy",
  "security.istio.io/PeerAuthentication",
  "security.istio.io/RequestAuthentication",
  "telemetry.istio.io/Telemetry",
  "extensions.istio.io/WasmPlugin",
  "extensions.istio.io/TrafficExtension",
]);

let checks: Readonly<Record<string, Check>> | undefined;

/** Hands the admission checks to this module (the main entry does, as it loads them). */
export function useIstioAdmissionChecks(loaded: Readonly<Record<string, Check>>): void {
  checks = loaded;
}

/** Loads Istio's admission rules, unless they are loaded already. */
export async function loadIstioAdmission(): Promise<void> {
  checks ??= (await import("./istio/index.js")).istioAdmissionChecks;
}

/** Loads Istio's admission rules when a document of `file` is of a kind they cover. */
export async function loadIstioAdmissionFor(file: ManifestFile): Promise<void> {
  if (checks === undefined && file.documents.some((document) => ISTIO_ADMISSION_KINDS.has(groupKindOf(document.object)))) await loadIstioAdmission();
}

/**
 * The findings of Istio's admission check for `resource`, as the Istio `release` runs it (the
 * newest shipped when absent), or `[]` when no check covers its kind.
 */
export function checkIstioAdmission(group: string, resource: { apiVersion: string; kind: string; metadata?: unknown; spec?: unknown }, release?: string): ValidateIssue[] {
  const key = `${group}/${resource.kind}`;
  if (!ISTIO_ADMISSION_KINDS.has(key)) return [];
  const check = (checks ??= requireChecks())[key];
  if (check === undefined) return [];
  return check(resource, release).map((finding) =>
    finding.severity === "warning"
      ? { code: "ISTIO_ADMISSION_WARNING", severity: "warning", path: finding.path, message: finding.message }
      : { code: "ISTIO_ADMISSION", severity: "error", path: finding.path, message: finding.message },
  );
}

// --- internal ---

/** The rules loaded synchronously, for a validator used before they were loaded (Node 20.19 and later load ES modules with `require`). */
function requireChecks(): Readonly<Record<string, Check>> {
  return (createRequire(import.meta.url)("./istio/index.js") as typeof import("./istio/index.js")).istioAdmissionChecks;
}

function groupKindOf(object: unknown): string {
  if (typeof object !== "object" || object === null) return "";
  const { apiVersion, kind } = object as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== "string" || typeof kind !== "string") return "";
  const slash = apiVersion.lastIndexOf("/");
  return `${slash < 0 ? "" : apiVersion.slice(0, slash)}/${kind}`;
}
