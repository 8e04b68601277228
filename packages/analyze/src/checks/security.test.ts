import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, runCase, type CheckCase } from "../testing.js";

const INGRESS = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: prod, namespace: istio-system }
spec:
  gatewayClassName: istio
  listeners:
  - { name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }`;

const policy = (name: string, namespace: string, body: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${body}`;

const AT_GATEWAY = "  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: prod }]";

const JWT = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: google, namespace: istio-system }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: prod }]
  jwtRules: [{ issuer: "https://accounts.google.com", jwksUri: "https://www.googleapis.com/oauth2/v3/certs" }]`;

const STRICT = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: istio-system }
spec: { mtls: { mode: STRICT } }`;

const cases: Record<string, CheckCase> = {
  "REQUEST_AUTHENTICATION_MISSING: JWT claims at a gateway no RequestAuthentication covers": {
    yaml: docs(INGRESS, policy("jwt", "istio-system", `${AT_GATEWAY}\n  rules: [{ when: [{ key: "request.auth.claims[iss]", values: ["https://accounts.google.com"] }] }]`), "# RequestAuthentication"),
    fix: ["# RequestAuthentication", JWT],
    findings: [["REQUEST_AUTHENTICATION_MISSING", "AuthorizationPolicy istio-system/jwt", "spec.rules[0].when[0].key"]],
  },
  "REQUEST_AUTHENTICATION_MISSING: requestPrincipals on workloads another RequestAuthentication selects": {
    yaml: docs(
      policy("reviews", "shop", `  selector: { matchLabels: { app: reviews } }\n  rules: [{ from: [{ source: { requestPrincipals: ["https://accounts.google.com/*"] } }] }]`),
      `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: { name: jwt, namespace: shop }\nspec:\n  selector: { matchLabels: { app: ratings } }\n  jwtRules: [{ issuer: "https://accounts.google.com" }]`,
    ),
    fix: ["app: ratings", "app: reviews"],
    findings: [["REQUEST_AUTHENTICATION_MISSING", "AuthorizationPolicy shop/reviews", "spec.rules[0].from[0].source.requestPrincipals"]],
  },
  "SOURCE_IDENTITY_AT_INGRESS: source namespaces required at an ingress gateway": {
    yaml: docs(INGRESS, policy("internal-only", "istio-system", `${AT_GATEWAY}\n  rules: [{ from: [{ source: { namespaces: [shop] } }] }]`)),
    fix: ["namespaces: [shop]", "remoteIpBlocks: [10.0.0.0/8]"],
    findings: [["SOURCE_IDENTITY_AT_INGRESS", "AuthorizationPolicy istio-system/internal-only", "spec.rules[0].from[0].source.namespaces"]],
  },
  "SOURCE_IDENTITY_AT_INGRESS: a source.principal condition on the classic ingress gateway's labels": {
    yaml: docs(policy("ingress", "istio-system", `  selector: { matchLabels: { istio: ingressgateway } }\n  action: DENY\n  rules: [{ when: [{ key: source.principal, values: ["cluster.local/ns/shop/sa/bot"] }] }]`)),
    fix: ["key: source.principal", "key: remote.ip"],
    findings: [["SOURCE_IDENTITY_AT_INGRESS", "AuthorizationPolicy istio-system/ingress", "spec.rules[0].when[0].key"]],
  },
  "ALLOW_ALL_RULE: an ALLOW policy with an empty rule": {
    yaml: docs(policy("reviews", "shop", "  selector: { matchLabels: { app: reviews } }\n  action: ALLOW\n  rules: [{}]")),
    fix: ["rules: [{}]", "rules: [{ from: [{ source: { namespaces: [shop] } }] }]"],
    findings: [["ALLOW_ALL_RULE", "AuthorizationPolicy shop/reviews", "spec.rules[0]"]],
  },
  "MTLS_WEAKENED: a PERMISSIVE namespace in a STRICT mesh": {
    yaml: docs(STRICT, `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: default, namespace: legacy }\nspec: { mtls: { mode: PERMISSIVE } }`),
    fix: ["mode: PERMISSIVE", "mode: UNSET"],
    findings: [["MTLS_WEAKENED", "PeerAuthentication legacy/default", "spec.mtls.mode"]],
  },
  "MTLS_WEAKENED: a port in plaintext on STRICT workloads": {
    yaml: docs(STRICT, `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  portLevelMtls: { "5432": { mode: DISABLE } }`),
    fix: ["mode: DISABLE", "mode: STRICT"],
    findings: [["MTLS_WEAKENED", "PeerAuthentication shop/db", 'spec.portLevelMtls["5432"].mode']],
  },
  "DESTINATION_RULE_TLS_DISABLED: plaintext toward a Service of a STRICT mesh": {
    yaml: docs(
      STRICT,
      "apiVersion: v1\nkind: Service\nmetadata: { name: reviews, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }",
      `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: reviews, namespace: shop }\nspec:\n  host: reviews\n  trafficPolicy: { tls: { mode: DISABLE } }`,
    ),
    fix: ["mode: DISABLE", "mode: ISTIO_MUTUAL"],
    findings: [["DESTINATION_RULE_TLS_DISABLED", "DestinationRule shop/reviews", "spec.trafficPolicy.tls.mode"]],
  },
};

describe("security posture checks", () => {
  test.each(Object.entries(cases))("%s", (_, row) => {
    const { triggered, fixed } = runCase(row);
    expect(triggered).toEqual(row.findings);
    expect(fixed).toEqual([]);
  });

  test("each message says what is wrong and its hint what would be right", () => {
    const lines = Object.values(cases).flatMap((row) => analyzeYaml(row.yaml).map((i) => `${i.code}: ${i.message} (${i.hint})`));
    expect([...new Set(lines)].join("\n")).toMatchInlineSnapshot(`
      "REQUEST_AUTHENTICATION_MISSING: request.auth.claims[iss] is set only for requests whose JWT a RequestAuthentication validated, and no RequestAuthentication of the set covers Gateway istio-system/prod: the condition never matches, so the policy allows nothing and every request is denied (add a RequestAuthentication with the issuer's jwtRules and the same targetRefs or selector as this policy)
      REQUEST_AUTHENTICATION_MISSING: source.requestPrincipals is set only for requests whose JWT a RequestAuthentication validated, and no RequestAuthentication of the set covers workloads app=reviews in shop: the condition never matches, so the policy allows nothing and every request is denied (add a RequestAuthentication with the issuer's jwtRules and the same targetRefs or selector as this policy)
      SOURCE_IDENTITY_AT_INGRESS: source.namespaces matches the caller's mTLS identity, but the callers of ingress Gateway istio-system/prod are clients outside the mesh, which have none: the condition never matches, so the policy allows nothing and every request is denied (at an ingress gateway, authenticate end users with a RequestAuthentication and match requestPrincipals or request.auth.claims; match the network origin with remoteIpBlocks)
      SOURCE_IDENTITY_AT_INGRESS: source.principal matches the caller's mTLS identity, but the callers of the ingress gateway are clients outside the mesh, which have none: the condition never matches, so this rule never denies anything (at an ingress gateway, authenticate end users with a RequestAuthentication and match requestPrincipals or request.auth.claims; match the network origin with remoteIpBlocks)
      ALLOW_ALL_RULE: an empty rule matches every request, so this policy allows all traffic to workloads app=reviews in shop, and other ALLOW policies there no longer restrict anything (add from, to or when conditions to the rule; to allow nothing, write the policy with no rules)
      MTLS_WEAKENED: mode PERMISSIVE lets namespace legacy accept plaintext inside a scope that requires STRICT mTLS, set by PeerAuthentication istio-system/default (remove the exception once every client is in the mesh, or suppress this finding with the reason, e.g. a migration or a health check from outside the mesh)
      MTLS_WEAKENED: port 5432 accepts plaintext with mode DISABLE, while the workloads it selects otherwise require STRICT mTLS, set by PeerAuthentication istio-system/default (remove the port exception once its clients are in the mesh, or suppress this finding with the reason)
      DESTINATION_RULE_TLS_DISABLED: tls.mode DISABLE sends plaintext to reviews.shop.svc.cluster.local, whose workloads accept only mTLS, as PeerAuthentication istio-system/default makes them STRICT: the connections are refused (remove tls from the traffic policy, so Istio uses mTLS automatically, or set tls.mode ISTIO_MUTUAL)"
    `);
  });
});
