/**
 * Public sample manifests meshform did not write, as their projects ship them (comments left
 * out), for the tests: the Gateway API's http-routing and traffic-splitting examples
 * (kubernetes-sigs/gateway-api, examples/standard/), and Istio 1.30.3's Bookinfo networking
 * samples (samples/bookinfo/networking/bookinfo-gateway.yaml, destination-rule-all.yaml,
 * virtual-service-all-v1.yaml).
 */
import { parseManifests } from "@meshform/validate";
import { importManifests } from "./import.js";
import { documentStartLines } from "./lines.js";
import type { ImportResult } from "./types.js";
import { ISTIO_BOOKINFO_SAMPLES } from "../../../test/support/istio-samples.js";

/** The Gateway API's examples, by the file they reproduce. */
export const GATEWAY_API_SAMPLES: Readonly<Record<string, string>> = {
  "http-routing/gateway.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: example-gateway
spec:
  gatewayClassName: example-gateway-class
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: example-route
spec:
  parentRefs:
  - name: example-gateway
  hostnames:
  - "example.com"
  rules:
  - backendRefs:
    - name: example-svc
      port: 80
`,
  "http-routing/foo-httproute.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: foo-route
spec:
  parentRefs:
  - name: example-gateway
  hostnames:
  - "foo.example.com"
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /login
    backendRefs:
    - name: foo-svc
      port: 8080
`,
  "http-routing/bar-httproute.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: bar-route
spec:
  parentRefs:
  - name: example-gateway
  hostnames:
  - "bar.example.com"
  rules:
  - matches:
    - headers:
      - type: Exact
        name: env
        value: canary
    backendRefs:
    - name: bar-svc-canary
      port: 8080
  - backendRefs:
    - name: bar-svc
      port: 8080
`,
  "traffic-splitting/simple-split.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: simple-split
spec:
  rules:
  - backendRefs:
    - name: foo-v1
      port: 8080
      weight: 90
    - name: foo-v2
      port: 8080
      weight: 10
`,
};

/** Istio's Bookinfo networking samples, by file. */
export const BOOKINFO_SAMPLES: Readonly<Record<string, string>> = Object.fromEntries(
  ["bookinfo-gateway.yaml", "destination-rule-all.yaml", "virtual-service-all-v1.yaml"].map((file) => [file, ISTIO_BOOKINFO_SAMPLES[file] ?? ""]),
);

/** Imports a set of files, each document with its line. */
export function importFiles(files: Readonly<Record<string, string>>): ImportResult {
  const documents = Object.entries(files).flatMap(([file, text]) => {
    const starts = documentStartLines(text);
    return parseManifests(text, file).documents.map((d) => ({ ...d, line: starts[d.index] }));
  });
  return importManifests(documents);
}
