/**
 * WasmPlugin admission rules: targets and selector, the module URL and checksum, name lengths,
 * VM environment variables and traffic selector ports; and those of TrafficExtension (1.30),
 * which carries the same Wasm module settings, or inline Lua.
 */
import type { TrafficExtensionSpec, WasmPluginSpec } from "@meshform/istio/extensions.istio.io/v1alpha1";
import { type Findings, type IstioResource, metaOf, reject, rejectIf } from "./finding.js";
import { quote } from "./go-format.js";
import { checkAnnotations, checkPolicyTargets } from "./policy.js";
import { NEWEST_MINOR } from "./release.js";

const schemes = new Set(["", "file", "http", "https", "oci"]);

/** Istio's `validateWasmPluginURL`, with Go's URL parse errors for what it rejects. */
function urlError(url: string): string | undefined {
  if (url === "") return "url field needs to be set";
  const badEscape = /%(?![0-9A-Fa-f]{2})(.{0,2})/.exec(url);
  if (badEscape !== null) return `failed to parse url: parse ${quote(url)}: invalid URL escape ${quote(`%${badEscape[1] ?? ""}`)}`;
  if (/[\u0000-\u001f\u007f]/.test(url)) return `failed to parse url: parse ${quote(url)}: net/url: invalid control character in URL`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  const effective = scheme === undefined || (!url.includes("://") && !url.startsWith(`${scheme}:/`)) ? "http" : scheme;
  return schemes.has(effective) ? undefined : `url contains unsupported scheme: ${effective} (use oci://, https://, http:// or file://)`;
}

function vmConfigError(env: readonly { name: string; value?: string; valueFrom?: string }[]): string | undefined {
  const names = new Set<string>();
  for (const variable of env) {
    if (variable.name === "") return "spec.vmConfig.env invalid";
    if (variable.name.length > 256) return "env.name field must be less than 255 characters long";
    if (names.has(variable.name)) return "duplicate env";
    names.add(variable.name);
    if ((variable.valueFrom ?? "INLINE") !== "INLINE" && (variable.value ?? "") !== "") return "value may only be set when valueFrom is INLINE";
  }
  return undefined;
}

function matchError(match: WasmPluginSpec["match"]): string | undefined {
  for (const [selectorIndex, selector] of (match ?? []).entries()) {
    for (const [portIndex, port] of (selector.ports ?? []).entries()) {
      if (port.number <= 0 || port.number > 65535) return `spec.Match[${selectorIndex}].Ports[${portIndex}] is out of range: ${port.number}`;
    }
  }
  return undefined;
}

/** Checks a WasmPlugin as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkWasmPlugin(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as WasmPluginSpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  checkPolicyTargets(spec, out, minor);
  rejectIf(out, ["spec", "url"], urlError(spec.url));
  const sha = spec.sha256 ?? "";
  if (sha !== "" && sha.length !== 64) reject(out, ["spec", "sha256"], "sha256 field must be 64 characters long");
  else if (sha !== "" && !/^[a-f0-9]{64}$/.test(sha)) reject(out, ["spec", "sha256"], "sha256 field must match [a-f0-9]{64} pattern");
  if ((spec.imagePullSecret ?? "").length > 253) reject(out, ["spec", "imagePullSecret"], "imagePullSecret field must be less than 253 characters long");
  if ((spec.pluginName ?? "").length > 256) reject(out, ["spec", "pluginName"], "pluginName field must be less than 255 characters long");
  rejectIf(out, ["spec", "vmConfig", "env"], vmConfigError(spec.vmConfig?.env ?? []));
  rejectIf(out, ["spec", "match"], matchError(spec.match));
  return out;
}

/** The most bytes of inline Lua a TrafficExtension may hold. */
const LUA_MAX_BYTES = 65536;

/** Checks a TrafficExtension as Istio 1.30's validating webhook does (the kind is new in 1.30). */
export function checkTrafficExtension(resource: IstioResource): Findings {
  const spec = (resource.spec ?? {}) as TrafficExtensionSpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  const { wasm, lua } = spec as { wasm?: WasmPluginSpec; lua?: { inlineCode?: string } };
  if ((wasm === undefined) === (lua === undefined)) reject(out, ["spec"], "exactly one of wasm or lua must be set");
  checkPolicyTargets(spec, out);
  if (lua !== undefined) {
    const code = lua.inlineCode ?? "";
    if (code === "") reject(out, ["spec", "lua", "inlineCode"], "lua.inlineCode cannot be empty");
    else if (Buffer.byteLength(code) > LUA_MAX_BYTES) reject(out, ["spec", "lua", "inlineCode"], "lua.inlineCode exceeds maximum size of 64KB");
  }
  if (wasm !== undefined) {
    const at = ["spec", "wasm"];
    rejectIf(out, [...at, "url"], urlError(wasm.url));
    const sha = wasm.sha256 ?? "";
    if (sha !== "" && sha.length !== 64) reject(out, [...at, "sha256"], "sha256 field must be 64 characters long");
    else if (sha !== "" && !/^[a-f0-9]{64}$/.test(sha)) reject(out, [...at, "sha256"], "sha256 field must match [a-f0-9]{64} pattern");
    if ((wasm.imagePullSecret ?? "").length > 253) reject(out, [...at, "imagePullSecret"], "imagePullSecret field must be less than 253 characters long");
    if ((wasm.pluginName ?? "").length > 256) reject(out, [...at, "pluginName"], "pluginName field must be less than 256 characters long");
    rejectIf(out, [...at, "vmConfig", "env"], vmConfigError(wasm.vmConfig?.env ?? []));
  }
  rejectIf(out, ["spec", "match"], matchError(spec.match as WasmPluginSpec["match"]));
  return out;
}
