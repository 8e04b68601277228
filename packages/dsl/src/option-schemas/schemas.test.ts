import { strictObject } from "@meshform/kind-runtime";
import { describe, expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import type { NamespaceOptions } from "../builders/namespace.js";
import type { GatewayOptions, WaypointOptions } from "../builders/gateway.js";
import type { RouteOptions } from "../builders/route-base.js";
import type { DestinationRuleOptions } from "../builders/destination-rule.js";
import type { MeshOptions } from "../mesh.js";
import type { TelemetryOptions } from "../builders/telemetry.js";
import { meshOptions } from "./mesh.js";
import { gatewayOptions, namespaceOptions, waypointOptions } from "./namespace.js";
import { routeOptions } from "./route.js";
import { destinationRuleOptions } from "./traffic.js";
import { telemetryOptions } from "./security.js";

describe("each options schema is tied to its TypeScript type", () => {
  test("a schema parses to exactly the option type", () => {
    expectTypeOf(namespaceOptions).toEqualTypeOf<z.ZodType<NamespaceOptions, NamespaceOptions>>();
    expectTypeOf(meshOptions).toEqualTypeOf<z.ZodType<MeshOptions, MeshOptions>>();
    expectTypeOf(gatewayOptions).toEqualTypeOf<z.ZodType<GatewayOptions<string>, GatewayOptions<string>>>();
    expectTypeOf(waypointOptions).toEqualTypeOf<z.ZodType<WaypointOptions, WaypointOptions>>();
    expectTypeOf(routeOptions).toEqualTypeOf<z.ZodType<RouteOptions, RouteOptions>>();
    expectTypeOf(destinationRuleOptions).toEqualTypeOf<z.ZodType<DestinationRuleOptions, DestinationRuleOptions>>();
    expectTypeOf(telemetryOptions).toEqualTypeOf<z.ZodType<TelemetryOptions, TelemetryOptions>>();
  });

  test("a schema that drifts from its type does not compile", () => {
    // @ts-expect-error a field of NamespaceOptions left out of the schema
    strictObject<NamespaceOptions>({ managed: z.boolean().optional(), labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional(), argocd: z.object({ allowDeletion: z.boolean().optional() }).optional() });
    strictObject<NamespaceOptions>({
      managed: z.boolean().optional(),
      labels: z.record(z.string(), z.string()).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
      // @ts-expect-error a value the type does not allow
      dataplane: z.enum(["ambient", "sidecar", "both"]).optional(),
      argocd: z.object({ allowDeletion: z.boolean().optional() }).optional(),
    });
    strictObject<WaypointOptions>({
      labels: z.record(z.string(), z.string()).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
      for: z.enum(["service", "workload", "all", "none"]).optional(),
      // @ts-expect-error a key the type does not have
      four: z.string().optional(),
    });
    // @ts-expect-error a required field made optional
    strictObject<{ readonly host: string }>({ host: z.string().optional() });
    expect(true).toBe(true);
  });

  test("the schemas refuse what the types refuse", () => {
    expect(namespaceOptions.safeParse({ dataplane: "ambient", managed: true }).success).toBe(true);
    expect(namespaceOptions.safeParse({ dataplan: "ambient" }).success).toBe(false);
    expect(meshOptions.safeParse({ targets: { istio: "1.30.3", gatewayApi: { channel: "experimental" } } }).success).toBe(true);
    expect(meshOptions.safeParse({ targets: { istio: "1.99.0" } }).success).toBe(false);
  });
});
