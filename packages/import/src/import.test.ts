/**
 * importManifests on real YAML: the ASM guide comes back as the intents of the repository's own
 * mesh.config.ts with each correction reported, a resource no intent covers becomes a typed raw
 * resource, the text is the same on every run and for any order of the input, and what the
 * config generates is what came in.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "@meshform/dsl";
import { parseManifests } from "@meshform/validate";
import { describe, expect, it } from "vitest";
import { importManifests } from "./import.js";
import { documentStartLines } from "./lines.js";
import type { ImportResult } from "./types.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const GUIDE_FILE = resolve(ROOT, "../shared/scenarios/asm-guide/asm-guide.yaml");
const GUIDE = readFileSync(GUIDE_FILE, "utf8");

function importText(text: string, file = "input.yaml"): ImportResult {
  const starts = documentStartLines(text);
  const { documents } = parseManifests(text, file);
  return importManifests(
    documents.map((d) => ({ ...d, line: starts[d.index] })),
    { fileName: (f) => f.replace(`${ROOT}/`, "") },
  );
}

/** The statements of a config, without comments and blank lines, each on one line. */
function statements(source: string): string[] {
  const body = source.slice(source.indexOf("(mesh) => {") + "(mesh) => {".length, source.lastIndexOf("});"));
  return body
    .split("\n")
    .filter((l) => !l.trim().startsWith("//"))
    .join("\n")
    .split(";")
    .map((s) => s.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").replace(/,\s*([}\]])/g, " $1").replace(/\[ /g, "[").replace(/ \]/g, "]").trim())
    .filter((s) => s.length > 0);
}

describe("the ASM guide's YAML", () => {
  const guide = importText(GUIDE, GUIDE_FILE);

  it("comes back as the intents of the repository's mesh.config.ts", () => {
    const found = statements(guide.source);
    const expected = [
      "const istioSystem = mesh.root",
      'const defaultNamespace = mesh.namespace("default", { dataplane: "ambient" })',
      'mesh.mtls("STRICT")',
      'const prodGateway = istioSystem.gateway("prod-gateway", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } })',
      'const egressWaypoint = istioSystem.waypoint("egress-waypoint")',
      'const waypoint = defaultNamespace.waypoint("waypoint")',
      "defaultNamespace.useWaypoint(waypoint)",
      'defaultNamespace .httpRoute("internal-canary-route") .attachTo(reviewsSvc) .canary({ stable: reviewsV1, canary: reviewsV2, weight: 10 })',
    ];
    for (const statement of expected) expect(found).toContain(statement);
    const joined = found.join("\n");
    expect(joined).toContain('.externalService("external-svc-se", { hosts: ["api.external.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }], resolution: "DNS", destinationRuleName: "external-svc-dr", waypoint: egressWaypoint })');
    expect(joined).toContain('.tlsOrigination() .circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" })');
    expect(joined).toContain('istioSystem.requireJwt(prodGateway, { name: "gateway-auth", issuer: "https://accounts.google.com", jwksUri: "https://www.googleapis.com/oauth2/v3/certs", claims: { iss: "https://accounts.google.com" } })');
    expect(joined).toContain('istioSystem.telemetry("gateway-observability", { target: prodGateway,');
    expect(joined).toContain('overrides: [{ match: { metric: "REQUEST_COUNT" }, tagOverrides: { gateway_zone: { value: "\'china-shanghai-1\'" } } }]');
    expect(joined).toContain('customTags: { environment: { literal: { value: "production-canary" } } }');
    expect(guide.report.raw).toBe(0);
    expect(guide.report.intents).toBe(9);
  });

  it("reports each correction of docs/example.md at the guide's line, and names the config's line", () => {
    const corrections = guide.report.issues.filter((i) => i.code === "INPUT_CORRECTED");
    const about = (resource: string, words: string): void => {
      const found = corrections.find((c) => c.message.startsWith(resource) && c.message.includes(words));
      expect(found, `${resource}: ${words}`).toBeDefined();
      expect(found!.source?.file).toBe(GUIDE_FILE);
      expect(found!.source?.line).toBeGreaterThan(0);
      expect(found!.message).toMatch(/\(mesh\.config\.ts:\d+\)$/);
    };
    about("Gateway default/waypoint", "allowedRoutes left out");
    about("HTTPRoute istio-system/internal-canary-route", "moved from istio-system to default");
    about("ServiceEntry istio-system/external-svc-se", "port 443/TLS → 80/HTTP with targetPort 443");
    about("ServiceEntry istio-system/external-svc-se", "uses the waypoint istio-system/egress-waypoint");
    about("DestinationRule istio-system/external-svc-dr", "adds tls");
    about("PeerAuthentication istio-system/default-mtls", "named default");
    about("AuthorizationPolicy istio-system/gateway-auth", "source.principals → source.requestPrincipals");
    about("AuthorizationPolicy istio-system/gateway-auth", "adds RequestAuthentication gateway-auth");
    about("Telemetry istio-system/gateway-observability", "statName → match.metric");
    about("Telemetry istio-system/gateway-observability", 'literal: "production-canary" → literal: { value: "production-canary" }');
    // The schema errors of the input are reported too, by @meshform/validate.
    const literalLine = GUIDE.split("\n").findIndex((l) => l.includes('literal: "production-canary"')) + 1;
    expect(guide.report.issues.some((i) => i.code === "SCHEMA_INVALID" && i.source?.line === literalLine)).toBe(true);
    // Each correction is a comment at its statement.
    for (const c of corrections) {
      const line = Number(/mesh\.config\.ts:(\d+)\)$/.exec(c.message)![1]);
      const above = guide.source.split("\n").slice(0, line - 1).reverse();
      const comments = above.slice(0, above.findIndex((l) => !l.trim().startsWith("//")));
      expect(comments.some((l) => l.includes("Corrected:")), c.message).toBe(true);
    }
  });

  it("generates what the repository's generated/ holds for the guide, apart from the ApplicationSet", () => {
    const { resources, issues } = compile(guide.definition!.model);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const names = resources.map((r) => `${r.kind} ${r.metadata.namespace ?? ""}/${r.metadata.name}`).sort();
    expect(names).toEqual(
      [
        "AuthorizationPolicy istio-system/gateway-auth",
        "DestinationRule istio-system/external-svc-dr",
        "Gateway default/waypoint",
        "Gateway istio-system/egress-waypoint",
        "Gateway istio-system/prod-gateway",
        "HTTPRoute default/internal-canary-route",
        "Namespace /default",
        "PeerAuthentication istio-system/default",
        "RequestAuthentication istio-system/gateway-auth",
        "ServiceEntry istio-system/external-svc-se",
        "Telemetry istio-system/gateway-observability",
      ].sort(),
    );
  });

  it("is written the same, byte for byte, on every run and for any order of the documents", () => {
    expect(importText(GUIDE, GUIDE_FILE).source).toBe(guide.source);
    const documents = GUIDE.split(/^---$/m);
    const reversed = [...documents].reverse().join("---\n");
    const again = importText(reversed, GUIDE_FILE).source.replace(/ \(.*asm-guide\.yaml:\d+\)/g, "");
    expect(again).toBe(guide.source.replace(/ \(.*asm-guide\.yaml:\d+\)/g, ""));
  });
});

describe("resources without an intent", () => {
  const text = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: shop
spec:
  egress:
  - hosts: ["./*", "istio-system/*"]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: "on"
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
`;
  const result = importText(text);

  it("become typed raw resources through their kind's factory, in their namespace's section", () => {
    expect(result.source).toContain('import { sidecar } from "@meshform/dsl/istio/networking.istio.io/v1";');
    expect(result.source).toContain('import { configMap } from "@meshform/dsl/k8s/core/v1";');
    expect(result.source).toContain('shop.resource(sidecar({ metadata: { name: "default" }, spec: { egress: [{ hosts: ["./*", "istio-system/*"] }] } }));');
    expect(result.source).toContain('shop.resource(configMap({ metadata: { name: "settings" }, data: { mode: "on" } }));');
    expect(result.source).toContain('const shop = mesh.namespace("shop", { managed: false });');
    expect(result.source).toContain('shop.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });');
    expect(result.source).toContain("// Sidecar shop/default (input.yaml:1)");
    expect(result.report.raw).toBe(2);
    expect(result.report.issues.filter((i) => i.severity !== "info")).toEqual([]);
  });

  it("a resource that fails its kind's schema is written untyped, so the config still type-checks, and the error is reported", () => {
    const invalid = importText(text.replace("  egress:\n", "  egres:\n"));
    expect(invalid.source).toContain("// Untyped: the input fails its kind's schema");
    expect(invalid.source).toMatch(/shop\.resource\(\{\s*apiVersion: "networking\.istio\.io\/v1",\s*kind: "Sidecar",\s*metadata: \{ name: "default", namespace: "shop" \},\s*spec: \{ egres: \[\{ hosts: \["\.\/\*", "istio-system\/\*"\] \}\] \},\s*\}\);/);
    expect(invalid.report.issues.some((i) => i.code === "UNKNOWN_FIELD" && i.source?.line === 7)).toBe(true);
  });

  it("a gateway of a class that needs a field no intent has stays raw, and still comes back the same", () => {
    const odd = importText(text.replace("    protocol: HTTP\n", "    protocol: HTTP\n    allowedRoutes:\n      kinds:\n      - kind: HTTPRoute\n"));
    expect(odd.source).toMatch(/shop\.resource\(\s*gateway\(\{/);
    expect(odd.report.issues.filter((i) => i.severity !== "info")).toEqual([]);
  });
});

describe("the repository's own generated/ tree", () => {
  /** The YAML files of a folder, subfolders included, kustomization files left out (as the reader skips them). */
  function yamlFiles(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return entry.name.endsWith(".yaml") && entry.name !== "kustomization.yaml" ? [path] : [];
    });
  }
  const files = yamlFiles(join(ROOT, "generated")).sort();
  const result = importManifests(files.flatMap((file) => parseManifests(readFileSync(file, "utf8"), file).documents));

  it("comes back with its ApplicationSet as the config's output.argocd, and every resource as an intent", () => {
    expect(result.source).toMatch(/output: \{ argocd: \{ repoURL: "https:\/\/git\.example\.com\/platform\/mesh\.git", revision: "main", path: "generated" \} \}/);
    expect(result.report.resources.find((r) => r.resource === "ApplicationSet argocd/meshform")?.as).toBe("output.argocd");
    expect(result.report.raw).toBe(0);
    expect(result.report.issues.filter((i) => i.severity !== "info")).toEqual([]);
    expect(result.source).toContain('mesh.namespace("default", { dataplane: "ambient"');
    expect(result.source).toContain(".tlsOrigination()");
    expect(result.source).toContain("useWaypoint(waypoint)");
  });
});

describe("DestinationRules and policies", () => {
  const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews.shop.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
    connectionPool:
      http:
        http1MaxPendingRequests: 50
      tcp:
        maxConnections: 10
    outlierDetection:
      consecutive5xxErrors: 3
      interval: 5s
      baseEjectionTime: 1m
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
    trafficPolicy:
      loadBalancer:
        simple: ROUND_ROBIN
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: partner
  namespace: shop
spec:
  host: api.partner.example
  trafficPolicy:
    tls:
      mode: SIMPLE
      sni: api.partner.example
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: reviews-readers
  namespace: shop
spec:
  selector:
    matchLabels:
      app: reviews
  action: ALLOW
  rules:
  - from:
    - source:
        namespaces: ["shop", "web"]
    to:
    - operation:
        methods: ["GET"]
        ports: ["9080"]
    when:
    - key: request.headers[x-team]
      values: ["books"]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reviews-strict
  namespace: shop
spec:
  selector:
    matchLabels:
      app: reviews
  mtls:
    mode: STRICT
  portLevelMtls:
    "9090":
      mode: DISABLE
`;
  const result = importText(text);
  const source = statements(result.source).join("\n");

  it("come back as intents: circuit breaker, load balancing, subsets, TLS origination, rule helpers, workload selectors", () => {
    expect(result.report.raw).toBe(0);
    expect(result.report.issues.filter((i) => i.severity !== "info")).toEqual([]);
    expect(source).toContain('.destinationRule("reviews", { host: reviews }) .circuitBreaker({ maxPendingRequests: 50, maxConnections: 10, consecutive5xxErrors: 3, interval: "5s", baseEjectionTime: "1m" }) .loadBalancing("LEAST_REQUEST") .subset("v1", { version: "v1" }) .subset("v2", { version: "v2" }, { loadBalancer: { simple: "ROUND_ROBIN" } })');
    expect(source).toContain('shop.destinationRule("partner", { host: "api.partner.example" }).tlsOrigination()');
    expect(source).toContain('const reviewsWorkload = shop.workload({ app: "reviews" })');
    expect(source).toContain('shop.authorizationPolicy("reviews-readers", { target: reviewsWorkload, action: "ALLOW", rules: [{ from: [fromNamespaces("shop", "web")], to: [{ methods: ["GET"], ports: [9080] }], when: [header("x-team").equals("books")] }] })');
    expect(source).toContain('shop.peerAuthentication("reviews-strict", { selector: reviewsWorkload, mode: "STRICT", portLevel: { "9090": "DISABLE" } })');
    expect(result.source).toContain('import { defineMesh, fromNamespaces, header } from "@meshform/dsl";');
  });
});
