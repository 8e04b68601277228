/**
 * What the compiler says about the generated Kubernetes kinds (checked by `tsc`, which covers
 * test files): required fields, int-or-string, factories, schema/interface agreement; and the
 * metadata and availability the kinds carry.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { sinceOf, type KindInfo } from "@meshform/kind-runtime";
import { availability, kinds } from "@meshform/k8s";
import { deployment, deploymentInfo, DeploymentSchema, type Deployment } from "@meshform/k8s/apps/v1";
import {
  namespace,
  namespaceInfo,
  NamespaceSchema,
  service,
  serviceInfo,
  ServiceSchema,
  type Namespace,
  type Service,
  type ServicePort,
} from "@meshform/k8s/core/v1";
import { ObjectMetaSchema, type ObjectMeta } from "@meshform/k8s/meta/v1";

const metadata = { name: "reviews", namespace: "default" };

describe("types", () => {
  it("require a Service port's number", () => {
    const named: ServicePort = { name: "http", port: 9080, targetPort: "http" };
    const numbered: ServicePort = { port: 9080, targetPort: 8080 };
    // @ts-expect-error port is required
    const missing: ServicePort = { name: "http", targetPort: 8080 };
    expect([named, numbered, missing]).toHaveLength(3);
  });

  it("type targetPort as int-or-string", () => {
    expectTypeOf<ServicePort["targetPort"]>().toEqualTypeOf<number | string | undefined>();
    // @ts-expect-error a boolean is neither an int nor a string
    const wrong: ServicePort = { port: 9080, targetPort: true };
    expect(ServiceSchema.safeParse(service({ metadata, spec: { ports: [wrong] } })).success).toBe(false);
  });

  it("type labels as a string map", () => {
    expectTypeOf<ObjectMeta["labels"]>().toEqualTypeOf<{ [key: string]: string } | undefined>();
    // @ts-expect-error label values are strings
    const wrong: ObjectMeta = { name: "default", labels: { "istio.io/rev": 1 } };
    expect(ObjectMetaSchema.safeParse(wrong).success).toBe(false);
  });
});

describe("factories", () => {
  it("fill apiVersion and kind, typed as literals", () => {
    const ns = namespace({ metadata: { name: "default", labels: { "istio.io/dataplane-mode": "ambient" } } });
    expectTypeOf(ns.apiVersion).toEqualTypeOf<"v1">();
    expectTypeOf(ns.kind).toEqualTypeOf<"Namespace">();
    expect(ns).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default", labels: { "istio.io/dataplane-mode": "ambient" } } });
    expect(NamespaceSchema.parse(ns)).toEqual(ns);

    const deploy = deployment({
      metadata,
      spec: { selector: { matchLabels: { app: "reviews" } }, template: { spec: { containers: [{ name: "reviews", image: "reviews:v1" }] } } },
    });
    expectTypeOf(deploy.apiVersion).toEqualTypeOf<"apps/v1">();
    expect(deploy.apiVersion).toBe("apps/v1");
    expect(DeploymentSchema.safeParse(deploy).success).toBe(true);
  });

  it("make a Service the schema accepts", () => {
    const svc = service({ metadata, spec: { selector: { app: "reviews" }, ports: [{ name: "http", port: 9080 }] } });
    expectTypeOf(svc).toEqualTypeOf<Service>();
    expect(ServiceSchema.safeParse(svc).success).toBe(true);
  });
});

describe("schemas and interfaces", () => {
  it("agree: z.input and z.output of each schema are the emitted interface", () => {
    expectTypeOf<z.input<typeof NamespaceSchema>>().toEqualTypeOf<Namespace>();
    expectTypeOf<z.output<typeof NamespaceSchema>>().toEqualTypeOf<Namespace>();
    expectTypeOf<z.input<typeof ServiceSchema>>().toEqualTypeOf<Service>();
    expectTypeOf<z.input<typeof DeploymentSchema>>().toEqualTypeOf<Deployment>();
    expectTypeOf<z.input<typeof ObjectMetaSchema>>().toEqualTypeOf<ObjectMeta>();
  });
});

describe("metadata", () => {
  it("describes the core group with an empty group and a bare apiVersion", () => {
    expect(serviceInfo).toMatchObject({ group: "", version: "v1", apiVersion: "v1", kind: "Service", plural: "services", scope: "Namespaced" });
    expect(namespaceInfo).toMatchObject({ apiVersion: "v1", plural: "namespaces", scope: "Cluster", storage: true, deprecated: false });
    expect(deploymentInfo).toMatchObject({ group: "apps", apiVersion: "apps/v1", plural: "deployments", scope: "Namespaced" });
    expect(deploymentInfo.source).toEqual({ file: "kubernetes/1.35/apis__apps__v1_openapi.json", release: "1.35" });
  });

  it("lists the six kinds once each", () => {
    expect(kinds.map(({ info }) => `${info.apiVersion}/${info.kind}`).sort()).toEqual([
      "apps/v1/Deployment",
      "v1/ConfigMap",
      "v1/Namespace",
      "v1/Secret",
      "v1/Service",
      "v1/ServiceAccount",
    ]);
    for (const { info } of kinds) {
      const expected: Partial<KindInfo> = { served: true, storage: true, deprecated: false };
      expect(info).toMatchObject(expected);
      expect(Array.isArray(info.rules)).toBe(true);
    }
  });
});

describe("availability", () => {
  it("has one release, so everything dates from it", () => {
    expect(availability.releases).toEqual(["1.35"]);
    expect(sinceOf(availability, "v1", "Service")).toBe("1.35");
    expect(sinceOf(availability, "v1", "Service", "spec.ports.targetPort")).toBe("1.35");
    expect(sinceOf(availability, "v1", "Pod")).toBeUndefined();
  });
});
