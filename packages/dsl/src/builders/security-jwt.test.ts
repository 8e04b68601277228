import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder, type MeshOptions } from "../mesh.js";
import { requestPrincipal } from "./security-jwt.js";

const FILE = fileURLToPath(import.meta.url);
const GOOGLE = "https://accounts.google.com";
const GOOGLE_JWKS = "https://www.googleapis.com/oauth2/v3/certs";
const GATEWAY_REF = { group: "gateway.networking.k8s.io", kind: "Gateway", name: "prod-gateway" };

function build(declare: (mesh: MeshBuilder) => void, options: MeshOptions = {}) {
  return compile(defineMesh(options, declare).model);
}

function prodGateway(mesh: MeshBuilder) {
  return mesh.root.gateway("prod-gateway", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } });
}

describe("the guide's JWT policy, corrected", () => {
  it("is strict mTLS mesh-wide plus a RequestAuthentication and an ALLOW policy on request principals at the gateway", () => {
    const { resources, issues } = build((mesh) => {
      mesh.mtls("STRICT");
      const gw = prodGateway(mesh);
      mesh.root.requireJwt(gw, { name: "gateway-auth", issuer: GOOGLE, jwksUri: GOOGLE_JWKS, claims: { iss: GOOGLE } });
    });
    expect(issues).toEqual([]);
    expect(resources.filter((r) => r.apiVersion.startsWith("security.istio.io/"))).toEqual([
      {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "gateway-auth", namespace: "istio-system" },
        spec: {
          targetRefs: [GATEWAY_REF],
          action: "ALLOW",
          rules: [{ from: [{ source: { requestPrincipals: ["https://accounts.google.com/*"] } }], when: [{ key: "request.auth.claims[iss]", values: [GOOGLE] }] }],
        },
      },
      { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "istio-system" }, spec: { mtls: { mode: "STRICT" } } },
      {
        apiVersion: "security.istio.io/v1",
        kind: "RequestAuthentication",
        metadata: { name: "gateway-auth", namespace: "istio-system" },
        spec: { targetRefs: [GATEWAY_REF], jwtRules: [{ issuer: GOOGLE, jwksUri: GOOGLE_JWKS }] },
      },
    ]);
    expect(JSON.stringify(resources)).not.toContain("istio-ingressgateway-service-account");
  });
});

describe("ns.requireJwt", () => {
  it("names both resources after the gateway, requires every claim asked for and returns the issuer", () => {
    let principal = "";
    const { resources, issues } = build((mesh) => {
      const gw = prodGateway(mesh);
      const issuer = mesh.root.requireJwt(gw, { issuer: GOOGLE, jwksUri: GOOGLE_JWKS, audiences: ["shop"], claims: { groups: ["admin", "ops"] }, labels: { team: "edge" } });
      principal = requestPrincipal(issuer, "alice");
    });
    expect(issues).toEqual([]);
    expect(principal).toBe("https://accounts.google.com/alice");
    const policy = resources.find((r) => r.kind === "AuthorizationPolicy");
    const authn = resources.find((r) => r.kind === "RequestAuthentication");
    expect([policy?.metadata, authn?.metadata]).toEqual([
      { name: "prod-gateway-jwt", namespace: "istio-system", labels: { team: "edge" } },
      { name: "prod-gateway-jwt", namespace: "istio-system", labels: { team: "edge" } },
    ]);
    expect(policy?.spec).toEqual({
      targetRefs: [GATEWAY_REF],
      action: "ALLOW",
      rules: [{ from: [{ source: { requestPrincipals: ["https://accounts.google.com/*"] } }], when: [{ key: "request.auth.claims[groups]", values: ["admin", "ops"] }] }],
    });
    expect(authn?.spec).toEqual({ targetRefs: [GATEWAY_REF], jwtRules: [{ issuer: GOOGLE, jwksUri: GOOGLE_JWKS, audiences: ["shop"] }] });
  });

  it("names the requireJwt call when its name is taken", () => {
    const { issues } = build((mesh) => {
      const gw = prodGateway(mesh);
      mesh.root.authorizationPolicy("prod-gateway-jwt", { action: "DENY" });
      mesh.root.requireJwt(gw, { issuer: GOOGLE, jwksUri: GOOGLE_JWKS });
    });
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:80:17 AuthorizationPolicy istio-system/prod-gateway-jwt is declared twice: by namespace("istio-system").requireJwt("prod-gateway-jwt") and by namespace("istio-system").authorizationPolicy("prod-gateway-jwt") (line 79) (give one of them another name)`,
    ]);
  });
});

describe("ns.requestAuthentication", () => {
  it("targets a gateway, a service, workloads or the namespace, and returns one reference per issuer", () => {
    const principals: string[] = [];
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const [google, keycloak] = app.requestAuthentication("jwt", {
        jwt: [
          { issuer: GOOGLE, jwksUri: GOOGLE_JWKS, forwardOriginalToken: true, fromHeaders: [{ name: "x-jwt", prefix: "Bearer " }] },
          { issuer: "https://sso.example.com/realms/shop", outputClaimToHeaders: [{ header: "x-user", claim: "sub" }], timeout: "3s" },
        ],
      });
      principals.push(requestPrincipal(google), requestPrincipal(keycloak, "svc-bot"));
      app.requestAuthentication("cart-jwt", { target: app.service("cart", { ports: [8080] }), jwt: [{ issuer: GOOGLE }] });
      app.requestAuthentication("ratings-jwt", { target: app.workload({ app: "ratings" }), jwt: [{ issuer: GOOGLE, jwks: '{"keys":[]}' }] });
    });
    expect(issues).toEqual([]);
    expect(principals).toEqual(["https://accounts.google.com/*", "https://sso.example.com/realms/shop/svc-bot"]);
    expect(resources.map((r) => [r.metadata.name, r.spec])).toEqual([
      ["cart-jwt", { targetRefs: [{ group: "", kind: "Service", name: "cart" }], jwtRules: [{ issuer: GOOGLE }] }],
      [
        "jwt",
        {
          jwtRules: [
            { issuer: GOOGLE, jwksUri: GOOGLE_JWKS, forwardOriginalToken: true, fromHeaders: [{ name: "x-jwt", prefix: "Bearer " }] },
            { issuer: "https://sso.example.com/realms/shop", outputClaimToHeaders: [{ header: "x-user", claim: "sub" }], timeout: "3s" },
          ],
        },
      ],
      ["ratings-jwt", { selector: { matchLabels: { app: "ratings" } }, jwtRules: [{ issuer: GOOGLE, jwks: '{"keys":[]}' }] }],
    ]);
  });

  it("keeps the namespace of a gateway in another namespace, for the CRD's no-cross-namespace rule to report", () => {
    const { resources } = build((mesh) => {
      const gw = prodGateway(mesh);
      mesh.namespace("shop", { managed: false }).requestAuthentication("jwt", { target: gw, jwt: [{ issuer: GOOGLE }] });
    });
    expect(resources.find((r) => r.kind === "RequestAuthentication")?.spec).toEqual({ targetRefs: [{ ...GATEWAY_REF, namespace: "istio-system" }], jwtRules: [{ issuer: GOOGLE }] });
  });

  it("reports a field the targeted Istio release lacks, naming the release that has it", () => {
    const { issues } = build(
      (mesh) => {
        mesh.namespace("shop", { managed: false }).requestAuthentication("jwt", { jwt: [{ issuer: GOOGLE, spaceDelimitedClaims: ["scope"] }] });
      },
      { targets: { istio: "1.24.6" } },
    );
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:131:52 security.istio.io/v1/RequestAuthentication shop/jwt spec.jwtRules[0].spaceDelimitedClaims: not in Istio 1.24.6; it needs Istio 1.28.10 (raise the Istio target in defineMesh({ targets }) or drop the field)`,
    ]);
  });

  it("does not compile a key set given twice, a target or an issuer given as a string, or a duration without unit", () => {
    defineMesh({}, (mesh) => {
      const app = mesh.namespace("shop");
      // @ts-expect-error jwks and jwksUri are exclusive
      app.requestAuthentication("both", { jwt: [{ issuer: GOOGLE, jwks: "{}", jwksUri: GOOGLE_JWKS }] });
      // @ts-expect-error a target is a reference a builder returned, not a name
      app.requestAuthentication("named", { target: "prod-gateway", jwt: [{ issuer: GOOGLE }] });
      // @ts-expect-error at least one issuer
      app.requestAuthentication("empty", { jwt: [] });
      // @ts-expect-error a timeout has a unit
      app.requestAuthentication("slow", { jwt: [{ issuer: GOOGLE, timeout: "5" }] });
      // @ts-expect-error requestPrincipal takes the issuer reference, not its name
      requestPrincipal(GOOGLE);
      const gw = prodGateway(mesh);
      // @ts-expect-error requireJwt needs the key set's URL
      mesh.root.requireJwt(gw, { issuer: GOOGLE });
      // @ts-expect-error requireJwt admits request principals, never peer principals
      mesh.root.requireJwt(gw, { issuer: GOOGLE, jwksUri: GOOGLE_JWKS, principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"] });
    });
  });
});
