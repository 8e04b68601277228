// Sample resources and helpers for this package's tests: not exported from the package.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { RenderError } from "./errors.js";
import type { KubeResource } from "./resource.js";

const SAMPLE: readonly KubeResource[] = [
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "public", namespace: "istio-system" },
    spec: { gatewayClassName: "istio", listeners: [{ name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "All" } } }] },
  },
  {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name: "public", namespace: "istio-system" },
    spec: { selector: { istio: "ingressgateway" }, servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["*.example.com"] }] },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "status", namespace: "istio-system" },
    spec: { parentRefs: [{ name: "public" }], rules: [{ matches: [{ path: { type: "PathPrefix", value: "/healthz" } }] }] },
  },
  {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace: "istio-system" },
    spec: { mtls: { mode: "STRICT" } },
  },
  {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "default", labels: { "istio.io/dataplane-mode": "ambient", "meshform.dev/on": "on" } },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "waypoint", namespace: "default", labels: { "istio.io/waypoint-for": "service" } },
    spec: { gatewayClassName: "istio-waypoint", listeners: [{ name: "mesh", port: 15008, protocol: "HBONE" }] },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "reviews", namespace: "default" },
    spec: {
      parentRefs: [{ group: "", kind: "Service", name: "reviews", port: 9080 }],
      rules: [{ backendRefs: [{ name: "reviews-v1", port: 9080, weight: 90 }, { name: "reviews-v2", port: 9080, weight: 10 }] }],
    },
  },
  {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name: "reviews", namespace: "default" },
    spec: {
      host: "reviews.default.svc.cluster.local",
      trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1, interval: "1s" } },
    },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "GatewayClass",
    metadata: { name: "istio-custom" },
    spec: { controllerName: "istio.io/gateway-controller" },
  },
];

/**
 * A small mesh: Gateway API Gateway and HTTPRoute in `istio-system` and `default`, a
 * DestinationRule, a managed Namespace, a PeerAuthentication, a GatewayClass, and an Istio Gateway
 * with the same name and namespace as a Gateway API Gateway. A fresh copy on every call.
 *
 * @internal
 */
export function sampleResources(): KubeResource[] {
  return structuredClone(SAMPLE) as KubeResource[];
}

/**
 * Every file under a folder, hidden ones included, with its content, by path relative to the
 * folder: what a test compares before and after a write. `base64` compares bytes exactly.
 */
export async function readTree(root: string, encoding: "utf8" | "base64" = "utf8"): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = await readFile(path, encoding);
  }
  return files;
}

/**
 * The ownership manifest's text for `paths`, spelled out here rather than made by formatOwned, so
 * that a test compares what was written with the format itself.
 */
export function ownedText(paths: readonly string[]): string {
  const note = "Files meshform wrote here and may replace or delete; every other file is left alone. Do not edit.";
  return `${JSON.stringify({ note, files: [...paths].sort() }, null, 2)}\n`;
}

/** The {@link RenderError} that `run` fails with; a test fails when it succeeds or fails otherwise. */
export async function renderFailure(run: Promise<unknown>): Promise<RenderError> {
  const error: unknown = await run.then(() => undefined, (caught: unknown) => caught);
  if (error instanceof RenderError) return error;
  throw new Error(`expected a RenderError, got ${String(error)}`);
}
