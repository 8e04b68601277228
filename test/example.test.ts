// The repository's example: mesh.config.ts expresses the guide's whole scenario, and generated/
// is its committed output. Built with kustomize, it holds the guide's objects with the
// apiVersions the targets prefer, and each of the guide's mistakes corrected, as listed here
// (and in docs/example.md) as JSON patches from the guide's object to the generated one.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import jsonPatch, { type Operation } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { hasKubectl, KUSTOMIZE_SKIP_REASON, kustomizeBuild, kustomizeRequired, identityOf } from "./support/kustomize.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const guidePath = resolve(root, "../shared/scenarios/asm-guide/asm-guide.yaml");
const guidePresent = existsSync(guidePath);
if (!guidePresent) console.warn(`example tests: skipped, the guide's YAML is absent (${guidePath})`);

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>;

/** Each guide object (by kind and name), the generated object it became, and the corrections. */
const CORRECTIONS: readonly { kind: string; name: string; becomes: string; why: string; patch: Operation[] }[] = [
  {
    kind: "Namespace",
    name: "default",
    becomes: "v1/Namespace//default",
    why: "as the guide's kubectl label commands; Argo CD's sync options keep it from being pruned, or deleted with its Application, and its sync wave applies it before what lives in it",
    patch: [{ op: "add", path: "/metadata/annotations", value: { "argocd.argoproj.io/sync-options": "Delete=false,Prune=false", "argocd.argoproj.io/sync-wave": "-1" } }],
  },
  { kind: "Gateway", name: "prod-gateway", becomes: "gateway.networking.k8s.io/v1/Gateway/istio-system/prod-gateway", why: "as written", patch: [] },
  {
    kind: "Gateway",
    name: "waypoint",
    becomes: "gateway.networking.k8s.io/v1/Gateway/default/waypoint",
    why: "a namespace waypoint takes routes from its own namespace only (Istio's waypoint shape): routes of other namespaces would not be enforced for this namespace's services",
    patch: [{ op: "remove", path: "/spec/listeners/0/allowedRoutes" }],
  },
  {
    kind: "HTTPRoute",
    name: "internal-canary-route",
    becomes: "gateway.networking.k8s.io/v1/HTTPRoute/default/internal-canary-route",
    why: "a mesh route must live in its Service's namespace for the waypoint to apply it; in istio-system its parentRef named a reviews-svc that is not there",
    patch: [{ op: "replace", path: "/metadata/namespace", value: "default" }],
  },
  {
    kind: "ServiceEntry",
    name: "external-svc-se",
    becomes: "networking.istio.io/v1/ServiceEntry/istio-system/external-svc-se",
    why: "v1 is what Istio 1.30 prefers; over a TLS port the proxy sees no HTTP request, so the circuit breaker's HTTP settings did nothing: the app calls port 80 and the proxy originates TLS to 443; ambient callers reach it through a waypoint, the only proxy that applies its DestinationRule in ambient mode",
    patch: [
      { op: "replace", path: "/apiVersion", value: "networking.istio.io/v1" },
      { op: "add", path: "/metadata/labels", value: { "istio.io/use-waypoint": "egress-waypoint" } },
      { op: "replace", path: "/spec/ports/0", value: { number: 80, name: "http", protocol: "HTTP", targetPort: 443 } },
    ],
  },
  {
    kind: "DestinationRule",
    name: "external-svc-dr",
    becomes: "networking.istio.io/v1/DestinationRule/istio-system/external-svc-dr",
    why: "v1; TLS origination to the external host, so the HTTP pool limit and 5xx ejection act",
    patch: [
      { op: "replace", path: "/apiVersion", value: "networking.istio.io/v1" },
      { op: "add", path: "/spec/trafficPolicy/tls", value: { mode: "SIMPLE", sni: "api.external.com" } },
    ],
  },
  {
    kind: "PeerAuthentication",
    name: "default-mtls",
    becomes: "security.istio.io/v1/PeerAuthentication/istio-system/default",
    why: "v1; the mesh-wide policy is the one named default in the root namespace",
    patch: [
      { op: "replace", path: "/apiVersion", value: "security.istio.io/v1" },
      { op: "replace", path: "/metadata/name", value: "default" },
    ],
  },
  {
    kind: "AuthorizationPolicy",
    name: "gateway-auth",
    becomes: "security.istio.io/v1/AuthorizationPolicy/istio-system/gateway-auth",
    why: "v1; callers of an ingress gateway have no mTLS identity, so source.principals (the gateway's own account) never matched: the policy requires the JWT's request principal, which a RequestAuthentication (added) validates",
    patch: [
      { op: "replace", path: "/apiVersion", value: "security.istio.io/v1" },
      { op: "replace", path: "/spec/rules/0/from/0/source", value: { requestPrincipals: ["https://accounts.google.com/*"] } },
    ],
  },
  {
    kind: "Telemetry",
    name: "gateway-observability",
    becomes: "telemetry.istio.io/v1/Telemetry/istio-system/gateway-observability",
    why: "v1; an override names its metric in match.metric (statName is no field), and a literal tag is { value }",
    patch: [
      { op: "replace", path: "/apiVersion", value: "telemetry.istio.io/v1" },
      { op: "remove", path: "/spec/metrics/0/overrides/0/statName" },
      { op: "add", path: "/spec/metrics/0/overrides/0/match", value: { metric: "REQUEST_COUNT" } },
      { op: "replace", path: "/spec/tracing/0/customTags/environment/literal", value: { value: "production-canary" } },
    ],
  },
];

/** Objects meshform adds that the guide lacks. */
const ADDED: readonly { identity: string; why: string }[] = [
  { identity: "gateway.networking.k8s.io/v1/Gateway/istio-system/egress-waypoint", why: "in ambient mode only a waypoint applies the external service's TLS origination and circuit breaker" },
  { identity: "security.istio.io/v1/RequestAuthentication/istio-system/gateway-auth", why: "a policy on request.auth.* matches nothing without a RequestAuthentication validating the JWT" },
  { identity: "argoproj.io/v1alpha1/ApplicationSet/argocd/meshform", why: "not part of the kustomize build: the Argo CD ApplicationSet the config asks for" },
];

function guideObjects(): Manifest[] {
  return parseAllDocuments(readFileSync(guidePath, "utf8")).map((d) => d.toJS() as Manifest);
}

if (!hasKubectl && kustomizeRequired) {
  it("kubectl is on PATH (MESHFORM_REQUIRE_KUSTOMIZE=1)", () => expect.fail(KUSTOMIZE_SKIP_REASON));
}

describe.skipIf(!guidePresent || !hasKubectl)(hasKubectl ? "the example mesh" : `the example mesh (${KUSTOMIZE_SKIP_REASON})`, () => {
  const built = guidePresent && hasKubectl ? (kustomizeBuild(resolve(root, "generated")) as Manifest[]) : [];
  const byIdentity = new Map(built.map((o) => [identityOf(o), o]));

  it.each(CORRECTIONS.map((c) => [`${c.kind} ${c.name}`, c] as const))("%s: the guide's object, corrected", (_label, correction) => {
    const guide = guideObjects().find((o) => o.kind === correction.kind && o.metadata.name === correction.name);
    expect(guide, `the guide has a ${correction.kind} ${correction.name}`).toBeDefined();
    const corrected = jsonPatch.applyPatch(structuredClone(guide), correction.patch, true, false).newDocument;
    expect(byIdentity.get(correction.becomes)).toEqual(corrected);
  });

  it("holds every guide object, and nothing else but the listed additions", () => {
    expect(guideObjects().length).toBe(CORRECTIONS.length);
    const expected = [...CORRECTIONS.map((c) => c.becomes), ...ADDED.filter((a) => !a.identity.startsWith("argoproj.io")).map((a) => a.identity)].sort();
    expect([...byIdentity.keys()].sort()).toEqual(expected);
  });

  it("uses the apiVersions Istio 1.30.3 and Gateway API v1.6.1 prefer", () => {
    expect([...new Set(built.map((o) => o.apiVersion))].sort()).toEqual([
      "gateway.networking.k8s.io/v1",
      "networking.istio.io/v1",
      "security.istio.io/v1",
      "telemetry.istio.io/v1",
      "v1",
    ]);
  });

  it("builds each namespace folder on its own", () => {
    for (const ns of ["default", "istio-system"]) {
      const alone = kustomizeBuild(resolve(root, "generated", ns)).map(identityOf).sort();
      expect(alone).toEqual([...byIdentity.keys()].filter((id) => id.includes(`/${ns}/`) || id.endsWith(`//${ns}`)).sort());
    }
  });
});
