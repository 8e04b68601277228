/**
 * The checks that need workloads in the set: selectors that match nothing or overlap, the
 * Services of a Deployment, the gateway's Service and credential Secrets, and DestinationRule
 * subsets. Cases follow Istio's own analyzer inputs where they exist.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { AnalysisIssue } from "../../codes.js";
import { analyzeYaml, docs, summarize } from "../../testing.js";
import { WORKLOADS_CHECKS } from "./index.js";

const MINE = new Set<string>(WORKLOADS_CHECKS.map((c) => c.code));
/** The findings of this folder's checks, as `CODE Kind ns/name path`. */
const found = (yaml: string, options = {}) =>
  summarize(analyzeYaml(yaml, options).filter((i) => MINE.has(i.code))).map(([code, resource, path]) => `${code} ${resource} ${path}`);
/** One finding in full, as a report gives it. */
const only = (yaml: string, code: string): AnalysisIssue => {
  const issues = analyzeYaml(yaml).filter((i) => i.code === code);
  expect(issues).toHaveLength(1);
  return issues[0]!;
};

const pod = (name: string, namespace: string, labels: string, extra = "") =>
  `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: ${namespace}, labels: { ${labels} }${extra} }\nspec: { containers: [{ name: app, image: example/app:1 }] }`;
const deployment = (name: string, namespace: string, labels: string, podSpec = "{ containers: [{ name: app, image: example/app:1 }] }") =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  selector: { matchLabels: { ${labels} } }\n  template:\n    metadata: { labels: { ${labels} } }\n    spec: ${podSpec}`;
const namespace = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: { ${labels} } }`;
const service = (name: string, ns: string, selector: string, ports: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: { name: ${name}, namespace: ${ns} }\nspec: { selector: { ${selector} }, ports: ${ports} }`;
const sidecar = (name: string, ns: string, labels: string) =>
  `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n  workloadSelector: { labels: { ${labels} } }\n  egress: [{ hosts: ["./*"] }]`;
const telemetry = (name: string, ns: string, labels: string) =>
  `apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n  selector: { matchLabels: { ${labels} } }\n  accessLogging: [{ providers: [{ name: envoy }] }]`;
const istioGateway = (name: string, selector: string, servers: string) =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: ${name}, namespace: shop }\nspec:\n  selector: { ${selector} }\n  servers:\n${servers}`;
const server = (port: number, tls = "") => `  - port: { number: ${port}, name: p${port}, protocol: ${tls ? "HTTPS" : "HTTP"} }\n    hosts: ["*"]${tls ? `\n    tls: { mode: SIMPLE, credentialName: ${tls} }` : ""}`;
const INGRESS_POD = "apiVersion: v1\nkind: Pod\nmetadata: { name: ingress-1, namespace: istio-system, labels: { istio: ingressgateway } }\nspec: { containers: [{ name: istio-proxy, image: example/proxyv2:1 }] }";
const INGRESS_SERVICE = service("istio-ingressgateway", "istio-system", "istio: ingressgateway", "[{ name: http2, port: 80, targetPort: 8080 }, { name: https, port: 443, targetPort: 8443 }]");
const secret = (name: string, body: string) => `apiVersion: v1\nkind: Secret\nmetadata: { name: ${name}, namespace: istio-system }\ntype: kubernetes.io/tls\n${body}`;
const CERT = `
    -----BEGIN CERTIFICATE-----
    MIIBjjCCATOgAwIBAgIUFvYGMaFJhQSEgVXAR29f1E7Ez9QwCgYIKoZIzj0EAwIw
    GzEZMBcGA1UEAwwQc2hvcC5leGFtcGxlLmNvbTAgFw0yNjEyMDcwOTUwMTBaGA8y
    MTI2MTExMzA5NTAxMFowGzEZMBcGA1UEAwwQc2hvcC5leGFtcGxlLmNvbTBZMBMG
    ByqGSM49AgEGCCqGSM49AwEHA0IABBHJexWc458oaRWNZPFGRQRBqnAaXShgR3MS
    4FAS7UooycBf0DmkbHdq2+iXcVUh+G1MENYGVZPRC6JGJgTuaOSjUzBRMB0GA1Ud
    DgQWBBQVV/loFvMz+GSxmIV8Wa5kAsVu1zAfBgNVHSMEGDAWgBQVV/loFvMz+GSx
    mIV8Wa5kAsVu1zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDX
    0Gu7pgftcJ/z5psoARKtDRj67FUm2TIW5Yy8+f9SxAIhAJ/qlUY18xv+RoeuG6cS
    mfdztR2PcLV5nhWacW86sAef
    -----END CERTIFICATE-----`;
const KEY = `
    -----BEGIN PRIVATE KEY-----
    MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0fwLpPG1jzOEEsfy
    aU0Nx31MiVZy5rOwQbJCDnuyGxmhRANCAAQRyXsVnOOfKGkVjWTxRkUEQapwGl0o
    YEdzEuBQEu1KKMnAX9A5pGx3atvol3FVIfhtTBDWBlWT0QuiRiYE7mjk
    -----END PRIVATE KEY-----`;
const VALID_TLS = `stringData:\n  tls.crt: |${CERT}\n  tls.key: |${KEY}`;
const b64 = (text: string) => Buffer.from(text.replace(/^ {4}/gm, "").trimStart()).toString("base64");

describe("workloads of the set", () => {
  test("a set without workloads draws none of the checks that need them", () => {
    const yaml = docs(
      sidecar("bogus", "shop", "app: bogus"),
      sidecar("bogus-2", "shop", "app: bogus"),
      telemetry("bogus", "shop", "app: bogus"),
      `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: nobody, namespace: shop }\nspec: { selector: { matchLabels: { app: bogus } } }`,
      istioGateway("web", "istio: ingressgateway", server(8081) + "\n" + server(443, "missing")),
      secret("other", VALID_TLS),
      INGRESS_SERVICE,
      `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: reviews, namespace: shop }\nspec: { host: reviews, subsets: [{ name: v9, labels: { version: v9 } }] }`,
      service("reviews", "shop", "app: reviews", "[{ name: http, port: 9080 }]"),
    );
    expect(found(yaml)).toEqual([]);
  });

  test("controllers count by their pod template's labels and namespace; a Pod by its own", () => {
    const kinds = [
      deployment("d", "shop", "app: a"),
      deployment("d", "shop", "app: a").replace("apps/v1\nkind: Deployment", "apps/v1\nkind: StatefulSet"),
      deployment("d", "shop", "app: a").replace("apps/v1\nkind: Deployment", "apps/v1\nkind: DaemonSet"),
      deployment("d", "shop", "app: a").replace("apps/v1\nkind: Deployment", "apps/v1\nkind: ReplicaSet"),
      deployment("d", "shop", "app: a").replace("apps/v1\nkind: Deployment", "batch/v1\nkind: Job"),
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: c, namespace: shop }\nspec:\n  schedule: "* * * * *"\n  jobTemplate: { spec: { template: { metadata: { labels: { app: a } }, spec: { containers: [] } } } }`,
      pod("p", "shop", "app: a"),
    ];
    for (const workload of kinds) {
      expect(found(docs(workload, sidecar("s", "shop", "app: a")))).toEqual([]);
      expect(found(docs(workload, sidecar("s", "shop", "app: b")))).toEqual(["SELECTOR_MATCHES_NO_WORKLOAD Sidecar shop/s spec.workloadSelector.labels.app"]);
      // A namespace of which the set holds no workload is deployed from elsewhere: nothing is said.
      expect(found(docs(workload, sidecar("s", "other", "app: a")))).toEqual([]);
      expect(found(docs(workload, pod("q", "other", "app: q"), sidecar("s", "other", "app: a")))).toEqual(["SELECTOR_MATCHES_NO_WORKLOAD Sidecar other/s spec.workloadSelector.labels.app"]);
    }
    // A controller's own labels are not its pods'.
    const labelledController = deployment("d", "shop", "app: a").replace("metadata: { name: d, namespace: shop }", "metadata: { name: d, namespace: shop, labels: { team: x } }");
    expect(found(docs(labelledController, sidecar("s", "shop", "team: x")))).toEqual(["SELECTOR_MATCHES_NO_WORKLOAD Sidecar shop/s spec.workloadSelector.labels.team"]);
  });

  test("malformed workloads and selectors are read as far as they can be, without throwing", () => {
    const odd = ["null", "1", '"x"', "[]", "[1]", "{ a: 1 }"];
    for (const value of odd) {
      const yaml = docs(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, namespace: shop }\nspec: { template: ${value} }`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: e, namespace: shop }\nspec: { template: { metadata: ${value}, spec: { securityContext: ${value}, containers: ${value} } } }`,
        `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop, labels: ${value} }\nspec: ${value}`,
        `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: s, namespace: shop }\nspec: { workloadSelector: { labels: ${value} } }`,
        `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: g, namespace: shop }\nspec: { selector: ${value}, servers: ${value} }`,
        `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: h, namespace: shop }\nspec: { servers: [{ port: ${value}, tls: ${value} }, { port: { number: 1 }, tls: { credentialName: ${value} } }] }`,
        `apiVersion: v1\nkind: Secret\nmetadata: { name: x, namespace: shop }\ndata: ${value}\nstringData: ${value}`,
        `apiVersion: v1\nkind: Service\nmetadata: { name: x, namespace: shop }\nspec: { selector: ${value}, ports: ${value} }`,
        `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: x, namespace: shop }\nspec: { host: x, subsets: ${value} }`,
        `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: x, namespace: shop }\nspec: { selector: ${value}, targetRefs: ${value} }`,
      );
      expect(() => analyzeYaml(yaml)).not.toThrow();
    }
  });
});

describe("SELECTOR_MATCHES_NO_WORKLOAD", () => {
  test("a Sidecar selecting nothing, in full", () => {
    const issue = only(docs(pod("reviews", "shop", "app: reviews"), sidecar("reviews", "shop", "app: reviewz, version: v1")), "SELECTOR_MATCHES_NO_WORKLOAD");
    expect(issue).toEqual({
      code: "SELECTOR_MATCHES_NO_WORKLOAD",
      istioctlCode: "IST0101",
      severity: "error",
      message: 'Referenced selector not found: "app=reviewz,version=v1": no workload of the set in namespace shop has these labels, so the Sidecar configures no proxy',
      hint: "fix the labels to those of the workload's pods (a Deployment's spec.template.metadata.labels), in namespace shop; if the workload is deployed from outside the set, suppress this finding with the reason",
      path: ["spec", "workloadSelector", "labels", "app"],
      resource: { apiVersion: "networking.istio.io/v1", kind: "Sidecar", namespace: "shop", name: "reviews" },
      source: { file: "mesh.yaml", line: 10 },
    });
  });

  test("Istio's sidecar and telemetry selector cases: another namespace's workload does not count", () => {
    const pods = [pod("productpage", "default", "app: productpage"), pod("productpage-other", "other", "app: productpage"), pod("reviews", "default", "app: reviews")];
    expect(found(docs(...pods, sidecar("maps-correctly", "default", "app: productpage"), sidecar("maps-to-nonexistent", "default", "app: bogus"), sidecar("maps-to-different-ns", "other", "app: reviews")))).toEqual([
      "SELECTOR_MATCHES_NO_WORKLOAD Sidecar default/maps-to-nonexistent spec.workloadSelector.labels.app",
      "SELECTOR_MATCHES_NO_WORKLOAD Sidecar other/maps-to-different-ns spec.workloadSelector.labels.app",
    ]);
    expect(found(docs(...pods, telemetry("maps-correctly", "default", "app: productpage"), telemetry("maps-to-nonexistent", "default", "app: bogus"), telemetry("maps-to-different-ns", "other", "app: reviews")))).toEqual([
      "SELECTOR_MATCHES_NO_WORKLOAD Telemetry default/maps-to-nonexistent spec.selector.matchLabels.app",
      "SELECTOR_MATCHES_NO_WORKLOAD Telemetry other/maps-to-different-ns spec.selector.matchLabels.app",
    ]);
    const issue = only(docs(...pods, telemetry("t", "default", "app: bogus")), "SELECTOR_MATCHES_NO_WORKLOAD");
    expect([issue.severity, issue.istioctlCode, issue.message]).toEqual(["error", "IST0101", 'Referenced selector not found: "app=bogus": no workload of the set in namespace default has these labels, so the Telemetry changes the metrics, logs and traces of no workload']);
  });

  test("every label must match; a selector without labels applies to the namespace and is not reported", () => {
    const yaml = docs(pod("ratings", "shop", "app: ratings, version: v1"), sidecar("s", "shop", "app: ratings, version: v2"));
    expect(found(yaml)).toEqual(["SELECTOR_MATCHES_NO_WORKLOAD Sidecar shop/s spec.workloadSelector.labels.app"]);
    expect(found(yaml.replace("version: v2", "version: v1"))).toEqual([]);
    expect(found(docs(pod("ratings", "shop", "app: ratings"), sidecar("s", "shop", "").replace("labels: {  }", "labels: {}")))).toEqual([]);
  });

  test("an Istio Gateway selects workloads of any namespace, as in Istio's gateway-no-workload case, when the set holds gateway workloads", () => {
    const gateway = istioGateway("httpbin-gateway", "istio: ingressgateway", server(80));
    // Istio's samples: the applications, whose gateway pods Istio's installation deploys. No
    // workload of the set carries the selector's label key, so the gateway's are elsewhere.
    expect(found(docs(pod("httpbin", "default", "app: httpbin"), gateway))).toEqual([]);
    const issue = only(docs(pod("httpbin", "default", "app: httpbin"), pod("egress", "istio-system", "istio: egressgateway"), gateway), "SELECTOR_MATCHES_NO_WORKLOAD");
    expect([issue.message, issue.path, issue.source?.line]).toEqual([
      'Referenced selector not found: "istio=ingressgateway": no workload of the set in any namespace has these labels, so no gateway proxy serves the Gateway\'s servers, and the routes bound to it reach no one',
      ["spec", "selector", "istio"],
      15,
    ]);
    expect(found(docs(INGRESS_POD, gateway))).toEqual([]);
    // Istio's gateway-secrets case: a Gateway whose selector names a label the gateway Pod has under another key.
    // istioctl reports it; meshform, seeing no workload with an istio label in the set, takes the
    // gateway's pods to be deployed elsewhere. With one, the mismatch is reported.
    expect(found(docs(pod("custom-gateway", "default", "myapp: custom-gateway"), istioGateway("bogusgateway", "istio: custom-gateway", server(80))))).toEqual([]);
    expect(found(docs(pod("custom-gateway", "default", "myapp: custom-gateway, istio: custom"), istioGateway("bogusgateway", "istio: custom-gateway", server(80))))).toEqual(["SELECTOR_MATCHES_NO_WORKLOAD Gateway shop/bogusgateway spec.selector.istio"]);
    // A Gateway without a selector selects every workload.
    expect(found(docs(pod("httpbin", "default", "app: httpbin"), istioGateway("any", "", server(80)).replace("selector: {  }", "selector: {}")))).toEqual([]);
  });

  test("Gateway API Gateways have no selector and are not read", () => {
    const yaml = docs(pod("httpbin", "default", "app: httpbin"), `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: { name: web, namespace: shop }\nspec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }`);
    expect(found(yaml)).toEqual([]);
  });
});

describe("SIDECAR_SELECTOR_CONFLICT and TELEMETRY_SELECTOR_CONFLICT", () => {
  const pods = [pod("reviews", "default", "app: reviews"), pod("ratings", "default", "app: ratings-app, myapp: ratings-myapp"), pod("productpage", "default", "app: productpage")];

  test("Istio's cases: the same selector, and selectors that overlap on one pod", () => {
    const sidecars = [sidecar("maps-correctly", "default", "app: productpage"), sidecar("dupe-1", "default", "app: reviews"), sidecar("dupe-2", "default", "app: reviews"), sidecar("overlap-1", "default", "app: ratings-app"), sidecar("overlap-2", "default", "myapp: ratings-myapp")];
    expect(found(docs(...pods, ...sidecars))).toEqual([
      "SIDECAR_SELECTOR_CONFLICT Sidecar default/dupe-1 spec.workloadSelector.labels",
      "SIDECAR_SELECTOR_CONFLICT Sidecar default/dupe-2 spec.workloadSelector.labels",
      "SIDECAR_SELECTOR_CONFLICT Sidecar default/overlap-1 spec.workloadSelector.labels",
      "SIDECAR_SELECTOR_CONFLICT Sidecar default/overlap-2 spec.workloadSelector.labels",
    ]);
    const telemetries = sidecars.map((s) => s.replace("networking.istio.io/v1\nkind: Sidecar", "telemetry.istio.io/v1\nkind: Telemetry").replace("workloadSelector: { labels:", "selector: { matchLabels:"));
    expect(found(docs(...pods, ...telemetries))).toEqual([
      "TELEMETRY_SELECTOR_CONFLICT Telemetry default/dupe-1 spec.selector.matchLabels",
      "TELEMETRY_SELECTOR_CONFLICT Telemetry default/dupe-2 spec.selector.matchLabels",
      "TELEMETRY_SELECTOR_CONFLICT Telemetry default/overlap-1 spec.selector.matchLabels",
      "TELEMETRY_SELECTOR_CONFLICT Telemetry default/overlap-2 spec.selector.matchLabels",
    ]);
  });

  test("the message names istioctl's text, the Sidecars and the first workload they share; each is reported once", () => {
    const yaml = docs(deployment("reviews-v1", "shop", "app: reviews, version: v1"), deployment("reviews-v2", "shop", "app: reviews, version: v2"), sidecar("b", "shop", "app: reviews"), sidecar("a", "shop", "app: reviews"));
    const issues = analyzeYaml(yaml).filter((i) => i.code === "SIDECAR_SELECTOR_CONFLICT");
    expect(issues.map((i) => [i.resource?.name, i.severity, i.istioctlCode, i.message, i.hint, i.source?.line])).toEqual([
      ["b", "error", "IST0110", 'The Sidecars [a b] in namespace "shop" select the same workload pod "reviews-v1", which can lead to undefined behavior: the proxies of Deployment shop/reviews-v1 take the configuration of one of them, which one is not defined, and ignore the others', "merge the Sidecars a, b into one, or narrow their workloadSelector labels so that each workload has at most one", 23],
      ["a", "error", "IST0110", 'The Sidecars [a b] in namespace "shop" select the same workload pod "reviews-v1", which can lead to undefined behavior: the proxies of Deployment shop/reviews-v1 take the configuration of one of them, which one is not defined, and ignore the others', "merge the Sidecars a, b into one, or narrow their workloadSelector labels so that each workload has at most one", 30],
    ]);
    const telemetries = analyzeYaml(docs(pod("reviews", "shop", "app: reviews"), telemetry("logs", "shop", "app: reviews"), telemetry("traces", "shop", "app: reviews"))).filter((i) => i.code === "TELEMETRY_SELECTOR_CONFLICT");
    expect(telemetries.map((i) => [i.severity, i.istioctlCode, i.message])[0]).toEqual([
      "error",
      "IST0159",
      'The Telemetries [logs traces] in namespace "shop" select the same workload pod "reviews", which can lead to undefined behavior: Pod shop/reviews gets the metrics, logs and traces settings of one of them, which one is not defined',
    ]);
  });

  test("namespace-wide Sidecars, other namespaces' workloads and ambient pods do not conflict", () => {
    expect(found(docs(pod("reviews", "shop", "app: reviews"), sidecar("s", "shop", "app: reviews"), sidecar("t", "other", "app: reviews"), pod("reviews", "other", "app: reviews")))).toEqual([]);
    expect(found(docs(pod("reviews", "shop", "app: reviews"), sidecar("s", "shop", "app: reviews"), `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: default, namespace: shop }\nspec: { egress: [{ hosts: ["./*"] }] }`))).toEqual([]);
    const ambient = pod("reviews", "shop", "app: reviews", ", annotations: { ambient.istio.io/redirection: enabled }");
    expect(found(docs(ambient, sidecar("s", "shop", "app: reviews"), sidecar("t", "shop", "app: reviews")))).toEqual([]);
  });
});

describe("AUTHORIZATION_POLICY_NO_WORKLOAD", () => {
  const policy = (name: string, ns: string, selector?: string) =>
    `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:${selector === undefined ? "" : `\n  selector: { matchLabels: { ${selector} } }`}\n  rules: [{ from: [{ source: { namespaces: [shop] } }] }]`;
  const httpbin = [namespace("httpbin", "istio-injection: enabled"), deployment("httpbin", "httpbin", "app: httpbin, version: v1"), pod("httpbin-55bf89f8c9-wzfrh", "httpbin", "app: httpbin, version: v1")];

  test("Istio's cases: the root namespace, a namespace without workloads, a selector without a match", () => {
    const yaml = docs(
      ...httpbin,
      policy("httpbin", "httpbin", "app: httpbin, version: v1"),
      policy("meshwide-httpbin", "istio-system"),
      policy("meshwide-httpbin-v1", "istio-system", "version: bogus-version"),
      policy("meshwide-httpbin-any", "istio-system", "app: httpbin"),
      policy("httpbin-empty-namespace-wide", "httpbin-empty"),
      policy("httpbin-namespace-wide", "httpbin"),
      policy("httpbin-nopods", "httpbin", "app: bogus-label, version: v1"),
      namespace("test-ambient", "istio.io/dataplane-mode: ambient"),
      policy("no-workload", "test-ambient", "app: httpbin, version: v1"),
      policy("valid-policy", "test-ambient", "app: sleep, version: v1"),
      pod("sleep-55bf89f8c9-wzfrh", "test-ambient", "app: sleep, version: v1"),
    );
    expect(found(yaml)).toEqual([
      "AUTHORIZATION_POLICY_NO_WORKLOAD AuthorizationPolicy istio-system/meshwide-httpbin-v1 spec.selector",
      "AUTHORIZATION_POLICY_NO_WORKLOAD AuthorizationPolicy httpbin-empty/httpbin-empty-namespace-wide metadata.name",
      "AUTHORIZATION_POLICY_NO_WORKLOAD AuthorizationPolicy httpbin/httpbin-nopods spec.selector",
      "AUTHORIZATION_POLICY_NO_WORKLOAD AuthorizationPolicy test-ambient/no-workload spec.selector",
    ]);
    const issues = analyzeYaml(yaml).filter((i) => i.code === "AUTHORIZATION_POLICY_NO_WORKLOAD");
    expect(issues.map((i) => [i.severity, i.istioctlCode, i.message]).slice(0, 3)).toEqual([
      ["warning", "IST0127", "No matching workloads for this resource with the following labels: version=bogus-version: no workload in the mesh in any namespace of the set has these labels, so the policy applies to nothing"],
      ["warning", "IST0127", "No matching workloads for this resource with the following labels: none (the policy has no selector): namespace httpbin-empty has no workload in the mesh in the set, so the policy applies to nothing"],
      ["warning", "IST0127", "No matching workloads for this resource with the following labels: app=bogus-label,version=v1: no workload in the mesh in namespace httpbin of the set has these labels, so the policy applies to nothing"],
    ]);
  });

  test("only workloads in the mesh count: injection by namespace, by pod label or annotation, or a proxy container", () => {
    const yaml = (ns: string, workload: string) => docs(ns, workload, policy("p", "shop", "app: reviews"));
    const reported = ["AUTHORIZATION_POLICY_NO_WORKLOAD AuthorizationPolicy shop/p spec.selector"];
    expect(found(yaml(namespace("shop", "team: a"), deployment("reviews", "shop", "app: reviews")))).toEqual(reported);
    expect(found(yaml(namespace("shop", "istio-injection: enabled"), deployment("reviews", "shop", "app: reviews")))).toEqual([]);
    expect(found(yaml(namespace("shop", "istio-injection: enabled"), deployment("reviews", "shop", 'app: reviews, sidecar.istio.io/inject: "false"')))).toEqual(reported);
    expect(found(yaml(namespace("shop", "team: a"), deployment("reviews", "shop", 'app: reviews, sidecar.istio.io/inject: "true"')))).toEqual([]);
    expect(found(yaml(namespace("shop", "team: a"), pod("reviews", "shop", "app: reviews").replace("name: app, image", "name: istio-proxy, image")))).toEqual([]);
    expect(found(yaml(namespace("shop", "istio.io/dataplane-mode: ambient"), deployment("reviews", "shop", "app: reviews")))).toEqual([]);
    // A namespace that is not in the set says nothing: the workload is not known to be in the mesh.
    expect(found(yaml("", deployment("reviews", "shop", "app: reviews")))).toEqual(reported);
  });

  test("a policy with targetRefs applies to a gateway or waypoint and is not read", () => {
    const targeted = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: waypoint, namespace: empty }\nspec:\n  targetRefs: [{ kind: Service, group: "", name: reviews }]\n  rules: [{ to: [{ operation: { methods: [GET] } }] }]`;
    expect(found(docs(...httpbin, targeted))).toEqual([]);
    expect(found(docs(...httpbin, targeted.replace(/ {2}targetRefs.*\n/, "")))).toEqual(["AUTHORIZATION_POLICY_NO_WORKLOAD AuthorizationPolicy empty/waypoint metadata.name"]);
  });

  test("the root namespace follows the analysis option", () => {
    const yaml = docs(...httpbin, policy("p", "mesh-root", "app: nothing"));
    expect(found(yaml, { rootNamespace: "mesh-root" })).toEqual(["AUTHORIZATION_POLICY_NO_WORKLOAD AuthorizationPolicy mesh-root/p spec.selector"]);
    expect(found(docs(...httpbin, policy("p", "mesh-root")), { rootNamespace: "mesh-root" })).toEqual([]);
  });
});

describe("DEPLOYMENT_PORT_PROTOCOL_CONFLICT and DEPLOYMENT_TARGET_PORT_CONFLICT", () => {
  const BOOKINFO = namespace("bookinfo", "istio-injection: enabled");

  test("Istio's multi-service cases: two protocols on one port, with or without container ports", () => {
    const yaml = docs(
      BOOKINFO,
      deployment("multiple-svc-multiple-prot", "bookinfo", "app: details, version: v1"),
      service("details-tcp-v1", "bookinfo", "app: details", "[{ port: 9080, name: tcp, protocol: TCP }]"),
      service("details-http-v1", "bookinfo", "app: details", "[{ port: 9080, name: http, protocol: HTTP }]"),
      deployment("multiple-without-port", "bookinfo", "app: productpage, version: v1"),
      service("productpage-tcp-v1", "bookinfo", "app: productpage", "[{ port: 9080, name: tcp, protocol: TCP }]"),
      service("productpage-http-v1", "bookinfo", "app: productpage", "[{ port: 9080, name: http, protocol: HTTP }]"),
      deployment("conflicting-ports", "bookinfo", "app: conflicting-ports"),
      service("conflicting-ports-1", "bookinfo", "app: conflicting-ports", "[{ port: 9080, name: tcp, targetPort: 9080 }]"),
      service("conflicting-ports-2", "bookinfo", "app: conflicting-ports", "[{ port: 9090, name: http, targetPort: 9080 }]"),
      deployment("single", "bookinfo", "app: single"),
      service("single", "bookinfo", "app: single", "[{ port: 9080, name: http }]"),
    );
    expect(found(yaml)).toEqual([
      "DEPLOYMENT_PORT_PROTOCOL_CONFLICT Deployment bookinfo/multiple-svc-multiple-prot metadata.name",
      "DEPLOYMENT_PORT_PROTOCOL_CONFLICT Deployment bookinfo/multiple-without-port metadata.name",
      "DEPLOYMENT_TARGET_PORT_CONFLICT Deployment bookinfo/conflicting-ports metadata.name",
    ]);
    const issues = analyzeYaml(yaml).filter((i) => i.code.startsWith("DEPLOYMENT_"));
    expect(issues.map((i) => [i.severity, i.istioctlCode, i.message, i.hint, i.source?.line])).toEqual([
      ["warning", "IST0116", "This deployment multiple-svc-multiple-prot is associated with multiple services using port 9080 but different protocols: [bookinfo/details-http-v1 bookinfo/details-tcp-v1]: the sidecar of its pods has one listener per port, which cannot serve port 9080 as HTTP and TCP at once, so traffic for some of these Services fails", "give the Services one protocol for port 9080, or move one of them to another port", 7],
      ["warning", "IST0116", expect.stringContaining("This deployment multiple-without-port is associated with multiple services using port 9080 but different protocols: [bookinfo/productpage-http-v1 bookinfo/productpage-tcp-v1]: "), expect.any(String), 26],
      ["warning", "IST0137", 'This deployment conflicting-ports is associated with multiple services [bookinfo/conflicting-ports-1 bookinfo/conflicting-ports-2] using targetPort "9080" but different ports: [9080 9090]: Istio requires the Services of one workload to reach a targetPort from one port; the sidecar builds one inbound listener for it from one of them, and the traffic of the others may get the wrong protocol or settings', "reach targetPort 9080 through one port number in every Service that selects the Deployment", 45],
    ]);
  });

  test("a port without protocol is TCP, and without targetPort targets its own number", () => {
    const yaml = docs(BOOKINFO, deployment("dns", "bookinfo", "app: dns"), service("dns-tcp", "bookinfo", "app: dns", "[{ port: 53, name: tcp-dns }]"), service("dns-udp", "bookinfo", "app: dns", "[{ port: 53, name: udp-dns, protocol: UDP }]"));
    expect(found(yaml)).toEqual(["DEPLOYMENT_PORT_PROTOCOL_CONFLICT Deployment bookinfo/dns metadata.name"]);
    expect(found(yaml.replace("protocol: UDP", "protocol: TCP"))).toEqual([]);
    const targets = docs(BOOKINFO, deployment("web", "bookinfo", "app: web"), service("a", "bookinfo", "app: web", "[{ port: 8080, name: http }]"), service("b", "bookinfo", "app: web", "[{ port: 80, name: http, targetPort: 8080 }]"));
    expect(found(targets)).toEqual(["DEPLOYMENT_TARGET_PORT_CONFLICT Deployment bookinfo/web metadata.name"]);
    expect(found(targets.replace("targetPort: 8080", "targetPort: http"))).toEqual([]);
  });

  test("Istio's silent cases: Services of another namespace, Services without a selector, Deployments outside the mesh, waypoints", () => {
    const services = [service("a", "bookinfo", "app: x", "[{ port: 9080, name: tcp, protocol: TCP }]"), service("b", "bookinfo", "app: x", "[{ port: 9080, name: http, protocol: HTTP }]")];
    expect(found(docs(BOOKINFO, deployment("x", "bookinfo", "app: x"), ...services))).toEqual(["DEPLOYMENT_PORT_PROTOCOL_CONFLICT Deployment bookinfo/x metadata.name"]);
    expect(found(docs(BOOKINFO, namespace("other", "istio-injection: enabled"), deployment("x", "other", "app: x"), ...services))).toEqual([]);
    expect(found(docs(BOOKINFO, deployment("x", "bookinfo", "app: x"), ...services.map((s) => s.replace("selector: { app: x }", "selector: {}"))))).toEqual([]);
    expect(found(docs(namespace("bookinfo", "team: a"), deployment("x", "bookinfo", "app: x"), ...services))).toEqual([]);
    const waypoint = deployment("x", "bookinfo", "app: x").replace("metadata: { name: x, namespace: bookinfo }", "metadata: { name: x, namespace: bookinfo, labels: { gateway.istio.io/managed: istio.io-mesh-controller } }");
    expect(found(docs(BOOKINFO, waypoint, ...services))).toEqual([]);
    // Only Deployments are read, as istioctl reads them.
    expect(found(docs(BOOKINFO, pod("x", "bookinfo", "app: x"), ...services))).toEqual([]);
  });
});

describe("APPLICATION_UID_RESERVED", () => {
  test("Istio's cases: UID 1337 on the pod or on a container, of a Pod or a Deployment", () => {
    const podUid = `apiVersion: v1\nkind: Pod\nmetadata: { name: pod-sec-uid, namespace: default }\nspec:\n  securityContext: { runAsUser: 1337 }\n  containers: [{ name: app, image: example/app:1 }]`;
    const containerUid = `apiVersion: v1\nkind: Pod\nmetadata: { name: con-sec-uid, namespace: default }\nspec:\n  containers: [{ name: app, image: example/app:1, securityContext: { runAsUser: 1337 } }]`;
    const deploymentUid = deployment("deploy-con-sec-uid", "default", "app: helloworld", "\n      securityContext: { runAsUser: 1337 }\n      containers: [{ name: helloworld, image: example/app:1, securityContext: { runAsUser: 1337 } }]");
    expect(found(docs(podUid, containerUid, deploymentUid))).toEqual([
      "APPLICATION_UID_RESERVED Pod default/pod-sec-uid spec.securityContext.runAsUser",
      "APPLICATION_UID_RESERVED Pod default/con-sec-uid spec.containers[0].securityContext.runAsUser",
      "APPLICATION_UID_RESERVED Deployment default/deploy-con-sec-uid spec.template.spec.securityContext.runAsUser",
      "APPLICATION_UID_RESERVED Deployment default/deploy-con-sec-uid spec.template.spec.containers[0].securityContext.runAsUser",
    ]);
    const issue = only(podUid, "APPLICATION_UID_RESERVED");
    expect([issue.severity, issue.istioctlCode, issue.message, issue.hint, issue.source?.line]).toEqual([
      "warning",
      "IST0144",
      "User ID (UID) 1337 is reserved for the sidecar proxy: the sidecar's iptables rules let the traffic of UID 1337 bypass the proxy, so this application's outbound traffic escapes the mesh (no mTLS, no routing, no policy, no telemetry)",
      "run the application as another UID",
      5,
    ]);
  });

  test("Istio's containers, Istio's own resources, other UIDs and other controllers are silent", () => {
    expect(found(deployment("d", "default", "app: a", "{ containers: [{ name: istio-proxy, image: p, securityContext: { runAsUser: 1337 } }, { name: istio-operator, image: o, securityContext: { runAsUser: 1337 } }] }"))).toEqual([]);
    expect(found(deployment("d", "default", "app: a", "{ securityContext: { runAsUser: 1338 }, containers: [] }"))).toEqual([]);
    const istiod = `apiVersion: v1\nkind: Pod\nmetadata: { name: istiod, namespace: istio-system, labels: { istio: pilot } }\nspec: { securityContext: { runAsUser: 1337 } }`;
    expect(found(istiod)).toEqual([]);
    expect(found(istiod.replace("istio: pilot", "release: istio"))).toEqual([]);
    expect(found(istiod.replace("istio: pilot", "release: other"))).toEqual(["APPLICATION_UID_RESERVED Pod istio-system/istiod spec.securityContext.runAsUser"]);
    expect(found(deployment("d", "default", "app: a", "{ securityContext: { runAsUser: 1337 } }").replace("kind: Deployment", "kind: StatefulSet"))).toEqual([]);
  });
});

describe("GATEWAY_PORT_NOT_ON_SERVICE", () => {
  test("a server port no Service of the gateway forwards to, in full", () => {
    const issue = only(docs(INGRESS_POD, INGRESS_SERVICE, istioGateway("httpbin-gateway", "istio: ingressgateway", server(8080) + "\n" + server(8004))), "GATEWAY_PORT_NOT_ON_SERVICE");
    expect(issue).toEqual({
      code: "GATEWAY_PORT_NOT_ON_SERVICE",
      istioctlCode: "IST0162",
      severity: "warning",
      message: "The gateway is listening on a target port (port 8004) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available: clients reach the gateway through its Service, which forwards no port to 8004",
      hint: "add a port to the gateway's Service whose targetPort is 8004, or set the server's port to a targetPort the Service forwards to",
      path: ["spec", "servers", 1, "port", "number"],
      resource: { apiVersion: "networking.istio.io/v1", kind: "Gateway", namespace: "shop", name: "httpbin-gateway" },
      source: { file: "mesh.yaml", line: 19 },
    });
  });

  test("Istio's custom ingress gateway cases: targetPort, port without targetPort, a Service selecting another gateway", () => {
    const gatewayPod = (name: string, label: string) => `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: default, labels: { myapp: ${label} } }\nspec: { containers: [{ name: istio-proxy, image: p }] }`;
    // Translation: port 80 -> targetPort 8003; the Gateway listening on 80 is silent (a Service's port counts too).
    const translation = docs(gatewayPod("gw", "private-ingressgateway"), service("gw", "default", "myapp: private-ingressgateway", "[{ name: http2, port: 80, protocol: TCP, targetPort: 8003 }]"), istioGateway("httpbin-gateway", "myapp: private-ingressgateway", server(80)));
    expect(found(translation)).toEqual([]);
    expect(found(translation.replace("number: 80,", "number: 8003,"))).toEqual([]);
    expect(found(translation.replace("number: 80,", "number: 8004,"))).toEqual(["GATEWAY_PORT_NOT_ON_SERVICE Gateway shop/httpbin-gateway spec.servers[0].port.number"]);
    // Bad port without targetPort.
    expect(found(docs(gatewayPod("gw", "private-ingressgateway"), service("gw", "default", "myapp: private-ingressgateway", "[{ name: http2, port: 80, protocol: TCP }]"), istioGateway("httpbin-gateway", "myapp: private-ingressgateway", server(8004))))).toEqual([
      "GATEWAY_PORT_NOT_ON_SERVICE Gateway shop/httpbin-gateway spec.servers[0].port.number",
    ]);
    // Service selector: the 8002 Service selects the other gateway's pods.
    const yaml = docs(
      istioGateway("httpbin8001-gateway", "myapp: ingressgateway-8001", server(8001)),
      istioGateway("httpbin8002-gateway", "myapp: ingressgateway-8001", server(8002)),
      gatewayPod("my-ingressgateway-8001", "ingressgateway-8001"),
      gatewayPod("my-ingressgateway-8002", "ingressgateway-8002"),
      service("my-8002", "default", "myapp: ingressgateway-8002", "[{ name: http2, port: 8002, protocol: TCP, targetPort: 80 }]"),
      service("my-8001", "default", "myapp: ingressgateway-8001", "[{ name: http2, port: 8001, protocol: TCP }]"),
    );
    expect(found(yaml)).toEqual(["GATEWAY_PORT_NOT_ON_SERVICE Gateway shop/httpbin8002-gateway spec.servers[0].port.number"]);
  });

  test("UDP ports do not count; a port without protocol is TCP; a Gateway selecting nothing is another code's", () => {
    const base = docs(INGRESS_POD, service("istio-ingressgateway", "istio-system", "istio: ingressgateway", "[{ name: tcp, port: 9000 }]"), istioGateway("g", "istio: ingressgateway", server(9000)));
    expect(found(base)).toEqual([]);
    expect(found(base.replace("port: 9000 }", "port: 9000, protocol: UDP }"))).toEqual(["GATEWAY_PORT_NOT_ON_SERVICE Gateway shop/g spec.servers[0].port.number"]);
    expect(found(base.replace("selector: { istio: ingressgateway }\n  servers", "selector: { istio: other }\n  servers"))).toEqual(["SELECTOR_MATCHES_NO_WORKLOAD Gateway shop/g spec.selector.istio"]);
    // Without Services in the set, nothing is known of the gateway's Service.
    expect(found(docs(INGRESS_POD, istioGateway("g", "istio: ingressgateway", server(9000))))).toEqual([]);
  });
});

describe("GATEWAY_CREDENTIAL_NOT_FOUND and GATEWAY_CREDENTIAL_INVALID", () => {
  const gateway = (name: string, credential: string, selector = "istio: ingressgateway") => istioGateway(name, selector, server(443, credential));

  test("Istio's secret cases: the Secret is looked up in the gateway workload's namespace, not the Gateway's", () => {
    const yaml = docs(
      INGRESS_POD,
      secret("httpbin-credential", VALID_TLS),
      pod("custom-gateway", "custom-namespace", "myapp: custom-gateway"),
      secret("custom-credential", VALID_TLS).replace("namespace: istio-system", "namespace: custom-namespace"),
      gateway("defaultgateway-noerrors", "httpbin-credential"),
      gateway("defaultgateway-bogusCredentialName", "httpbin-credential-bogus"),
      gateway("customgateway-noerrors", "custom-credential", "myapp: custom-gateway"),
      gateway("customgateway-wrongnamespace", "httpbin-credential", "myapp: custom-gateway"),
      gateway("bogusgateway", "httpbin-credential", "istio: custom-gateway"),
      istioGateway("defaultgateway-nocredential", "istio: ingressgateway", server(80)),
    );
    expect(found(yaml)).toEqual([
      "GATEWAY_CREDENTIAL_NOT_FOUND Gateway shop/defaultgateway-bogusCredentialName spec.servers[0].tls.credentialName",
      "GATEWAY_CREDENTIAL_NOT_FOUND Gateway shop/customgateway-wrongnamespace spec.servers[0].tls.credentialName",
      "SELECTOR_MATCHES_NO_WORKLOAD Gateway shop/bogusgateway spec.selector.istio",
    ]);
    const issue = analyzeYaml(yaml).find((i) => i.code === "GATEWAY_CREDENTIAL_NOT_FOUND")!;
    expect([issue.severity, issue.istioctlCode, issue.message, issue.hint, issue.source?.line]).toEqual([
      "error",
      "IST0101",
      'Referenced credentialName not found: "httpbin-credential-bogus": the set has no Secret istio-system/httpbin-credential-bogus, in the namespace of the gateway\'s workload Pod istio-system/ingress-1, so the gateway has no certificate for this server and its TLS handshakes fail',
      "create the Secret httpbin-credential-bogus (type kubernetes.io/tls, with tls.crt and tls.key) in namespace istio-system, where the gateway runs, or fix the credentialName",
      77,
    ]);
  });

  test("a namespace/name credentialName names its namespace; a cert-manager Certificate provides its Secret", () => {
    const base = docs(INGRESS_POD, secret("other", VALID_TLS), gateway("g", "shop/shop-cert"));
    expect(found(base)).toEqual(["GATEWAY_CREDENTIAL_NOT_FOUND Gateway shop/g spec.servers[0].tls.credentialName"]);
    expect(found(docs(base, secret("shop-cert", VALID_TLS).replace("namespace: istio-system", "namespace: shop")))).toEqual([]);
    const certificate = (ns: string) => `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: c, namespace: ${ns} }\nspec: { secretName: shop-cert, issuerRef: { name: x } }`;
    expect(found(docs(base, certificate("shop")))).toEqual([]);
    expect(found(docs(base, certificate("istio-system")))).toEqual(["GATEWAY_CREDENTIAL_NOT_FOUND Gateway shop/g spec.servers[0].tls.credentialName"]);
  });

  test("Istio's validation cases: keys with other names, missing keys, a certificate that is not one", () => {
    const yaml = docs(
      INGRESS_POD,
      secret("invalid-key", `data: { cert: ${b64("hush hush hush\n")}, key: ${b64("secret secret\n")} }`),
      gateway("defaultgateway-invalid-keys", "invalid-key"),
      secret("missing-key", `data: { tls.cert: ${b64(CERT)} }`),
      gateway("defaultgateway-missing-keys", "missing-key"),
      secret("invalid-cert", `data: { tls.crt: ${b64("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")}, tls.key: ${b64(KEY)} }`),
      gateway("defaultgateway-invalid-cert", "invalid-cert"),
      secret("empty", "data: { tls.crt: '', tls.key: '' }"),
      gateway("defaultgateway-empty", "empty"),
      secret("valid", `data: { tls.crt: ${b64(CERT)}, tls.key: ${b64(KEY)} }`),
      gateway("defaultgateway-valid", "valid"),
      secret("valid-generic", `data: { cert: ${b64(CERT)}, key: ${b64(KEY)} }`),
      gateway("defaultgateway-valid-generic", "valid-generic"),
      secret("valid-string-data", VALID_TLS),
      gateway("defaultgateway-valid-string-data", "valid-string-data"),
    );
    const issues = analyzeYaml(yaml).filter((i) => i.code === "GATEWAY_CREDENTIAL_INVALID");
    expect(issues.map((i) => [i.resource?.name, i.severity, i.istioctlCode, i.message])).toEqual([
      ["defaultgateway-invalid-keys", "error", "IST0161", "The credential referenced by the Gateway defaultgateway-invalid-keys in namespace istio-system is invalid, which can cause the traffic not to work as expected: Secret istio-system/invalid-key has a cert that is not PEM, so the gateway serves no certificate for this server and its TLS handshakes fail"],
      ["defaultgateway-missing-keys", "error", "IST0161", expect.stringContaining("Secret istio-system/missing-key has neither cert and key nor tls.crt and tls.key (it has tls.cert), so")],
      ["defaultgateway-invalid-cert", "error", "IST0161", expect.stringContaining("Secret istio-system/invalid-cert has a tls.crt whose first PEM block is not an X.509 certificate, so")],
      ["defaultgateway-empty", "error", "IST0161", expect.stringContaining("Secret istio-system/empty has keys tls.crt and tls.key, but they are empty, so")],
    ]);
    expect(issues[0]?.hint).toBe("put the PEM certificate chain in tls.crt and its private key in tls.key of Secret istio-system/invalid-key (kubectl create secret tls invalid-key --cert=... --key=... -n istio-system)");
    expect(found(yaml).filter((f) => !f.startsWith("GATEWAY_CREDENTIAL_INVALID"))).toEqual([]);
  });
});

describe("SUBSET_SELECTS_NO_POD", () => {
  /** The DestinationRule, then a VirtualService that routes to each of its subsets. */
  const rule = (host: string, subsets: string) => {
    const names = [...subsets.matchAll(/name: ([\w-]+)/g)].map((m) => m[1]);
    const route = names.map((name) => `{ destination: { host: ${host}, subset: ${name} } }`).join(", ");
    return `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: subsets-not-select-pods, namespace: default }\nspec:\n  host: ${host}\n  subsets: ${subsets}\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: routes, namespace: default }\nspec:\n  hosts: [${host}]\n  http: [{ route: [${route}] }]`;
  };
  const HTTPBIN = service("httpbin", "default", "app: httpbin", "[{ name: http, port: 8000 }]");

  test("Istio's case: a subset no pod has the labels of, in full", () => {
    const yaml = docs(rule("httpbin.default.svc.cluster.local", "[{ name: fake, labels: { version: v3 } }, { name: v1, labels: { version: v1 } }]"), HTTPBIN, pod("httpbin", "default", "app: httpbin, version: v1"));
    expect(analyzeYaml(yaml).filter((i) => MINE.has(i.code))).toEqual([
      {
        code: "SUBSET_SELECTS_NO_POD",
        istioctlCode: "IST0173",
        severity: "error",
        message: "The Subset fake defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream): no workload of the set has the subset's labels, so the subset has no endpoints and the requests routed to it fail",
        hint: "fix the subset's labels to those of the pods it stands for (a Deployment's spec.template.metadata.labels), or deploy that version; if its workloads are deployed from outside the set, suppress this finding with the reason",
        path: ["spec", "subsets", 0, "labels"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", namespace: "default", name: "subsets-not-select-pods" },
        source: { file: "mesh.yaml", line: 6 },
      },
    ]);
  });

  test("a short host is the Service of the rule's namespace; an unknown host is not judged", () => {
    const subsets = "[{ name: v3, labels: { version: v3 } }]";
    expect(found(docs(rule("httpbin", subsets), HTTPBIN, deployment("httpbin", "default", "app: httpbin, version: v1")))).toEqual(["SUBSET_SELECTS_NO_POD DestinationRule default/subsets-not-select-pods spec.subsets[0].labels"]);
    expect(found(docs(rule("unknown", subsets), HTTPBIN, deployment("httpbin", "default", "app: httpbin, version: v1")))).toEqual([]);
    // A subset without labels selects every pod.
    expect(found(docs(rule("httpbin", "[{ name: all }]"), HTTPBIN, deployment("httpbin", "default", "app: httpbin")))).toEqual([]);
  });

  test("a ServiceEntry's workloadSelector is merged into its subsets; one without selects endpoints and is left out", () => {
    const entry = (selector: string) => `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: vm, namespace: default }\nspec:\n  hosts: [vm.example.com]\n  ports: [{ number: 80, name: http, protocol: HTTP }]\n  resolution: STATIC${selector}`;
    const subsets = "[{ name: v1, labels: { version: v1 } }]";
    const workload = pod("other", "default", "app: other, version: v1");
    expect(found(docs(rule("vm.example.com", subsets), entry("\n  workloadSelector: { labels: { app: vm } }"), workload))).toEqual(["SUBSET_SELECTS_NO_POD DestinationRule default/subsets-not-select-pods spec.subsets[0].labels"]);
    expect(found(docs(rule("vm.example.com", subsets), entry("\n  workloadSelector: { labels: { app: other } }"), workload))).toEqual([]);
    expect(found(docs(rule("vm.example.com", subsets), entry("\n  endpoints: [{ address: 10.0.0.1, labels: { version: v1 } }]"), workload))).toEqual([]);
  });

  test("a subset no route uses fails no request and is not reported, as Bookinfo's v2-mysql beside the v1 Deployments", () => {
    const unrouted = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: ratings, namespace: default }\nspec:\n  host: httpbin\n  subsets: [{ name: v2-mysql, labels: { version: v2-mysql } }]`;
    expect(found(docs(unrouted, HTTPBIN, deployment("httpbin", "default", "app: httpbin, version: v1")))).toEqual([]);
  });

  test("subsets on labels Istio takes from the node, cluster or network are not judged", () => {
    const yaml = docs(rule("httpbin", "[{ name: zone-a, labels: { topology.kubernetes.io/zone: a } }]"), HTTPBIN, pod("httpbin", "default", "app: httpbin"));
    expect(found(yaml)).toEqual([]);
    expect(found(yaml.replace("topology.kubernetes.io/zone: a", "zone: a"))).toEqual(["SUBSET_SELECTS_NO_POD DestinationRule default/subsets-not-select-pods spec.subsets[0].labels"]);
  });
});

describe("docs/analysis pages of this folder", () => {
  const folder = fileURLToPath(new URL("../../../../../docs/analysis/", import.meta.url));
  test.each(WORKLOADS_CHECKS.map((c) => [c.code, c.severity, c.istioctlCode, c.title] as const))("%s: the page's header, its Example draws the code and its Silent does not", (code, severity, istioctl, title) => {
    const page = readFileSync(join(folder, `${code}.md`), "utf8");
    const lines = page.split("\n");
    expect(lines[0]).toBe(`# ${code}: ${title}`);
    expect(lines[2]).toMatch(new RegExp(`^Severity \\*\\*${severity}\\*\\* · workloads · istioctl \\*\\*${istioctl}\\*\\* · checked by \`packages/analyze/src/checks/workloads/[a-z-]+\\.ts\`$`));
    const block = (heading: string) => new RegExp(`## ${heading}[\\s\\S]*?\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(page)?.[1] ?? "";
    expect(analyzeYaml(block("Example")).filter((i) => i.code === code)).not.toEqual([]);
    expect(block("Silent")).not.toBe("");
    expect(analyzeYaml(block("Silent")).filter((i) => i.code === code)).toEqual([]);
  });
});
