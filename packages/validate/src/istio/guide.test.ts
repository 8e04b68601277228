/**
 * The guide's Istio resources (`../shared/scenarios/asm-guide/asm-guide.yaml`) through Istio's
 * admission rules. Their real problems are schema-level (Telemetry's unknown `statName` field,
 * deprecated apiVersions) and reported by the schema check; the webhook's own rules admit all
 * five. Skips with a message where the shared folder is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { istioAdmissionChecks } from "./index.js";

const root = resolve(fileURLToPath(import.meta.url), "../../../../..");
const guidePath = resolve(root, "../shared/scenarios/asm-guide/asm-guide.yaml");
const guidePresent = existsSync(guidePath);
if (!guidePresent) console.warn(`istio admission guide tests: skipped, the guide's YAML is absent (${guidePath})`);

type Doc = { apiVersion: string; kind: string; metadata: { name: string }; spec?: unknown };

function keyOf(doc: Doc): string {
  return `${doc.apiVersion.split("/")[0] ?? ""}/${doc.kind}`;
}

describe.skipIf(!guidePresent)("the guide's Istio resources under Istio's admission rules", () => {
  const docs = guidePresent
    ? parseAllDocuments(readFileSync(guidePath, "utf8")).map((document) => document.toJS() as Doc).filter((doc) => keyOf(doc) in istioAdmissionChecks)
    : [];

  it("covers the five Istio resources the guide writes", () => {
    expect(docs.map((doc) => `${keyOf(doc)} ${doc.metadata.name}`)).toEqual([
      "networking.istio.io/ServiceEntry external-svc-se",
      "networking.istio.io/DestinationRule external-svc-dr",
      "security.istio.io/PeerAuthentication default-mtls",
      "security.istio.io/AuthorizationPolicy gateway-auth",
      "telemetry.istio.io/Telemetry gateway-observability",
    ]);
  });

  it.each(["external-svc-se", "external-svc-dr", "default-mtls", "gateway-auth", "gateway-observability"])("admits %s", (name) => {
    const doc = docs.find((candidate) => candidate.metadata.name === name);
    expect(doc).toBeDefined();
    expect(istioAdmissionChecks[keyOf(doc as Doc)]?.(doc as Doc)).toEqual([]);
  });

  it("would reject the guide's ServiceEntry with a wildcard host, as DNS resolution has no endpoints", () => {
    const doc = docs.find((candidate) => candidate.kind === "ServiceEntry") as Doc;
    const wildcard = { ...doc, spec: { ...(doc.spec as object), hosts: ["*.external.com"] } };
    expect(istioAdmissionChecks[keyOf(doc)]?.(wildcard)).toEqual([{
      path: ["spec", "hosts", 0],
      message: 'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.external.com" invalid (label "*" invalid)',
      severity: "error",
    }]);
  });
});
