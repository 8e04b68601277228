import { describe, expect, test } from "vitest";
import { declaresNoPorts, indexResources } from "./resource-index.js";
import { docs, readYaml } from "./testing.js";

const SERVICE = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec: { ports: [{ name: http, port: 9080 }, { name: tcp-db, port: 5432 }] }`;

describe("indexResources", () => {
  test("finds a resource by name; written twice, the last is the one analysed and the first is overwritten", () => {
    const index = indexResources(readYaml(docs(SERVICE, SERVICE.replace("9080", "9081"))));
    const found = index.find("", "Service", "shop", "reviews");
    expect(found?.position).toBe(1);
    expect(index.find("", "Service", "shop", "ratings")).toBeUndefined();
    expect(index.resources.map((r) => r.position)).toEqual([1]);
    expect(index.ofKind("", "Service").map((r) => r.position)).toEqual([1]);
    expect(index.overwritten.map((o) => [o.resource.position, o.by.position])).toEqual([[0, 1]]);
    expect(index.portsOfHost("reviews.shop.svc.cluster.local").map((p) => p.number)).toEqual([9081, 5432]);
  });

  test("one identity whatever the version, and the default namespace when none is written", () => {
    const inDefault = SERVICE.replace("namespace: shop", "namespace: default");
    const index = indexResources(readYaml(docs(inDefault, SERVICE.replace(", namespace: shop", ""), SERVICE)));
    expect(index.resources.map((r) => r.position)).toEqual([1, 2]);
    expect(index.overwritten.map((o) => [o.resource.position, o.by.position])).toEqual([[0, 1]]);
    const rules = "apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata: { name: r, namespace: shop }\nspec: { host: r }";
    const both = indexResources(readYaml(docs(rules, rules.replace("v1beta1", "v1"), rules.replace("kind: DestinationRule", "kind: VirtualService"))));
    expect(both.overwritten.map((o) => [o.resource.apiVersion, o.by.apiVersion])).toEqual([["networking.istio.io/v1beta1", "networking.istio.io/v1"]]);
    expect(both.resources).toHaveLength(2);
  });

  test("a rejected resource is analysed for itself but is no reference's target", () => {
    const resources = readYaml(SERVICE).map((r) => ({ ...r, rejected: true as const }));
    const index = indexResources(resources);
    expect(index.ofKind("", "Service")).toHaveLength(1);
    expect(index.targets("", "Service")).toEqual([]);
    expect(index.find("", "Service", "shop", "reviews")).toBeUndefined();
    expect(index.hasService("shop", "reviews")).toBe(false);
    expect(index.portsOfHost("reviews.shop.svc.cluster.local")).toEqual([]);
  });

  test("knows a Service of the set or declared external", () => {
    const index = indexResources(readYaml(SERVICE), { external: { services: ["shop/ratings"] } });
    expect(index.hasService("shop", "reviews")).toBe(true);
    expect(index.hasService("shop", "ratings")).toBe(true);
    expect(index.hasService("shop", "details")).toBe(false);
    expect(index.hasService("books", "reviews")).toBe(false);
  });

  test("knows a Service as namespace/name is written, whatever slashes the two hold", () => {
    const index = indexResources(readYaml(SERVICE), { external: { services: ["a/b/c", "shop/ratings"] } });
    expect(index.hasService("a", "b/c")).toBe(true);
    expect(index.hasService("a/b", "c")).toBe(true);
    expect(index.hasService("a", "b")).toBe(false);
    expect(index.hasService("a/b/c", "")).toBe(false);
    expect(index.hasService("shop/reviews", "")).toBe(false);
    expect(index.hasService("shop", "reviews")).toBe(true);
    const account = "apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: reviews, namespace: books }\n";
    const withAccount = indexResources(readYaml(docs(SERVICE, account)));
    expect([withAccount.hasService("books", "reviews"), withAccount.hasService("shop", "reviews")]).toEqual([false, true]);
  });

  test("knows when no host has ports: no Service and no ServiceEntry in the set", () => {
    const route = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: r, namespace: shop }\nspec: {}\n";
    const entry = "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: api, namespace: shop }\nspec: { hosts: [api.example.com], ports: [{ number: 443, name: tls, protocol: TLS }] }\n";
    const external = indexResources(readYaml(route), { external: { services: ["shop/reviews"] } });
    expect([declaresNoPorts(external), external.portsOfHost("reviews.shop.svc.cluster.local")]).toEqual([true, []]);
    expect(declaresNoPorts(indexResources(readYaml(docs(route, SERVICE))))).toBe(false);
    expect(declaresNoPorts(indexResources(readYaml(docs(route, entry))))).toBe(false);
  });

  test("gives a host the ports of its Service, and of the ServiceEntries that match it", () => {
    const entry = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: reviews-tls, namespace: shop }
spec: { hosts: [reviews.shop.svc.cluster.local], ports: [{ number: 443, name: tls, protocol: TLS }] }`;
    const host = "reviews.shop.svc.cluster.local";
    const alone = indexResources(readYaml(SERVICE)).portsOfHost(host);
    expect(alone.map((p) => [p.number, p.protocol, p.owner.kind])).toEqual([
      [9080, "http", "Service"],
      [5432, "tcp", "Service"],
    ]);
    const withEntry = indexResources(readYaml(docs(SERVICE, entry))).portsOfHost(host);
    expect(withEntry.map((p) => [p.number, p.protocol, p.owner.kind])).toEqual([
      [9080, "http", "Service"],
      [5432, "tcp", "Service"],
      [443, "tls", "ServiceEntry"],
    ]);
    expect(indexResources(readYaml(SERVICE)).portsOfHost("details.shop.svc.cluster.local")).toEqual([]);
  });
});
