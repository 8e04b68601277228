/**
 * What the compiler says about the generated Istio kinds (checked by `tsc`, which covers test
 * files): literal unions, exclusive fields, required fields, factories, schema/interface
 * agreement; and the metadata and availability the kinds carry.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { sinceOf, type KindInfo } from "@meshform/kind-runtime";
import { availability, kinds } from "@meshform/istio";
import {
  destinationRule,
  destinationRuleInfo,
  DestinationRuleSchema,
  virtualService,
  virtualServiceInfo,
  VirtualServiceSchema,
  type DestinationRule,
  type DestinationRuleSpec,
  type VirtualService,
  type VirtualServiceSpecHttpCorsPolicyAllowOrigins,
} from "@meshform/istio/networking.istio.io/v1";
import * as networkingV1alpha3 from "@meshform/istio/networking.istio.io/v1alpha3";
import {
  peerAuthentication,
  peerAuthenticationInfo,
  PeerAuthenticationSchema,
  type PeerAuthentication,
  type Mtls,
} from "@meshform/istio/security.istio.io/v1";
import * as telemetryV1 from "@meshform/istio/telemetry.istio.io/v1";
import * as telemetryV1alpha1 from "@meshform/istio/telemetry.istio.io/v1alpha1";

const metadata = { name: "reviews", namespace: "default" };

describe("literal unions", () => {
  it("types the PeerAuthentication mTLS mode as the CRD's enum", () => {
    expectTypeOf<Mtls["mode"]>().toEqualTypeOf<"UNSET" | "DISABLE" | "PERMISSIVE" | "STRICT" | undefined>();
    const strict = peerAuthentication({ metadata, spec: { mtls: { mode: "STRICT" } } });
    expect(strict.spec?.mtls?.mode).toBe("STRICT");
  });

  it("does not compile a mode outside the enum", () => {
    const wrong = peerAuthentication({
      metadata,
      spec: {
        mtls: {
          // @ts-expect-error "STRICTER" is not an mTLS mode
          mode: "STRICTER",
        },
      },
    });
    expect(PeerAuthenticationSchema.safeParse(wrong).success).toBe(false);
  });
});

describe("exclusive fields", () => {
  it("accepts one of a StringMatch's exact, prefix and regex", () => {
    const exact: VirtualServiceSpecHttpCorsPolicyAllowOrigins = { exact: "/api" };
    const prefix: VirtualServiceSpecHttpCorsPolicyAllowOrigins = { prefix: "/api" };
    const none: VirtualServiceSpecHttpCorsPolicyAllowOrigins = {};
    expect([exact, prefix, none]).toHaveLength(3);
  });

  it("does not compile exact and prefix together", () => {
    // @ts-expect-error exact and prefix are mutually exclusive
    const both: VirtualServiceSpecHttpCorsPolicyAllowOrigins = { exact: "/api", prefix: "/api/" };
    const vs = virtualService({ metadata, spec: { hosts: ["reviews"], http: [{ match: [{ uri: both }] }] } });
    expect(VirtualServiceSchema.safeParse(vs).success).toBe(false);
  });
});

describe("required fields", () => {
  it("does not compile a DestinationRule spec without host", () => {
    // @ts-expect-error host is required
    const spec: DestinationRuleSpec = { trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } };
    expect(DestinationRuleSchema.safeParse(destinationRule({ metadata, spec })).success).toBe(false);
  });

  it("does not compile a resource without metadata", () => {
    // @ts-expect-error metadata is required
    const dr = destinationRule({ spec: { host: "reviews" } });
    expect(DestinationRuleSchema.safeParse(dr).success).toBe(false);
  });
});

describe("factories", () => {
  it("fill apiVersion and kind, typed as literals", () => {
    const vs = virtualService({ metadata, spec: { hosts: ["reviews"] } });
    expectTypeOf(vs.apiVersion).toEqualTypeOf<"networking.istio.io/v1">();
    expectTypeOf(vs.kind).toEqualTypeOf<"VirtualService">();
    expect(vs).toEqual({ apiVersion: "networking.istio.io/v1", kind: "VirtualService", metadata, spec: { hosts: ["reviews"] } });

    const dr = networkingV1alpha3.destinationRule({ metadata, spec: { host: "reviews" } });
    expectTypeOf(dr.apiVersion).toEqualTypeOf<"networking.istio.io/v1alpha3">();
    expect(dr.apiVersion).toBe("networking.istio.io/v1alpha3");
    expect(networkingV1alpha3.DestinationRuleSchema.safeParse(dr).success).toBe(true);
  });

  it("return what the schema accepts", () => {
    const pa = peerAuthentication({ metadata, spec: { mtls: { mode: "STRICT" } } });
    expectTypeOf(pa).toEqualTypeOf<PeerAuthentication>();
    expect(PeerAuthenticationSchema.parse(pa)).toEqual(pa);
  });
});

describe("schemas and interfaces", () => {
  it("agree: z.input and z.output of each schema are the emitted interface", () => {
    expectTypeOf<z.input<typeof DestinationRuleSchema>>().toEqualTypeOf<DestinationRule>();
    expectTypeOf<z.output<typeof DestinationRuleSchema>>().toEqualTypeOf<DestinationRule>();
    expectTypeOf<z.input<typeof VirtualServiceSchema>>().toEqualTypeOf<VirtualService>();
    expectTypeOf<z.input<typeof PeerAuthenticationSchema>>().toEqualTypeOf<PeerAuthentication>();
    expectTypeOf<z.input<typeof telemetryV1.TelemetrySchema>>().toEqualTypeOf<telemetryV1.Telemetry>();
  });

  it("keep versions apart: a v1alpha3 object is not a v1 one", () => {
    expectTypeOf<networkingV1alpha3.DestinationRule>().not.toExtend<DestinationRule>();
    expectTypeOf<networkingV1alpha3.DestinationRule["spec"]>().toEqualTypeOf<DestinationRule["spec"]>();
  });
});

describe("metadata", () => {
  it("describes DestinationRule v1 as the CRD does", () => {
    expect(destinationRuleInfo).toMatchObject({
      group: "networking.istio.io",
      version: "v1",
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      plural: "destinationrules",
      scope: "Namespaced",
      served: true,
      storage: true,
      deprecated: false,
      source: { file: "istio/1.30.3/crd-all.gen.yaml", release: "1.30.3" },
    });
  });

  it("marks the older served versions as served but not stored", () => {
    expect(networkingV1alpha3.destinationRuleInfo).toMatchObject({ served: true, storage: false, deprecated: false });
    expect(telemetryV1.telemetryInfo.storage).toBe(false);
    expect(telemetryV1alpha1.telemetryInfo.storage).toBe(true);
  });

  it("carries the CEL rules with their paths", () => {
    expect(destinationRuleInfo.rules).toHaveLength(39);
    expect(virtualServiceInfo.rules).toHaveLength(6);
    expect(peerAuthenticationInfo.rules).toHaveLength(5);
    for (const rule of destinationRuleInfo.rules) {
      expect(Array.isArray(rule.path)).toBe(true);
      expect(rule.rule).not.toBe("");
    }
    expect(peerAuthenticationInfo.rules.some((rule) => rule.path.join(".") === "spec")).toBe(true);
  });

  it("lists every kind version once, with one storage version per kind", () => {
    const ids = kinds.map(({ info }) => `${info.apiVersion}/${info.kind}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(kinds).toHaveLength(33);
    const storage = new Map<string, KindInfo[]>();
    for (const { info } of kinds) {
      expect(info.apiVersion).toBe(`${info.group}/${info.version}`);
      expect(info.plural).toMatch(/^[a-z]+$/);
      if (info.storage) storage.set(`${info.group}/${info.kind}`, [...(storage.get(`${info.group}/${info.kind}`) ?? []), info]);
    }
    const groupKinds = new Set(kinds.map(({ info }) => `${info.group}/${info.kind}`));
    expect([...storage.keys()].sort()).toEqual([...groupKinds].sort());
    for (const infos of storage.values()) expect(infos).toHaveLength(1);
  });
});

describe("availability", () => {
  it("compares every Istio minor from 1.24 to 1.30", () => {
    expect(availability.releases).toEqual(["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10", "1.29.6", "1.30.3"]);
  });

  it("dates kinds", () => {
    expect(sinceOf(availability, "networking.istio.io/v1", "VirtualService")).toBe("1.24.6");
    expect(sinceOf(availability, "extensions.istio.io/v1alpha1", "TrafficExtension")).toBe("1.30.3");
    expect(sinceOf(availability, "networking.istio.io/v1", "NoSuchKind")).toBeUndefined();
  });

  it("dates fields added after 1.24.6 by the release between that first has them, and their children", () => {
    expect(sinceOf(availability, "networking.istio.io/v1", "VirtualService", "spec.http.retries.backoff")).toBe("1.26.8");
    expect(sinceOf(availability, "networking.istio.io/v1", "DestinationRule", "spec.trafficPolicy.retryBudget")).toBe("1.27.9");
    expect(sinceOf(availability, "networking.istio.io/v1", "DestinationRule", "spec.trafficPolicy.retryBudget.percent")).toBe("1.27.9");
  });

  it("dates older fields by their kind", () => {
    expect(sinceOf(availability, "networking.istio.io/v1", "VirtualService", "spec.http.retries.attempts")).toBe("1.24.6");
    expect(sinceOf(availability, "networking.istio.io/v1", "DestinationRule", "spec.host")).toBe("1.24.6");
  });
});
