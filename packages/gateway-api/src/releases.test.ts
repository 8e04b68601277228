/**
 * Every Gateway API release is checked by its own schema and CEL rules: `releases` holds, per
 * release and channel, the kind entries of exactly that release's CRDs.
 */
import { describe, expect, it } from "vitest";
import type { KindEntry } from "@meshform/kind-runtime";
import { kinds, releases } from "@meshform/gateway-api";
import { kinds as experimentalKinds, releases as experimentalReleases } from "@meshform/gateway-api/experimental";

const RELEASES = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];

function entry(entries: readonly KindEntry[] | undefined, apiVersion: string, kind: string): KindEntry {
  const found = entries?.find((e) => e.info.apiVersion === apiVersion && e.info.kind === kind);
  if (found === undefined) throw new Error(`no ${apiVersion} ${kind}`);
  return found;
}

const gatewayWithBackendTls = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "edge", namespace: "default" },
  spec: {
    gatewayClassName: "istio",
    listeners: [{ name: "http", port: 80, protocol: "HTTP" }],
    backendTLS: { clientCertificateRef: { name: "client-cert" } },
  },
};

describe("releases", () => {
  it("lists every release of both channels, the newest being the generated kinds", () => {
    expect(Object.keys(releases)).toEqual(RELEASES);
    expect(Object.keys(experimentalReleases)).toEqual(RELEASES);
    expect(releases["v1.6.1"]).toBe(kinds);
    expect(experimentalReleases["v1.6.1"]).toBe(experimentalKinds);
  });

  it("builds an older release's entries only when it is read", () => {
    expect(typeof Object.getOwnPropertyDescriptor(releases, "v1.2.1")?.get).toBe("function");
  });

  it("gives each entry the metadata of its own release", () => {
    for (const release of RELEASES) {
      for (const { info } of releases[release]!) expect(info.source.release).toBe(release);
    }
  });

  it("serves the kinds and versions of each release", () => {
    const ids = (release: string): string[] => experimentalReleases[release]!.map((e) => `${e.info.apiVersion}/${e.info.kind}`);
    expect(ids("v1.2.1")).toContain("gateway.networking.k8s.io/v1alpha2/BackendLBPolicy");
    expect(ids("v1.6.1")).not.toContain("gateway.networking.k8s.io/v1alpha2/BackendLBPolicy");
    expect(releases["v1.2.1"]!.map((e) => e.info.kind)).not.toContain("ListenerSet");
  });

  it("checks a field that an older release had and the newest dropped by that release's schema", () => {
    expect(entry(experimentalReleases["v1.2.1"], "gateway.networking.k8s.io/v1", "Gateway").schema.safeParse(gatewayWithBackendTls).success).toBe(true);
    expect(entry(experimentalReleases["v1.6.1"], "gateway.networking.k8s.io/v1", "Gateway").schema.safeParse(gatewayWithBackendTls).success).toBe(false);
  });

  it("checks a field that a later release added as unknown in an older one", () => {
    const withName = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "reviews", namespace: "default" },
      spec: { rules: [{ name: "first", backendRefs: [{ name: "reviews", port: 9080 }] }] },
    };
    expect(entry(releases["v1.2.1"], "gateway.networking.k8s.io/v1", "HTTPRoute").schema.safeParse(withName).success).toBe(false);
    expect(entry(releases["v1.4.1"], "gateway.networking.k8s.io/v1", "HTTPRoute").schema.safeParse(withName).success).toBe(true);
  });

  it("carries each release's own CEL rules", () => {
    const count = (release: string): number => entry(releases[release], "gateway.networking.k8s.io/v1", "HTTPRoute").info.rules.length;
    expect(count("v1.2.1")).toBeGreaterThan(0);
    expect(RELEASES.map(count)).not.toEqual(RELEASES.map(() => count("v1.6.1")));
  });
});
