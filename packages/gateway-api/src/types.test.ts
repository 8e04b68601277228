/**
 * What the compiler says about the generated Gateway API kinds (checked by `tsc`, which covers
 * test files): the standard channel does not offer experimental kinds or fields, factories,
 * schema/interface agreement; and the metadata and availability the kinds carry.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { sinceOf, type KindInfo, type KindEntry } from "@meshform/kind-runtime";
import * as standard from "@meshform/gateway-api";
import * as experimental from "@meshform/gateway-api/experimental";
import {
  gateway,
  gatewayInfo,
  GatewaySchema,
  grpcRouteInfo,
  httpRoute,
  httpRouteInfo,
  HTTPRouteSchema,
  type Gateway,
  type GatewaySpecListeners,
  type HTTPRoute,
  type HTTPRouteRule,
} from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import * as experimentalV1 from "@meshform/gateway-api/experimental/gateway.networking.k8s.io/v1";
import * as experimentalV1alpha3 from "@meshform/gateway-api/experimental/gateway.networking.k8s.io/v1alpha3";
import {
  xBackendTrafficPolicy,
  xBackendTrafficPolicyInfo,
  XBackendTrafficPolicySchema,
  type XBackendTrafficPolicy,
} from "@meshform/gateway-api/experimental/gateway.networking.x-k8s.io/v1alpha1";
// @ts-expect-error the standard channel has no gateway.networking.x-k8s.io group
import type { XBackendTrafficPolicy as StandardXBackendTrafficPolicy } from "@meshform/gateway-api/gateway.networking.x-k8s.io/v1alpha1";

const metadata = { name: "reviews", namespace: "default" };
const route = { metadata, spec: { parentRefs: [{ name: "prod-gateway", namespace: "istio-system" }], rules: [{ backendRefs: [{ name: "reviews-v1", port: 9080 }] }] } };

function idsOf(kinds: readonly KindEntry[]): string[] {
  return kinds.map(({ info }) => `${info.apiVersion}/${info.kind}`);
}

describe("channels", () => {
  it("offers the experimental-only kinds only behind the experimental import", () => {
    // @ts-expect-error XBackendTrafficPolicy's group is not part of the standard index
    expect(standard.xV1alpha1).toBeUndefined();
    expectTypeOf<StandardXBackendTrafficPolicy>().toBeAny();
    expectTypeOf(experimental.xV1alpha1.xBackendTrafficPolicy).toBeFunction();
    expect(idsOf(standard.kinds)).not.toContain("gateway.networking.x-k8s.io/v1alpha1/XBackendTrafficPolicy");
    expect(idsOf(experimental.kinds)).toContain("gateway.networking.x-k8s.io/v1alpha1/XBackendTrafficPolicy");
  });

  it("keeps the experimental kinds a superset of the standard ones", () => {
    const experimentalIds = idsOf(experimental.kinds);
    for (const id of idsOf(standard.kinds)) expect(experimentalIds).toContain(id);
    expect(idsOf(experimental.kinds).filter((id) => !idsOf(standard.kinds).includes(id))).toEqual([
      "gateway.networking.k8s.io/v1alpha2/TCPRoute",
      "gateway.networking.k8s.io/v1alpha2/TLSRoute",
      "gateway.networking.k8s.io/v1alpha2/UDPRoute",
      "gateway.networking.k8s.io/v1alpha3/BackendTLSPolicy",
      "gateway.networking.k8s.io/v1alpha3/TLSRoute",
      "gateway.networking.x-k8s.io/v1alpha1/XBackend",
      "gateway.networking.x-k8s.io/v1alpha1/XBackendTrafficPolicy",
      "gateway.networking.x-k8s.io/v1alpha1/XMesh",
    ]);
  });

  it("does not compile an experimental-only field (HTTPRoute retry) in the standard channel", () => {
    expectTypeOf<HTTPRouteRule>().not.toHaveProperty("retry");
    expectTypeOf<experimentalV1.HTTPRouteRule>().toHaveProperty("retry");
    const withRetry = experimentalV1.httpRoute({ ...route, spec: { ...route.spec, rules: [{ retry: { attempts: 2 } }] } });
    expect(experimentalV1.HTTPRouteSchema.safeParse(withRetry).success).toBe(true);
    const inStandard = httpRoute({
      ...route,
      spec: {
        ...route.spec,
        rules: [
          {
            // @ts-expect-error retry is experimental in Gateway API v1.6.1
            retry: { attempts: 2 },
          },
        ],
      },
    });
    expect(HTTPRouteSchema.safeParse(inStandard).success).toBe(false);
  });

  it("makes an experimental kind with its factory", () => {
    const policy = xBackendTrafficPolicy({
      metadata,
      spec: { targetRefs: [{ group: "", kind: "Service", name: "reviews" }], retryConstraint: { budget: { percent: 20 } } },
    });
    expectTypeOf(policy).toEqualTypeOf<XBackendTrafficPolicy>();
    expectTypeOf(policy.apiVersion).toEqualTypeOf<"gateway.networking.x-k8s.io/v1alpha1">();
    expect(XBackendTrafficPolicySchema.safeParse(policy).success).toBe(true);
    expect(xBackendTrafficPolicyInfo).toMatchObject({ plural: "xbackendtrafficpolicies", scope: "Namespaced", storage: true });
  });
});

describe("types", () => {
  it("require a listener's name, port and protocol", () => {
    // @ts-expect-error port is required
    const listener: GatewaySpecListeners = { name: "http", protocol: "HTTP" };
    expect(listener.name).toBe("http");
  });

  it("type a backendRef weight as a number", () => {
    const rules: HTTPRouteRule[] = [
      {
        backendRefs: [
          {
            name: "reviews-v1",
            // @ts-expect-error weight is a number, not a percentage string
            weight: "90%",
          },
        ],
      },
    ];
    expect(rules).toHaveLength(1);
  });
});

describe("factories", () => {
  it("fill apiVersion and kind, typed as literals", () => {
    const object = httpRoute(route);
    expectTypeOf(object.apiVersion).toEqualTypeOf<"gateway.networking.k8s.io/v1">();
    expectTypeOf(object.kind).toEqualTypeOf<"HTTPRoute">();
    expect(object).toEqual({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", ...route });
    expect(HTTPRouteSchema.parse(object)).toEqual(object);
  });

  it("make a Gateway the schema accepts", () => {
    const object = gateway({ metadata, spec: { gatewayClassName: "istio", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] } });
    expectTypeOf(object.kind).toEqualTypeOf<"Gateway">();
    expect(GatewaySchema.safeParse(object).success).toBe(true);
  });
});

describe("schemas and interfaces", () => {
  it("agree: z.input and z.output of each schema are the emitted interface", () => {
    expectTypeOf<z.input<typeof HTTPRouteSchema>>().toEqualTypeOf<HTTPRoute>();
    expectTypeOf<z.output<typeof HTTPRouteSchema>>().toEqualTypeOf<HTTPRoute>();
    expectTypeOf<z.input<typeof GatewaySchema>>().toEqualTypeOf<Gateway>();
    expectTypeOf<z.input<typeof experimentalV1.HTTPRouteSchema>>().toEqualTypeOf<experimentalV1.HTTPRoute>();
    expectTypeOf<z.input<typeof XBackendTrafficPolicySchema>>().toEqualTypeOf<XBackendTrafficPolicy>();
  });
});

describe("metadata", () => {
  it("describes HTTPRoute v1 as the CRD does", () => {
    expect(httpRouteInfo).toMatchObject({
      group: "gateway.networking.k8s.io",
      version: "v1",
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      plural: "httproutes",
      scope: "Namespaced",
      served: true,
      storage: true,
      deprecated: false,
      source: { file: "gateway-api/v1.6.1/standard/gateway.networking.k8s.io_httproutes.yaml", release: "v1.6.1" },
    });
  });

  it("carries every CEL rule of the schema, with its path", () => {
    expect(httpRouteInfo.rules).toHaveLength(89);
    expect(grpcRouteInfo.rules).toHaveLength(33);
    expect(gatewayInfo.rules).toHaveLength(16);
    expect(experimentalV1.httpRouteInfo.rules).toHaveLength(106);
    for (const rule of httpRouteInfo.rules) {
      expect(Array.isArray(rule.path)).toBe(true);
      expect(rule.path.every((segment) => typeof segment === "string")).toBe(true);
      expect(rule.rule).not.toBe("");
    }
    expect(httpRouteInfo.rules[0]).toMatchObject({
      path: ["spec", "parentRefs"],
      message: "sectionName must be specified when parentRefs includes 2 or more references to the same parent",
    });
    expect(httpRouteInfo.rules.some((rule) => rule.path.includes("*"))).toBe(true);
  });

  it("marks deprecated versions with the CRD's warning", () => {
    expect(experimentalV1alpha3.backendTLSPolicyInfo).toMatchObject({ served: true, storage: false, deprecated: true });
    expect(experimentalV1alpha3.backendTLSPolicyInfo.deprecationWarning).toMatch(/^The v1alpha3 version of BackendTLSPolicy has been deprecated/);
    expect(standard.v1.backendTLSPolicyInfo).toMatchObject({ storage: true, deprecated: false });
    expect(standard.v1.backendTLSPolicyInfo.deprecationWarning).toBeUndefined();
  });

  it("lists every kind version once, with one storage version per kind", () => {
    for (const kinds of [standard.kinds, experimental.kinds]) {
      const ids = idsOf(kinds);
      expect(new Set(ids).size).toBe(ids.length);
      const storage = new Map<string, KindInfo[]>();
      for (const { info } of kinds) {
        expect(info.apiVersion).toBe(`${info.group}/${info.version}`);
        if (info.storage) storage.set(`${info.group}/${info.kind}`, [...(storage.get(`${info.group}/${info.kind}`) ?? []), info]);
      }
      const groupKinds = new Set(kinds.map(({ info }) => `${info.group}/${info.kind}`));
      expect([...storage.keys()].sort()).toEqual([...groupKinds].sort());
      for (const infos of storage.values()) expect(infos).toHaveLength(1);
    }
    expect(standard.kinds).toHaveLength(14);
    expect(experimental.kinds).toHaveLength(22);
  });
});

describe("availability", () => {
  it("compares every Gateway API release from v1.2.1 to v1.6.1", () => {
    expect(standard.availability.releases).toEqual(["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"]);
  });

  it("dates kinds", () => {
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "GRPCRoute")).toBe("v1.2.1");
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "HTTPRoute")).toBe("v1.2.1");
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "BackendTLSPolicy")).toBe("v1.4.1");
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "ListenerSet")).toBe("v1.5.1");
    expect(sinceOf(standard.availability, "gateway.networking.x-k8s.io/v1alpha1", "XBackendTrafficPolicy")).toBeUndefined();
    expect(sinceOf(experimental.availability, "gateway.networking.x-k8s.io/v1alpha1", "XBackendTrafficPolicy")).toBe("v1.3.0");
  });

  it("dates fields added after v1.2.1, and their children", () => {
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "HTTPRoute", "spec.rules.name")).toBe("v1.4.1");
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "HTTPRoute", "spec.rules.filters.cors")).toBe("v1.5.1");
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "HTTPRoute", "spec.rules.filters.cors.maxAge")).toBe("v1.5.1");
    expect(sinceOf(standard.availability, "gateway.networking.k8s.io/v1", "HTTPRoute", "spec.rules.backendRefs.weight")).toBe("v1.2.1");
  });
});
