import { describe, expect, test } from "vitest";
import { AnalyzeError, mergeExternalDeclarations, parseExternalReference, readExternalDeclarations, serviceReferencesOf } from "./external.js";

describe("parseExternalReference", () => {
  test.each([
    ["shop/reviews", { services: ["shop/reviews"] }],
    ["Service/shop/reviews", { services: ["shop/reviews"] }],
    ["Gateway/istio-system/ingress", { gateways: ["istio-system/ingress"] }],
    ["api.example.com", { hosts: ["api.example.com"] }],
    ["*.example.com", { hosts: ["*.example.com"] }],
    ["Subset/reviews.shop.svc.cluster.local/v1", { subsets: ["reviews.shop.svc.cluster.local/v1"] }],
    ["Subset/*.example.com/canary", { subsets: ["*.example.com/canary"] }],
  ])("reads %s", (value, want) => {
    expect(parseExternalReference(value)).toEqual(want);
  });

  test.each(["Shop/Reviews", "shop/", "Route/shop/a", "a/b/c/d", "http://x", "Subset/reviews/v1", "Subset/reviews.shop.svc.cluster.local/V1", "Subset/reviews.shop.svc.cluster.local/"])("refuses %s, naming the forms it accepts", (value) => {
    expect(() => parseExternalReference(value)).toThrow(
      new AnalyzeError("EXTERNAL_INVALID", `cannot read external reference ${JSON.stringify(value)}: write namespace/name (a Service), Gateway/namespace/name, Subset/<host>/<subset> (host in full, e.g. Subset/reviews.shop.svc.cluster.local/v1), or a host such as api.example.com`),
    );
  });
});

describe("readExternalDeclarations", () => {
  test("reads the lists of a YAML file", () => {
    expect(readExternalDeclarations("services: [shop/reviews]\nhosts: [api.example.com]\ngateways: [istio-system/ingress]\nsubsets: [reviews.shop.svc.cluster.local/v1]\n", "ext.yaml")).toEqual({
      services: ["shop/reviews"],
      hosts: ["api.example.com"],
      gateways: ["istio-system/ingress"],
      subsets: ["reviews.shop.svc.cluster.local/v1"],
    });
    expect(readExternalDeclarations("", "empty.yaml")).toEqual({});
  });

  test.each([
    ["- shop/reviews\n", "ext.yaml: expected a map with the lists services, gateways, hosts and subsets"],
    ["service: [shop/reviews]\n", 'ext.yaml: unknown key "service"; expected services, gateways, hosts or subsets'],
    ["__proto__: [shop/reviews]\n", 'ext.yaml: unknown key "__proto__"; expected services, gateways, hosts or subsets'],
    ["subsets: [v1]\n", 'ext.yaml: subsets entry "v1" is not <host>/<subset> with the host in full'],
    ["subsets: [reviews/v1]\n", 'ext.yaml: subsets entry "reviews/v1" is not <host>/<subset> with the host in full'],
    ["services: shop/reviews\n", "ext.yaml: services must be a list of strings"],
    ["gateways: [ingress]\n", 'ext.yaml: gateways entry "ingress" is not namespace/name'],
    ["services: [a: b\n", expect.stringMatching(/^ext\.yaml: cannot read as YAML: /)],
  ])("refuses %j", (text, message) => {
    expect(() => readExternalDeclarations(text, "ext.yaml")).toThrow(expect.objectContaining({ name: "AnalyzeError", code: "EXTERNAL_INVALID", message }));
  });
});

describe("serviceReferencesOf and mergeExternalDeclarations", () => {
  test("lists the Services routes and policies refer to, once each", () => {
    const route = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "r", namespace: "shop" }, spec: { parentRefs: [{ group: "", kind: "Service", name: "reviews" }, { name: "gw" }], rules: [{ backendRefs: [{ name: "reviews-v1" }, { name: "reviews" }] }] } };
    const policy = { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: "p", namespace: "books" }, spec: { targetRefs: [{ group: "", kind: "Service", name: "db" }] } };
    expect(serviceReferencesOf([route, policy])).toEqual(["books/db", "shop/reviews", "shop/reviews-v1"]);
  });

  test("merges declarations without duplicates", () => {
    expect(mergeExternalDeclarations({ services: ["a/b"] }, { services: ["a/b", "c/d"], hosts: ["x.io"] })).toEqual({ services: ["a/b", "c/d"], hosts: ["x.io"], gateways: [], subsets: [] });
    expect(mergeExternalDeclarations({ subsets: ["r.shop.svc.cluster.local/v1"] }, { subsets: ["r.shop.svc.cluster.local/v1", "r.shop.svc.cluster.local/v2"] }).subsets).toEqual(["r.shop.svc.cluster.local/v1", "r.shop.svc.cluster.local/v2"]);
  });
});
