/**
 * Istio's own Bookinfo samples as Istio 1.30.3 ships them (samples/bookinfo: the Services of
 * platform/kube/bookinfo.yaml, and networking/bookinfo-gateway.yaml, destination-rule-all.yaml,
 * virtual-service-all-v1.yaml, comments left out): analysis finds nothing wrong in them, and finds
 * the mistakes a change to them introduces.
 */
import { describe, expect, test } from "vitest";
import { analyzeMesh } from "./analyze.js";
import { pathText, readYaml } from "./testing.js";
import type { AnalyzedResource } from "./types.js";

const TAG = "1.30.3";

/** The samples' text, by file name. */
const SAMPLES: Readonly<Record<string, string>> = {
  "bookinfo.yaml": `
apiVersion: v1
kind: Service
metadata:
  name: details
  labels:
    app: details
    service: details
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: details
---
apiVersion: v1
kind: Service
metadata:
  name: ratings
  labels:
    app: ratings
    service: ratings
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: ratings
---
apiVersion: v1
kind: Service
metadata:
  name: reviews
  labels:
    app: reviews
    service: reviews
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: reviews
---
apiVersion: v1
kind: Service
metadata:
  name: productpage
  labels:
    app: productpage
    service: productpage
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: productpage
`,
  "bookinfo-gateway.yaml": `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: bookinfo-gateway
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 8080
      name: http
      protocol: HTTP
    hosts:
    - "*"
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bookinfo
spec:
  hosts:
  - "*"
  gateways:
  - bookinfo-gateway
  http:
  - match:
    - uri:
        exact: /productpage
    - uri:
        prefix: /static
    - uri:
        exact: /login
    - uri:
        exact: /logout
    - uri:
        prefix: /api/v1/products
    route:
    - destination:
        host: productpage
        port:
          number: 9080
`,
  "destination-rule-all.yaml": `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: productpage
spec:
  host: productpage
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
  - name: v3
    labels:
      version: v3
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
spec:
  host: ratings
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
  - name: v2-mysql
    labels:
      version: v2-mysql
  - name: v2-mysql-vm
    labels:
      version: v2-mysql-vm
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: details
spec:
  host: details
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`,
  "virtual-service-all-v1.yaml": `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: productpage
spec:
  hosts:
  - productpage
  http:
  - route:
    - destination:
        host: productpage
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
  - ratings
  http:
  - route:
    - destination:
        host: ratings
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: details
spec:
  hosts:
  - details
  http:
  - route:
    - destination:
        host: details
        subset: v1
`,
};

/** The samples' resources, each file edited by `edit` first. */
function bookinfo(edit: (file: string, text: string) => string = (_, text) => text): AnalyzedResource[] {
  return Object.entries(SAMPLES).flatMap(([file, text]) => readYaml(edit(file, text), file));
}

const summary = (resources: AnalyzedResource[]) => analyzeMesh(resources).map((i) => [i.code, `${i.resource?.kind} ${i.resource?.namespace}/${i.resource?.name}`, pathText(i.path), i.source?.file]);

describe(`Istio's Bookinfo samples at ${TAG}`, () => {
  test("draw no finding as Istio ships them", () => {
    const resources = bookinfo();
    expect(resources.filter((r) => r.object.kind === "VirtualService").length).toBe(5);
    expect(summary(resources)).toEqual([]);
  });

  test("draw the mistakes a change introduces: a subset no DestinationRule defines, a host the gateway does not serve, a second VirtualService for one host", () => {
    const resources = bookinfo((file, text) => {
      if (file.endsWith("bookinfo-gateway.yaml")) return text.replace('    - "*"\n', '    - "bookinfo.example.com"\n').replace('  hosts:\n  - "*"\n', '  hosts:\n  - "books.example.com"\n');
      if (file.endsWith("virtual-service-all-v1.yaml")) {
        return `${text.replace("host: ratings\n        subset: v1", "host: ratings\n        subset: v3")}---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews-canary\nspec:\n  hosts:\n  - reviews.default.svc.cluster.local\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v2\n`;
      }
      return text;
    });
    expect(summary(resources)).toEqual([
      ["VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY", "VirtualService default/bookinfo", "spec.gateways[0]", "bookinfo-gateway.yaml"],
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService default/reviews", "spec.hosts[0]", "virtual-service-all-v1.yaml"],
      ["SUBSET_NOT_FOUND", "VirtualService default/ratings", "spec.http[0].route[0].destination.subset", "virtual-service-all-v1.yaml"],
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService default/reviews-canary", "spec.hosts[0]", "virtual-service-all-v1.yaml"],
    ]);
  });
});
