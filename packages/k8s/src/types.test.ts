/**
 * What the compiler says about the generated Kubernetes kinds (checked by `tsc`, which covers
 * test files): required fields, int-or-string, factories, schema/interface agreement; and the
 * metadata and availability the kinds carry; which kinds of core/v1 and apps/v1 are generated.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { sinceOf, type KindInfo } from "@meshform/kind-runtime";
import { availability, kinds } from "@meshform/k8s";
import { daemonSet, DaemonSetSchema, deployment, deploymentInfo, DeploymentSchema, statefulSet, StatefulSetSchema, type Deployment } from "@meshform/k8s/apps/v1";
import {
  namespace,
  namespaceInfo,
  NamespaceSchema,
  persistentVolumeClaim,
  PersistentVolumeClaimSchema,
  pod,
  PodSchema,
  type EmbeddedPersistentVolumeClaim,
  type PersistentVolumeClaim,
  type Pod,
  type PodSpec,
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

describe("workload and storage kinds", () => {
  const labels = { app: "db" };
  const template = { metadata: { labels }, spec: { containers: [{ name: "db", image: "postgres:17" }] } };

  it("type a Pod's containers as required", () => {
    const web = pod({ metadata, spec: { containers: [{ name: "web", image: "nginx", resources: { requests: { cpu: "100m", memory: 64 } } }] } });
    expectTypeOf(web).toEqualTypeOf<Pod>();
    expect(PodSchema.safeParse(web).success).toBe(true);
    // @ts-expect-error containers is required
    const empty: PodSpec = { restartPolicy: "Never" };
    expect(PodSchema.safeParse(pod({ metadata, spec: empty })).success).toBe(false);
  });

  it("embed PersistentVolumeClaims in a StatefulSet with apiVersion, kind and metadata optional", () => {
    const bare: EmbeddedPersistentVolumeClaim = { metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };
    const full: EmbeddedPersistentVolumeClaim = { ...bare, apiVersion: "v1", kind: "PersistentVolumeClaim" };
    const db = statefulSet({ metadata, spec: { serviceName: "db", selector: { matchLabels: labels }, template, volumeClaimTemplates: [bare, full] } });
    expect(StatefulSetSchema.safeParse(db).success).toBe(true);
    // @ts-expect-error a PersistentVolumeClaim of its own needs its metadata
    const claim: PersistentVolumeClaim = { apiVersion: "v1", kind: "PersistentVolumeClaim", spec: bare.spec };
    expect(PersistentVolumeClaimSchema.safeParse(claim).success).toBe(false);
    expect(PersistentVolumeClaimSchema.safeParse(persistentVolumeClaim({ metadata, spec: bare.spec })).success).toBe(true);
  });

  it("reject a misspelt field in a DaemonSet as in any other kind", () => {
    const agent = daemonSet({ metadata, spec: { selector: { matchLabels: labels }, template } });
    expect(DaemonSetSchema.safeParse(agent).success).toBe(true);
    const wrong = { ...agent, spec: { ...agent.spec, replicas: 3 } };
    expect(DaemonSetSchema.safeParse(wrong).error?.issues.map((i) => [i.code, i.path])).toEqual([["unrecognized_keys", ["spec"]]]);
  });
});

describe("schemas and interfaces", () => {
  it("agree: z.input and z.output of each schema are the emitted interface", () => {
    expectTypeOf<z.input<typeof NamespaceSchema>>().toEqualTypeOf<Namespace>();
    expectTypeOf<z.output<typeof NamespaceSchema>>().toEqualTypeOf<Namespace>();
    expectTypeOf<z.input<typeof ServiceSchema>>().toEqualTypeOf<Service>();
    expectTypeOf<z.input<typeof DeploymentSchema>>().toEqualTypeOf<Deployment>();
    expectTypeOf<z.input<typeof PodSchema>>().toEqualTypeOf<Pod>();
    expectTypeOf<z.input<typeof PersistentVolumeClaimSchema>>().toEqualTypeOf<PersistentVolumeClaim>();
    expectTypeOf<z.input<typeof ObjectMetaSchema>>().toEqualTypeOf<ObjectMeta>();
  });
});

describe("metadata", () => {
  it("takes plural and scope from the API server's paths", () => {
    const byKind = new Map(kinds.map(({ info }) => [info.kind, `${info.plural} ${info.scope}`]));
    expect(Object.fromEntries(["Node", "PersistentVolume", "Endpoints", "PersistentVolumeClaim", "StatefulSet", "Pod"].map((k) => [k, byKind.get(k)]))).toEqual({
      Node: "nodes Cluster",
      PersistentVolume: "persistentvolumes Cluster",
      Endpoints: "endpoints Namespaced",
      PersistentVolumeClaim: "persistentvolumeclaims Namespaced",
      StatefulSet: "statefulsets Namespaced",
      Pod: "pods Namespaced",
    });
  });

  it("leaves out lists, create-only, read-only and subresource kinds", () => {
    const names = new Set(kinds.map(({ info }) => info.kind));
    expect(["PodList", "Binding", "ComponentStatus", "Scale", "Eviction", "Status"].filter((k) => names.has(k))).toEqual([]);
  });

  it("describes the core group with an empty group and a bare apiVersion", () => {
    expect(serviceInfo).toMatchObject({ group: "", version: "v1", apiVersion: "v1", kind: "Service", plural: "services", scope: "Namespaced" });
    expect(namespaceInfo).toMatchObject({ apiVersion: "v1", plural: "namespaces", scope: "Cluster", storage: true, deprecated: false });
    expect(deploymentInfo).toMatchObject({ group: "apps", apiVersion: "apps/v1", plural: "deployments", scope: "Namespaced" });
    expect(deploymentInfo.source).toEqual({ file: "kubernetes/1.35/apis__apps__v1_openapi.json", release: "1.35" });
  });

  it("lists every kind of core/v1 and apps/v1 that kubectl apply can manage, once each", () => {
    expect(kinds.map(({ info }) => `${info.apiVersion}/${info.kind}`).sort()).toEqual([
      "apps/v1/ControllerRevision",
      "apps/v1/DaemonSet",
      "apps/v1/Deployment",
      "apps/v1/ReplicaSet",
      "apps/v1/StatefulSet",
      "v1/ConfigMap",
      "v1/Endpoints",
      "v1/Event",
      "v1/LimitRange",
      "v1/Namespace",
      "v1/Node",
      "v1/PersistentVolume",
      "v1/PersistentVolumeClaim",
      "v1/Pod",
      "v1/PodTemplate",
      "v1/ReplicationController",
      "v1/ResourceQuota",
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
    expect(sinceOf(availability, "v1", "Pod")).toBe("1.35");
    expect(sinceOf(availability, "v1", "Binding")).toBeUndefined();
  });
});
