/**
 * The reference checks of istioctl that configuration files decide: destination hosts as the
 * VirtualService's namespace sees them (exportTo), destination ports, DestinationRule hosts,
 * subsets a gateway's requests bypass, AuthorizationPolicy namespaces and Sidecar egress hosts.
 * Cases follow Istio's own analyzer test data, in a set of our own.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { AnalysisIssue } from "../../codes.js";
import { analyzeYaml, docs, pathText } from "../../testing.js";
import type { AnalyzeOptions } from "../../types.js";
import { ISTIO_REFERENCES_CHECKS } from "./index.js";

/** The findings of one code, with what a report shows of each. */
function found(yaml: string, code: string, options: AnalyzeOptions = {}) {
  return analyzeYaml(yaml, options)
    .filter((i) => i.code === code)
    .map((i: AnalysisIssue) => ({
      code: i.code,
      istioctlCode: i.istioctlCode,
      severity: i.severity,
      message: i.message,
      path: pathText(i.path),
      resource: `${i.resource?.kind} ${i.resource?.namespace}/${i.resource?.name}`,
      line: i.source?.line,
    }));
}

/** `Kind ns/name path` of each finding of one code. */
function where(yaml: string, code: string, options: AnalyzeOptions = {}): string[] {
  return found(yaml, code, options).map((f) => `${f.resource} ${f.path}`);
}

const service = (name: string, namespace: string, ports = "[{ name: http, port: 9080 }]", annotations = "") => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace}${annotations ? `, annotations: ${annotations}` : ""} }
spec: { ports: ${ports} }`;

const entry = (name: string, namespace: string, hosts: string, exportTo = "") => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: ${hosts}${exportTo ? `\n  exportTo: ${exportTo}` : ""}
  ports: [{ number: 443, name: tls, protocol: TLS }]
  resolution: DNS`;

const vs = (name: string, namespace: string, destination: string, extra = "") => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [${name}.example.com]${extra ? `\n  ${extra}` : ""}
  http:
  - route:
    - destination: ${destination}`;

describe("DESTINATION_HOST_NOT_FOUND (IST0101): hosts as the VirtualService's namespace sees them", () => {
  test("a ServiceEntry exported only to its own namespace is not seen from another", () => {
    const yaml = docs(entry("other", "other", "[other.bookinfo.com]", '["."]'), vs("reviews", "default", "{ host: other.bookinfo.com }"));
    expect(found(yaml, "DESTINATION_HOST_NOT_FOUND")).toEqual([
      {
        code: "DESTINATION_HOST_NOT_FOUND",
        istioctlCode: "IST0101",
        severity: "warning",
        message:
          'Referenced host not found: "other.bookinfo.com": VirtualService routes to host other.bookinfo.com, which ServiceEntry other/other provides but namespace default does not see: the proxies there have no cluster for it, and the requests routed there fail with 503',
        path: "spec.http[0].route[0].destination.host",
        resource: "VirtualService default/reviews",
        line: 17,
      },
    ]);
    // Exported to the VirtualService's namespace, to every namespace, or by default: found.
    expect(where(yaml.replace('["."]', "[default]"), "DESTINATION_HOST_NOT_FOUND")).toEqual([]);
    expect(where(yaml.replace('["."]', '["*"]'), "DESTINATION_HOST_NOT_FOUND")).toEqual([]);
    expect(where(yaml.replace('["."]', '[".", default]'), "DESTINATION_HOST_NOT_FOUND")).toEqual([]);
    expect(where(yaml.replace('\n  exportTo: ["."]', ""), "DESTINATION_HOST_NOT_FOUND")).toEqual([]);
  });

  test("the Service annotation networking.istio.io/exportTo: its namespaces, and `.` for its own", () => {
    const details = service("details", "default", undefined, '{ networking.istio.io/exportTo: "banana" }');
    const hello = service("hello", "hello", undefined, '{ networking.istio.io/exportTo: "hello1, hello2,." }');
    const yaml = docs(
      details,
      hello,
      vs("cross", "istio-system", "{ host: details.default.svc.cluster.local }"),
      vs("banana", "banana", "{ host: details.default.svc.cluster.local }"),
      vs("h1", "hello1", "{ host: hello.hello.svc.cluster.local }"),
      vs("h2", "hello2", "{ host: hello.hello.svc.cluster.local }"),
      vs("h", "hello", "{ host: hello }"),
      vs("h3", "hello3", "{ host: hello.hello.svc.cluster.local }"),
    );
    expect(found(yaml, "DESTINATION_HOST_NOT_FOUND").map((f) => [f.resource, f.message])).toEqual([
      [
        "VirtualService istio-system/cross",
        'Referenced host not found: "details.default.svc.cluster.local": VirtualService routes to host details.default.svc.cluster.local, which Service default/details provides but namespace istio-system does not see: the proxies there have no cluster for it, and the requests routed there fail with 503',
      ],
      [
        "VirtualService hello3/h3",
        'Referenced host not found: "hello.hello.svc.cluster.local": VirtualService routes to host hello.hello.svc.cluster.local, which Service hello/hello provides but namespace hello3 does not see: the proxies there have no cluster for it, and the requests routed there fail with 503',
      ],
    ]);
    expect(analyzeYaml(yaml).find((i) => i.code === "DESTINATION_HOST_NOT_FOUND")?.hint).toBe(
      "export the host to istio-system (the annotation networking.istio.io/exportTo of the Service, or leave it out to export to every namespace), or route to a host that namespace sees",
    );
  });

  test("a VirtualService's own exportTo: the host must be seen from the namespaces it is exported to", () => {
    const yaml = docs(service("hello", "hello", undefined, '{ networking.istio.io/exportTo: "." }'), vs("hello", "hello", "{ host: hello }", "exportTo: [bogus]"));
    expect(found(yaml, "DESTINATION_HOST_NOT_FOUND").map((f) => f.message)).toEqual([
      'Referenced host not found: "hello": VirtualService routes to host hello.hello.svc.cluster.local ("hello" read in namespace hello), which Service hello/hello provides but the VirtualService\'s exportTo ("bogus") does not see: the proxies there have no cluster for it, and the requests routed there fail with 503',
    ]);
    expect(where(yaml.replace("exportTo: [bogus]", 'exportTo: ["."]'), "DESTINATION_HOST_NOT_FOUND")).toEqual([]);
    expect(where(yaml.replace("exportTo: [bogus]", "exportTo: [hello]"), "DESTINATION_HOST_NOT_FOUND")).toEqual([]);
  });

  test("wildcard ServiceEntries cover the hosts under them, from the namespaces that see them; istioctl's base cases stay silent", () => {
    const yaml = docs(
      service("reviews", "default", "[{ name: tcp-test, port: 42 }]"),
      entry("external-reviews", "default", "[external-reviews.org]"),
      entry("eu-wildcard", "default", '["*.eu.bookinfo.com"]'),
      entry("ignore", "default-ignore", '["*"]', '["."]'),
      entry("exported", "other", "[abc.bookinfo.com]", "[default]"),
      vs("fqdn", "default", "{ host: reviews.default.svc.cluster.local }"),
      vs("external", "default", "{ host: external-reviews.org }"),
      vs("eu", "default", "{ host: reviews.eu.bookinfo.com }"),
      vs("eu-wildcard", "default", '{ host: "*.eu.bookinfo.com" }'),
      vs("exported", "default", "{ host: abc.bookinfo.com }"),
      vs("cross", "istio-system", "{ host: reviews.default.svc.cluster.local }"),
      vs("bogus", "default", "{ host: reviews-bogus }"),
      vs("bare", "default", "{ host: eu.bookinfo.com }"),
    );
    expect(where(yaml, "DESTINATION_HOST_NOT_FOUND")).toEqual(["VirtualService default/bogus spec.http[0].route[0].destination.host", "VirtualService default/bare spec.http[0].route[0].destination.host"]);
    // The `*` host of a ServiceEntry exported to its own namespace covers every host there.
    expect(where(yaml.replace("name: bogus, namespace: default", "name: bogus, namespace: default-ignore"), "DESTINATION_HOST_NOT_FOUND")).toEqual(["VirtualService default/bare spec.http[0].route[0].destination.host"]);
  });

  test("a mirror says so; a route without a destination is the schema's to report; external declarations are seen from every namespace", () => {
    const yaml = docs(
      service("reviews", "default"),
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: mirror, namespace: default }
spec:
  hosts: [reviews]
  http:
  - route: [{ destination: { host: reviews } }]
    mirror: { host: reviews-bogus }
  - route: [{}]`,
    );
    expect(found(yaml, "DESTINATION_HOST_NOT_FOUND").map((f) => [f.message, f.path, f.line])).toEqual([
      [
        'Referenced mirror host not found: "reviews-bogus": VirtualService mirrors to host reviews-bogus.default.svc.cluster.local ("reviews-bogus" read in namespace default), which no Service or ServiceEntry of the set provides and no declaration makes external',
        "spec.http[0].mirror.host",
        13,
      ],
    ]);
    expect(where(yaml, "DESTINATION_HOST_NOT_FOUND", { external: { services: ["default/reviews-bogus"] } })).toEqual([]);
    expect(where(yaml, "DESTINATION_HOST_NOT_FOUND", { external: { hosts: ["*.default.svc.cluster.local"] } })).toEqual([]);
  });
});

describe("DESTINATION_PORT_NOT_FOUND (IST0101 host:port) and DESTINATION_PORT_REQUIRED (IST0112)", () => {
  const yaml = docs(
    service("reviews", "default", "[{ name: tcp-test, port: 42 }]"),
    service("reviews-2port", "default", "[{ name: http-test, port: 80 }, { name: https-test, port: 443 }]"),
    vs("bogusport", "default", "{ host: reviews, port: { number: 999 } }"),
    vs("missing", "default", "{ host: reviews-2port }"),
    vs("present", "default", "{ host: reviews-2port, port: { number: 80 } }"),
    vs("single", "default", "{ host: reviews }"),
    vs("right", "default", "{ host: reviews, port: { number: 42 } }"),
  );

  test("a port the Service does not declare", () => {
    expect(found(yaml, "DESTINATION_PORT_NOT_FOUND")).toEqual([
      {
        code: "DESTINATION_PORT_NOT_FOUND",
        istioctlCode: "IST0101",
        severity: "error",
        message: 'Referenced host:port not found: "reviews:999": Service default/reviews declares port 42 only, so the proxies have no cluster for port 999 and the requests routed there fail with 503',
        path: "spec.http[0].route[0].destination.port.number",
        resource: "VirtualService default/bogusport",
        line: 18,
      },
    ]);
  });

  test("no port on a destination whose Service has several", () => {
    expect(found(yaml, "DESTINATION_PORT_REQUIRED")).toEqual([
      {
        code: "DESTINATION_PORT_REQUIRED",
        istioctlCode: "IST0112",
        severity: "error",
        message:
          'This VirtualService routes to a service "reviews-2port" that exposes multiple ports [80 443]. Specifying a port in the destination is required to disambiguate: Service default/reviews-2port declares 2 ports, and the destination leaves the one that receives the requests unsaid',
        path: "spec.http[0].route[0].destination.host",
        resource: "VirtualService default/missing",
        line: 27,
      },
    ]);
  });

  test("ServiceEntries' ports too, mirrors included; hosts that are not found or only declared have no ports to check", () => {
    const set = docs(
      entry("api", "default", "[api.example.com]").replace("ports: [{ number: 443, name: tls, protocol: TLS }]", "ports: [{ number: 443, name: tls, protocol: TLS }, { number: 80, name: http, protocol: HTTP }]"),
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: default }
spec:
  hosts: [api.example.com]
  http:
  - route: [{ destination: { host: api.example.com, port: { number: 80 } } }]
    mirror: { host: api.example.com }
  - route: [{ destination: { host: api.example.com, port: { number: 8080 } } }]
  - route: [{ destination: { host: nowhere.example.com, port: { number: 8080 } } }]
  - route: [{ destination: { host: declared.example.com, port: { number: 8080 } } }]`,
    );
    const options = { external: { hosts: ["declared.example.com"] } };
    expect(where(set, "DESTINATION_PORT_REQUIRED", options)).toEqual(["VirtualService default/api spec.http[0].mirror.host"]);
    expect(where(set, "DESTINATION_PORT_NOT_FOUND", options)).toEqual(["VirtualService default/api spec.http[1].route[0].destination.port.number"]);
  });
});

describe("DESTINATION_RULE_HOST_NOT_FOUND (IST0174)", () => {
  const rule = (host: string, namespace = "default", extra = "") => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: rule, namespace: ${namespace} }
spec:
  host: ${host}${extra ? `\n  ${extra}` : ""}
  trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }`;

  test("a host no Service or ServiceEntry has", () => {
    expect(found(docs(service("reviews", "default"), rule("fake-svc.default.svc.cluster.local")), "DESTINATION_RULE_HOST_NOT_FOUND")).toEqual([
      {
        code: "DESTINATION_RULE_HOST_NOT_FOUND",
        istioctlCode: "IST0174",
        severity: "warning",
        message:
          "The host fake-svc.default.svc.cluster.local defined in the DestinationRule does not match any services in the mesh: no Service or ServiceEntry of the set provides fake-svc.default.svc.cluster.local and no declaration makes it external, so its traffic policy and subsets apply to no traffic",
        path: "spec.host",
        resource: "DestinationRule default/rule",
        line: 10,
      },
    ]);
  });

  test("short names, ServiceEntries, exportTo, wildcards and declarations", () => {
    const base = service("reviews", "default", undefined, '{ networking.istio.io/exportTo: "." }');
    expect(where(docs(base, rule("reviews")), "DESTINATION_RULE_HOST_NOT_FOUND")).toEqual([]);
    expect(where(docs(base, rule("reviews.default.svc.cluster.local", "shop")), "DESTINATION_RULE_HOST_NOT_FOUND")).toEqual(["DestinationRule shop/rule spec.host"]);
    expect(found(docs(base, rule("reviews.default.svc.cluster.local", "shop")), "DESTINATION_RULE_HOST_NOT_FOUND")[0]?.message).toBe(
      "The host reviews.default.svc.cluster.local defined in the DestinationRule does not match any services in the mesh: Service default/reviews provides reviews.default.svc.cluster.local but namespace shop does not see it, so its traffic policy and subsets apply to no traffic",
    );
    expect(where(docs(entry("api", "shop", "[api.example.com]"), rule("api.example.com")), "DESTINATION_RULE_HOST_NOT_FOUND")).toEqual([]);
    expect(where(docs(entry("eu", "default", '["*.eu.example.com"]'), rule("api.eu.example.com")), "DESTINATION_RULE_HOST_NOT_FOUND")).toEqual([]);
    // A wildcard host that covers hosts of the set, as a mesh-wide DestinationRule does.
    expect(where(docs(base, rule('"*.local"', "istio-system")), "DESTINATION_RULE_HOST_NOT_FOUND")).toEqual([]);
    expect(where(docs(base, rule('"*.example.com"', "istio-system")), "DESTINATION_RULE_HOST_NOT_FOUND")).toEqual(["DestinationRule istio-system/rule spec.host"]);
    expect(where(docs(base, rule("api.example.com")), "DESTINATION_RULE_HOST_NOT_FOUND", { external: { hosts: ["*.example.com"] } })).toEqual([]);
    expect(where(docs(base, rule("ratings")), "DESTINATION_RULE_HOST_NOT_FOUND", { external: { services: ["default/ratings"] } })).toEqual([]);
  });
});

describe("INGRESS_SUBSET_NOT_APPLIED (IST0140)", () => {
  const gateway = (name: string, host: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers: [{ hosts: [${host}], port: { name: http, number: 80, protocol: HTTP } }]`;
  const ingress = (name: string, host: string, destination: string, gateways = `[istio-system/${name}]`) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: default }
spec:
  gateways: ${gateways}
  hosts: [${host}]
  http:
  - route:
    - destination: ${destination}`;
  const ratings = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ratings, namespace: default }
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: { host: ratings, subset: v1 }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ratings, namespace: default }
spec:
  host: ratings
  subsets: [{ name: v1, labels: { version: v1 } }]`;
  const yaml = docs(
    service("ratings", "default"),
    gateway("test-01", "testing-01.com"),
    ingress("test-01", "testing-01.com", "{ host: ratings }"),
    gateway("test-02", "testing-02.com"),
    ingress("test-02", "testing-02.com", "{ host: ratings, subset: v1 }"),
    ratings,
  );

  test("a gateway's VirtualService routes without a subset a host another VirtualService routes to subsets", () => {
    expect(found(yaml, "INGRESS_SUBSET_NOT_APPLIED")).toEqual([
      {
        code: "INGRESS_SUBSET_NOT_APPLIED",
        istioctlCode: "IST0140",
        severity: "warning",
        message:
          "Subset in virtual service default/ratings has no effect on ingress gateway default/test-01 requests: this VirtualService, bound to istio-system/test-01, routes to ratings.default.svc.cluster.local without a subset, and a gateway applies only the VirtualServices bound to it, so the requests that enter through it reach every version of the host",
        path: "spec.http[0].route[0].destination.host",
        resource: "VirtualService default/test-01",
        line: 21,
      },
    ]);
  });

  test("silent: bound to the mesh only, the host in full, another namespace's host, or a VirtualService's own subsets", () => {
    // A VirtualService bound to the mesh only is not a gateway's.
    expect(where(yaml.replace("gateways: [istio-system/test-01]", "gateways: [mesh]"), "INGRESS_SUBSET_NOT_APPLIED")).toEqual([]);
    // The same host written in full is the same host.
    expect(where(yaml.replace("destination: { host: ratings }", "destination: { host: ratings.default.svc.cluster.local }"), "INGRESS_SUBSET_NOT_APPLIED")).toEqual(["VirtualService default/test-01 spec.http[0].route[0].destination.host"]);
    // The subsets of another namespace's ratings are another host's.
    expect(where(yaml.replace("metadata: { name: ratings, namespace: default }\nspec:\n  hosts: [ratings]", "metadata: { name: ratings, namespace: shop }\nspec:\n  hosts: [ratings]"), "INGRESS_SUBSET_NOT_APPLIED")).toEqual([]);
    // A subset route to a host the VirtualService does not itself define is not counted.
    expect(where(yaml.replace("hosts: [ratings]", "hosts: [ratings.example.com]"), "INGRESS_SUBSET_NOT_APPLIED")).toEqual([]);
    // A gateway's VirtualService that itself routes the host to subsets and to the whole host.
    const own = docs(service("ratings", "default"), gateway("test-01", "ratings"), ingress("test-01", "ratings", "{ host: ratings }").replace("    - destination: { host: ratings }", "    - destination: { host: ratings }\n      weight: 50\n    - destination: { host: ratings, subset: v1 }\n      weight: 50"));
    expect(where(own, "INGRESS_SUBSET_NOT_APPLIED")).toEqual([]);
  });
});

describe("AUTHORIZATION_NAMESPACE_NOT_FOUND (IST0101)", () => {
  const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }`;
  const policy = (field: string, namespaces: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: httpbin, namespace: httpbin }
spec:
  selector: { matchLabels: { app: httpbin } }
  rules:
  - from:
    - source: { principals: ["cluster.local/ns/default/sa/sleep"] }
    - source:
        ${field}: ${namespaces}`;
  const yaml = docs(namespace("httpbin"), namespace("prod-httpbin"), namespace("httpbin-test"), policy("namespaces", '["prod-*", "*-test", "*-bogus", "bogus-*", "*", HTTPBIN, istio-system]'));

  test("a namespace or pattern that matches no namespace of the set", () => {
    expect(found(yaml, "AUTHORIZATION_NAMESPACE_NOT_FOUND")).toEqual([
      {
        code: "AUTHORIZATION_NAMESPACE_NOT_FOUND",
        istioctlCode: "IST0101",
        severity: "error",
        message: 'Referenced namespace not found: "*-bogus": no namespace of the set matches it, so this source matches no request',
        path: "spec.rules[0].from[1].source.namespaces[2]",
        resource: "AuthorizationPolicy httpbin/httpbin",
        line: 22,
      },
      {
        code: "AUTHORIZATION_NAMESPACE_NOT_FOUND",
        istioctlCode: "IST0101",
        severity: "error",
        message: 'Referenced namespace not found: "bogus-*": no namespace of the set matches it, so this source matches no request',
        path: "spec.rules[0].from[1].source.namespaces[3]",
        resource: "AuthorizationPolicy httpbin/httpbin",
        line: 22,
      },
    ]);
  });

  test("notNamespaces too; namespaces the set's resources live in exist; without Namespace objects nothing is known", () => {
    const not = docs(namespace("httpbin"), policy("notNamespaces", "[shop, bogus]"), service("web", "shop"));
    expect(found(not, "AUTHORIZATION_NAMESPACE_NOT_FOUND").map((f) => [f.path, f.message])).toEqual([
      ["spec.rules[0].from[1].source.notNamespaces[1]", 'Referenced namespace not found: "bogus": no namespace of the set has that name, so this exclusion excludes no request'],
    ]);
    expect(where(not.replace(namespace("httpbin"), service("other", "other")), "AUTHORIZATION_NAMESPACE_NOT_FOUND")).toEqual([]);
  });
});

describe("SIDECAR_EGRESS_HOST_NOT_FOUND", () => {
  const sidecar = (hosts: string) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: shop }
spec:
  egress:
  - hosts: ${hosts}`;

  test("an exact host of a namespace that nothing there provides", () => {
    const yaml = docs(service("reviews", "books"), sidecar('["books/ratings.books.svc.cluster.local"]'));
    expect(found(yaml, "SIDECAR_EGRESS_HOST_NOT_FOUND")).toEqual([
      {
        code: "SIDECAR_EGRESS_HOST_NOT_FOUND",
        istioctlCode: undefined,
        severity: "warning",
        message:
          'Sidecar egress host "books/ratings.books.svc.cluster.local" imports nothing: no Service, ServiceEntry or VirtualService of namespace books has host ratings.books.svc.cluster.local, so the workloads of this Sidecar get no route for it and their requests to it leave by the outbound traffic policy (refused under REGISTRY_ONLY)',
        path: "spec.egress[0].hosts[0]",
        resource: "Sidecar shop/default",
        line: 11,
      },
    ]);
  });

  test("Services, ServiceEntries and VirtualServices (wildcard hosts too) of the namespace, declarations, and wildcard entries are found", () => {
    const yaml = docs(
      service("reviews", "books"),
      entry("api", "shop", '["api.example.com", "*.eu.example.com"]'),
      vs("web", "shop", "{ host: api.example.com }").replace("hosts: [web.example.com]", 'hosts: [web.example.com, "*.us.example.com"]'),
      sidecar('["books/reviews.books.svc.cluster.local", "./api.example.com", "./x.us.example.com", "./web.example.com", "istio-system/*", "*/*.example.com", "~/*", "./declared.example.com", "shop/reviews.books.svc.cluster.local", "./reviews", "./x.eu.example.com"]'),
    );
    // A Service of another namespace, a short name, and an exact host under a ServiceEntry's
    // wildcard host (Istio imports a service only as specific as the egress host or more).
    expect(where(yaml, "SIDECAR_EGRESS_HOST_NOT_FOUND", { external: { hosts: ["declared.example.com"] } })).toEqual([
      "Sidecar shop/default spec.egress[0].hosts[8]",
      "Sidecar shop/default spec.egress[0].hosts[9]",
      "Sidecar shop/default spec.egress[0].hosts[10]",
    ]);
    expect(analyzeYaml(yaml).find((i) => i.code === "SIDECAR_EGRESS_HOST_NOT_FOUND" && i.path?.[4] === 9)?.hint).toBe("write the host in full: ./reviews.shop.svc.cluster.local");
  });
});

describe("the pages of this folder's codes", () => {
  const folder = fileURLToPath(new URL("../../../../../docs/analysis/", import.meta.url));
  test.each(ISTIO_REFERENCES_CHECKS.map((c) => c.code))("%s: the Example draws the code, the Silent case does not", (code) => {
    const page = readFileSync(join(folder, `${code}.md`), "utf8");
    const example = /## Example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    const silent = /## Silent[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    expect(example).toBeDefined();
    expect(silent).toBeDefined();
    expect(analyzeYaml(example ?? "").filter((i) => i.code === code).length).toBeGreaterThan(0);
    expect(analyzeYaml(silent ?? "").filter((i) => i.code === code)).toEqual([]);
  });
});
