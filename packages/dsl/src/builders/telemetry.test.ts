import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder, type MeshOptions } from "../mesh.js";

const FILE = fileURLToPath(import.meta.url);

function build(declare: (mesh: MeshBuilder) => void, options: MeshOptions = {}) {
  return compile(defineMesh(options, declare).model);
}

function prodGateway(mesh: MeshBuilder) {
  return mesh.root.gateway("prod-gateway", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } });
}

describe("the guide's gateway-observability Telemetry, corrected", () => {
  it("overrides match.metric (not statName) and tags spans with literal.value (not a bare literal)", () => {
    const { resources, issues } = build((mesh) => {
      const gw = prodGateway(mesh);
      mesh.root.telemetry("gateway-observability", {
        target: gw,
        accessLogging: [{ providers: ["envoy"], filter: { expression: "response.code >= 400" } }],
        metrics: [{ providers: ["prometheus"], overrides: [{ match: { metric: "REQUEST_COUNT" }, tagOverrides: { gateway_zone: { value: "'china-shanghai-1'" } } }] }],
        tracing: [{ providers: ["opentelemetry"], randomSamplingPercentage: 100, customTags: { environment: { literal: { value: "production-canary" } } } }],
      });
    });
    expect(issues).toEqual([]);
    expect(resources.find((r) => r.kind === "Telemetry")).toEqual({
      apiVersion: "telemetry.istio.io/v1",
      kind: "Telemetry",
      metadata: { name: "gateway-observability", namespace: "istio-system" },
      spec: {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "prod-gateway" }],
        accessLogging: [{ providers: [{ name: "envoy" }], filter: { expression: "response.code >= 400" } }],
        metrics: [{ providers: [{ name: "prometheus" }], overrides: [{ match: { metric: "REQUEST_COUNT" }, tagOverrides: { gateway_zone: { value: "'china-shanghai-1'" } } }] }],
        tracing: [{ providers: [{ name: "opentelemetry" }], randomSamplingPercentage: 100, customTags: { environment: { literal: { value: "production-canary" } } } }],
      },
    });
  });

  it("does not compile the guide's statName nor its bare literal tag", () => {
    defineMesh({}, (mesh) => {
      const gw = prodGateway(mesh);
      mesh.root.telemetry("gateway-observability", {
        target: gw,
        // @ts-expect-error statName is not a field of an override: the metric is match.metric
        metrics: [{ providers: ["prometheus"], overrides: [{ statName: "REQUEST_COUNT", tagOverrides: { gateway_zone: { value: "'china-shanghai-1'" } } }] }],
      });
      mesh.root.telemetry("gateway-tracing", {
        target: gw,
        // @ts-expect-error a literal tag is { value: "..." }, not a bare string
        tracing: [{ providers: ["opentelemetry"], customTags: { environment: { literal: "production-canary" } } }],
      });
    });
  });
});

describe("ns.telemetry and mesh.telemetry", () => {
  it("writes mesh-wide defaults in the root namespace and per-workload settings", () => {
    const { resources, issues } = build((mesh) => {
      mesh.telemetry("mesh-default", { accessLogging: [{ providers: ["envoy"] }], tracing: [{ randomSamplingPercentage: 1 }] });
      const shop = mesh.namespace("shop", { managed: false });
      shop.telemetry("cart", {
        target: shop.workload({ app: "cart" }),
        accessLogging: [{ disabled: true, match: { mode: "CLIENT" } }],
        metrics: [{ reportingInterval: "15s", overrides: [{ match: { customMetric: "cart_checkouts", mode: "SERVER" }, tagOverrides: { request_protocol: { operation: "REMOVE" } } }, { match: { metric: "ALL_METRICS" }, disabled: true }] }],
        tracing: [{ customTags: { pod: { environment: { name: "POD_NAME", defaultValue: "unknown" } }, tenant: { header: { name: "x-tenant" } } } }],
      });
    });
    expect(issues).toEqual([]);
    expect(resources.map((r) => [r.apiVersion, r.metadata, r.spec])).toEqual([
      ["telemetry.istio.io/v1", { name: "mesh-default", namespace: "istio-system" }, { accessLogging: [{ providers: [{ name: "envoy" }] }], tracing: [{ randomSamplingPercentage: 1 }] }],
      [
        "telemetry.istio.io/v1",
        { name: "cart", namespace: "shop" },
        {
          selector: { matchLabels: { app: "cart" } },
          accessLogging: [{ disabled: true, match: { mode: "CLIENT" } }],
          metrics: [
            {
              reportingInterval: "15s",
              overrides: [{ match: { customMetric: "cart_checkouts", mode: "SERVER" }, tagOverrides: { request_protocol: { operation: "REMOVE" } } }, { match: { metric: "ALL_METRICS" }, disabled: true }],
            },
          ],
          tracing: [{ customTags: { pod: { environment: { name: "POD_NAME", defaultValue: "unknown" } }, tenant: { header: { name: "x-tenant" } } } }],
        },
      ],
    ]);
  });

  it("reports a sampling percentage above 100 at the line that declared it", () => {
    const { issues } = build((mesh) => {
      mesh.telemetry("mesh-default", { tracing: [{ randomSamplingPercentage: 150 }] });
    });
    expect(issues.map(formatIssue)).toEqual([`${FILE}:94:12 telemetry.istio.io/v1/Telemetry istio-system/mesh-default spec.tracing[0].randomSamplingPercentage: Too big: expected number to be <=100`]);
  });

  it("reports a tracing field the targeted Istio release lacks", () => {
    const { issues } = build(
      (mesh) => {
        mesh.namespace("shop", { managed: false }).telemetry("spans", { tracing: [{ enableIstioTags: false }] });
      },
      { targets: { istio: "1.24.6" } },
    );
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:102:52 telemetry.istio.io/v1/Telemetry shop/spans spec.tracing[0].enableIstioTags: not in Istio 1.24.6; it needs Istio 1.25.5 (raise the Istio target in defineMesh({ targets }) or drop the field)`,
    ]);
  });

  it("does not compile unknown metrics, provider objects, tags that break the UPSERT/REMOVE rules, two tag sources or a mesh-wide target", () => {
    defineMesh({}, (mesh) => {
      const shop = mesh.namespace("shop");
      // @ts-expect-error REQUEST_COUNTS is not a standard metric
      shop.telemetry("a", { metrics: [{ overrides: [{ match: { metric: "REQUEST_COUNTS" } }] }] });
      // @ts-expect-error a metric is standard or custom, not both
      shop.telemetry("b", { metrics: [{ overrides: [{ match: { metric: "REQUEST_COUNT", customMetric: "x" } }] }] });
      // @ts-expect-error providers are named by string
      shop.telemetry("c", { accessLogging: [{ providers: [{ name: "envoy" }] }] });
      // @ts-expect-error setting a tag needs its value
      shop.telemetry("d", { metrics: [{ overrides: [{ tagOverrides: { zone: { operation: "UPSERT" } } }] }] });
      // @ts-expect-error removing a tag takes no value
      shop.telemetry("e", { metrics: [{ overrides: [{ tagOverrides: { zone: { operation: "REMOVE", value: "'x'" } } }] }] });
      // @ts-expect-error a custom tag has one source
      shop.telemetry("f", { tracing: [{ customTags: { env: { literal: { value: "x" }, header: { name: "x-env" } } } }] });
      // @ts-expect-error a reporting interval has a unit
      shop.telemetry("g", { metrics: [{ reportingInterval: "15" }] });
      // @ts-expect-error mesh-wide telemetry has no target
      mesh.telemetry("mesh-default", { target: shop.workload({ app: "cart" }) });
      // @ts-expect-error a target is a reference a builder returned, not a name
      shop.telemetry("h", { target: "prod-gateway" });
    });
  });
});
