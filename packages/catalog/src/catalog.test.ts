import { describe, expect, it } from "vitest";
import * as argoCd from "@meshform/argo-cd";
import * as gatewayApi from "@meshform/gateway-api";
import * as istio from "@meshform/istio";
import type { KindEntry } from "@meshform/kind-runtime";
import { CatalogError, compareReleases, createCatalog, GATEWAY_API_RELEASES, ISTIO_RELEASES } from "./index.js";

/** A kinds package's per-release schemas, when it ships them. */
const releasesOf = (module: object) => (module as { releases?: Readonly<Record<string, readonly KindEntry[]>> }).releases;

describe("the releases meshform ships", () => {
  it("are every Istio minor from 1.24 to 1.30 and every Gateway API minor from v1.2 to v1.6, oldest first", () => {
    expect(ISTIO_RELEASES).toEqual(["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10", "1.29.6", "1.30.3"]);
    expect(GATEWAY_API_RELEASES).toEqual(["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"]);
    for (const list of [ISTIO_RELEASES, GATEWAY_API_RELEASES]) {
      expect([...list].sort(compareReleases)).toEqual(list);
    }
  });

  it("are the releases the kinds packages were generated from", () => {
    expect(istio.availability.releases.every((release) => (ISTIO_RELEASES as readonly string[]).includes(release))).toBe(true);
    expect(gatewayApi.availability.releases.every((release) => (GATEWAY_API_RELEASES as readonly string[]).includes(release))).toBe(true);
    const [istioReleases, gatewayReleases] = [releasesOf(istio), releasesOf(gatewayApi)];
    if (istioReleases !== undefined) expect(Object.keys(istioReleases)).toEqual(ISTIO_RELEASES);
    if (gatewayReleases !== undefined) expect(Object.keys(gatewayReleases)).toEqual(GATEWAY_API_RELEASES);
  });

  it("are ordered by their numbers, not as text", () => {
    expect(compareReleases("1.28.10", "1.29.6")).toBeLessThan(0);
    expect(compareReleases("v1.10.0", "v1.6.1")).toBeGreaterThan(0);
    expect(compareReleases("1.27.9", "1.27.9")).toBe(0);
  });
});

describe("createCatalog", () => {
  it.each(ISTIO_RELEASES.map((release) => [release]))("serves Istio %s, each kind with a schema", (release) => {
    const catalog = createCatalog({ istio: release });
    expect(catalog.targets.istio).toBe(release);
    const rule = catalog.preferred("networking.istio.io", "DestinationRule");
    expect(rule?.entry.info.apiVersion).toBe("networking.istio.io/v1");
    expect(rule?.product).toMatchObject({ product: "Istio", release });
    expect(rule?.entry.schema.safeParse({ apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "r" }, spec: { host: "r" } }).success).toBe(true);
  });

  it.each(GATEWAY_API_RELEASES.map((release) => [release]))("serves Gateway API %s, each kind with a schema", (release) => {
    const catalog = createCatalog({ gatewayApi: { release } });
    expect(catalog.targets.gatewayApi).toEqual({ release, channel: "standard" });
    const route = catalog.preferred("gateway.networking.k8s.io", "HTTPRoute");
    expect(route?.entry.info.apiVersion).toBe("gateway.networking.k8s.io/v1");
    expect(route?.product).toMatchObject({ product: "Gateway API", release });
  });

  it("refuses a release or channel meshform does not ship, listing the ones it does", () => {
    expect(() => createCatalog({ istio: "1.23.0" })).toThrow(new CatalogError("UNKNOWN_RELEASE", "unknown Istio release '1.23.0'; meshform knows 1.24.6, 1.25.5, 1.26.8, 1.27.9, 1.28.10, 1.29.6, 1.30.3"));
    expect(() => createCatalog({ gatewayApi: { release: "v1.7.0" } })).toThrow("unknown Gateway API release 'v1.7.0'; meshform knows v1.2.1, v1.3.0, v1.4.1, v1.5.1, v1.6.1");
    expect(() => createCatalog({ gatewayApi: { channel: "beta" as "standard" } })).toThrow("unknown Gateway API channel 'beta'; meshform knows standard, experimental");
  });

  it("shares one catalog per target", () => {
    expect(createCatalog({ istio: "1.27.9" })).toBe(createCatalog({ istio: "1.27.9", gatewayApi: { channel: "standard" } }));
    expect(createCatalog({ istio: "1.27.9" })).not.toBe(createCatalog({ istio: "1.28.10" }));
  });

  it("knows a kind version the target does not serve yet, and the release that first serves it", () => {
    const old = createCatalog({ istio: "1.27.9" }).find("extensions.istio.io/v1alpha1", "TrafficExtension");
    expect(old?.notServedUntil).toBe("1.30.3");
    expect(createCatalog({ istio: "1.27.9" }).preferred("extensions.istio.io", "TrafficExtension")).toBeUndefined();
    expect(createCatalog({ istio: "1.30.3" }).find("extensions.istio.io/v1alpha1", "TrafficExtension")?.notServedUntil).toBeUndefined();
  });

  it("gives Kubernetes' and Argo CD's kinds without a release: always served", () => {
    const catalog = createCatalog({ istio: "1.24.6", gatewayApi: { release: "v1.2.1" } });
    for (const [apiVersion, kind] of [["v1", "Service"], ["apps/v1", "Deployment"], ["argoproj.io/v1alpha1", "ApplicationSet"], ["argoproj.io/v1alpha1", "Application"]] as const) {
      const found = catalog.find(apiVersion, kind);
      expect(found?.entry.info.kind).toBe(kind);
      expect(found?.product).toBeUndefined();
      expect(found?.notServedUntil).toBeUndefined();
    }
    expect(catalog.find("argoproj.io/v1alpha1", "ApplicationSet")?.entry).toBe(argoCd.kinds.find((e) => e.info.kind === "ApplicationSet"));
  });

  it("tells an experimental-only Gateway API kind apart from one meshform does not know", () => {
    const standard = createCatalog();
    expect(standard.find("gateway.networking.k8s.io/v1alpha2", "TCPRoute")).toBeUndefined();
    expect(standard.experimentalOnly("gateway.networking.k8s.io/v1alpha2", "TCPRoute")).toBe(true);
    expect(standard.experimentalOnly("gateway.networking.k8s.io/v1", "HTTPRoute")).toBe(false);
    expect(createCatalog({ gatewayApi: { channel: "experimental" } }).find("gateway.networking.k8s.io/v1alpha2", "TCPRoute")?.entry.info.kind).toBe("TCPRoute");
    expect(standard.knownVersions("gateway.networking.k8s.io", "HTTPRoute")).toContain("gateway.networking.k8s.io/v1");
    expect(standard.knownVersions("cert-manager.io", "Certificate")).toBeUndefined();
  });

  it("lets a config's own kinds take precedence, and hides meshform's other versions of them", () => {
    const builtIn = createCatalog().find("networking.istio.io/v1", "VirtualService")!.entry;
    const own: KindEntry = { info: { ...builtIn.info, apiVersion: "networking.istio.io/v1", scope: "Cluster" }, schema: builtIn.schema };
    const custom: KindEntry = { info: { ...builtIn.info, group: "example.com", version: "v1", apiVersion: "example.com/v1", kind: "Widget", scope: "Cluster" }, schema: builtIn.schema };
    const catalog = createCatalog({ kinds: [own, custom] });
    expect(catalog.find("networking.istio.io/v1", "VirtualService")?.entry).toBe(own);
    expect(catalog.versions("networking.istio.io", "VirtualService").map((found) => found.entry)).toEqual([own]);
    expect(catalog.preferred("example.com", "Widget")?.entry).toBe(custom);
    expect(catalog.scopeOf("example.com/v1", "Widget")).toBe("Cluster");
    expect(createCatalog().scopeOf("example.com/v1", "Widget")).toBeUndefined();
  });
});

describe("the scope lookup", () => {
  it("answers for every kind meshform has a schema for, in any version or channel", () => {
    const { scopeOf } = createCatalog();
    expect(scopeOf("v1", "Namespace")).toBe("Cluster");
    expect(scopeOf("v1", "Service")).toBe("Namespaced");
    expect(scopeOf("gateway.networking.k8s.io/v1", "GatewayClass")).toBe("Cluster");
    expect(scopeOf("gateway.networking.k8s.io/v1beta1", "HTTPRoute")).toBe("Namespaced");
    expect(scopeOf("gateway.networking.k8s.io/v1alpha2", "TCPRoute")).toBe("Namespaced");
    expect(scopeOf("networking.istio.io/v1alpha3", "EnvoyFilter")).toBe("Namespaced");
    expect(scopeOf("argoproj.io/v1alpha1", "ApplicationSet")).toBe("Namespaced");
    expect(scopeOf("cert-manager.io/v1", "ClusterIssuer")).toBeUndefined();
  });
});

describe("newerFields", () => {
  it("names each field newer than the target once, at its first place, with the release that first has it", () => {
    const catalog = createCatalog({ istio: "1.27.9" });
    const policy = catalog.find("security.istio.io/v1", "AuthorizationPolicy")!;
    const resource = { spec: { rules: [{ from: [{ source: { principals: ["a"] } }, { source: { notTrustDomains: ["b"] } }] }] } };
    expect(catalog.newerFields(policy, resource).map(({ path, field, since }) => ({ path, field, since }))).toEqual([
      { path: ["spec", "rules", 0, "from", 1, "source", "notTrustDomains"], field: "spec.rules.from.source.notTrustDomains", since: "1.30.3" },
    ]);
    expect(createCatalog({ istio: "1.30.3" }).newerFields(createCatalog({ istio: "1.30.3" }).find("security.istio.io/v1", "AuthorizationPolicy")!, resource)).toEqual([]);
  });
});

describe("each release's own schema", () => {
  const perRelease = releasesOf(istio) !== undefined && releasesOf(gatewayApi) !== undefined;

  it.runIf(perRelease)("hands out the targeted release's own entries, not the newest's", () => {
    const old = createCatalog({ istio: "1.24.6" }).find("networking.istio.io/v1", "DestinationRule")!;
    const newest = createCatalog({ istio: "1.30.3" }).find("networking.istio.io/v1", "DestinationRule")!;
    expect(old.product?.exact).toBe(true);
    expect(old.entry).not.toBe(newest.entry);
    expect(old.entry.info.source.release).toBe("1.24.6");
    expect(newest.entry.info.source.release).toBe("1.30.3");
  });

  it.runIf(perRelease)("serves a kind version an older release had and the newest dropped", () => {
    const experimental = (release: string) => createCatalog({ gatewayApi: { release, channel: "experimental" } });
    expect(experimental("v1.4.1").find("gateway.networking.x-k8s.io/v1alpha1", "XListenerSet")?.entry.info.source.release).toBe("v1.4.1");
    expect(experimental("v1.6.1").find("gateway.networking.x-k8s.io/v1alpha1", "XListenerSet")).toBeUndefined();
    expect(experimental("v1.2.1").find("gateway.networking.k8s.io/v1alpha2", "BackendLBPolicy")?.notServedUntil).toBeUndefined();
    expect(experimental("v1.3.0").find("gateway.networking.k8s.io/v1alpha2", "BackendLBPolicy")).toBeUndefined();
  });
});
