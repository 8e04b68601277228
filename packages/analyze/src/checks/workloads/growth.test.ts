/**
 * The checks of this folder do at most about twice the work for twice the workloads: selectors are
 * matched through the label index of workloads.ts, never by scanning the workloads. Work is
 * counted (blocks run, elements the scanning built-ins touch), not timed, with the meter of
 * test/linear-growth.test.ts.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { growthProblems } from "../../../../../test/support/growth.js";
import { WorkMeter } from "../../../../../test/support/work-meter.js";
import { indexResources } from "../../resource-index.js";
import type { AnalyzedResource } from "../../types.js";
import { WORKLOADS_CHECKS } from "./index.js";

const root = resolve(fileURLToPath(import.meta.url), "../../../../../..");
const meter = new WorkMeter();
// The checks' own code and the workload index they share. The resource index and the readers are
// measured by test/linear-growth.test.ts; counted here, their lazily built lookups made the counts
// depend on which test of the worker ran first.
const isPackageScript = (url: string) => (url.includes("/packages/analyze/src/checks/") || url.includes("/packages/analyze/src/workloads.")) && !url.endsWith(".test.ts");

beforeAll(async () => {
  await meter.start();
});
afterAll(async () => {
  await meter.stop();
});

/** `n` applications over n/10 namespaces, each with what every check of the folder reads, half of them drawing a finding. */
function set(n: number): AnalyzedResource[] {
  const out: AnalyzedResource[] = [];
  const add = (object: Record<string, unknown>) => out.push({ object });
  for (let ns = 0; ns < Math.max(1, n / 10); ns++) add({ apiVersion: "v1", kind: "Namespace", metadata: { name: `ns-${ns}`, labels: { "istio-injection": "enabled" } } });
  add({ apiVersion: "v1", kind: "Pod", metadata: { name: "ingress", namespace: "istio-system", labels: { istio: "ingressgateway" } } });
  add({ apiVersion: "v1", kind: "Service", metadata: { name: "ingress", namespace: "istio-system" }, spec: { selector: { istio: "ingressgateway" }, ports: [{ port: 443, targetPort: 8443 }] } });
  for (let i = 0; i < n; i++) {
    const namespace = `ns-${i % Math.max(1, n / 10)}`;
    const labels = { app: `app-${i}`, version: "v1", tier: "web" };
    const other = i % 2 === 0 ? `app-${i}` : `missing-${i}`;
    add({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: `app-${i}`, namespace }, spec: { template: { metadata: { labels }, spec: { securityContext: { runAsUser: i % 2 === 0 ? 1000 : 1337 }, containers: [{ name: "app", image: "x" }] } } } });
    add({ apiVersion: "v1", kind: "Pod", metadata: { name: `app-${i}-0`, namespace, labels } });
    add({ apiVersion: "v1", kind: "Service", metadata: { name: `app-${i}`, namespace }, spec: { selector: { app: `app-${i}` }, ports: [{ port: 80, targetPort: 8080 }] } });
    add({ apiVersion: "v1", kind: "Service", metadata: { name: `app-${i}-udp`, namespace }, spec: { selector: { app: `app-${i}` }, ports: [{ port: i % 2 === 0 ? 81 : 80, protocol: "UDP", targetPort: 8080 }] } });
    add({ apiVersion: "networking.istio.io/v1", kind: "Sidecar", metadata: { name: `sc-${i}`, namespace }, spec: { workloadSelector: { labels: { app: other } } } });
    add({ apiVersion: "networking.istio.io/v1", kind: "Sidecar", metadata: { name: `sc-${i}-b`, namespace }, spec: { workloadSelector: { labels: { app: `app-${i}`, tier: "web" } } } });
    add({ apiVersion: "telemetry.istio.io/v1", kind: "Telemetry", metadata: { name: `t-${i}`, namespace }, spec: { selector: { matchLabels: { app: other } } } });
    add({ apiVersion: "telemetry.istio.io/v1", kind: "Telemetry", metadata: { name: `t-${i}-b`, namespace }, spec: { selector: { matchLabels: { app: `app-${i}` } } } });
    add({ apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: `p-${i}`, namespace }, spec: { selector: { matchLabels: { app: other, version: "v1" } } } });
    add({ apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: `q-${i}`, namespace: `empty-${i}` } });
    add({ apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: `dr-${i}`, namespace }, spec: { host: `app-${i}`, subsets: [{ name: "v1", labels: { version: "v1" } }, { name: "v2", labels: { version: "v2", app: other } }] } });
    add({ apiVersion: "networking.istio.io/v1", kind: "VirtualService", metadata: { name: `vs-${i}`, namespace }, spec: { hosts: [`app-${i}`], http: [{ route: [{ destination: { host: `app-${i}`, subset: "v1" }, weight: 90 }, { destination: { host: `app-${i}`, subset: "v2" }, weight: 10 }] }] } });
    add({ apiVersion: "networking.istio.io/v1", kind: "Gateway", metadata: { name: `gw-${i}`, namespace }, spec: { selector: { istio: "ingressgateway" }, servers: [{ port: { number: i % 2 === 0 ? 8443 : 9443 }, tls: { credentialName: `cert-${i}` } }] } });
    if (i % 2 === 0) add({ apiVersion: "v1", kind: "Secret", metadata: { name: `cert-${i}`, namespace: "istio-system" }, stringData: { "tls.crt": "not a certificate", "tls.key": "x" } });
  }
  return out;
}

describe("the checks of this folder", () => {
  test.each(WORKLOADS_CHECKS.map((c) => [c.code, c] as const))("%s grows linearly with the set", async (_code, check) => {
    const small = indexResources(set(200));
    const large = indexResources(set(400));
    // Runs on sets of both sizes first, so that what is compiled or optimized once is not measured.
    for (const size of [200, 400, 200, 400]) {
      const warm = indexResources(set(size));
      await meter.measure(() => check.check(warm), isPackageScript);
    }
    const { result: few, work: before } = await meter.measure(() => check.check(small), isPackageScript);
    const { result: many, work: after } = await meter.measure(() => check.check(large), isPackageScript);
    // The set draws the check's finding, and twice as many for twice the set.
    expect(few.length).toBeGreaterThan(0);
    expect(many.length).toBe(2 * few.length);
    expect(growthProblems(check.code, before, after, root)).toEqual([]);
  });
});
