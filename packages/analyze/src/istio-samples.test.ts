/**
 * Istio's own samples as Istio 1.30.3 ships them, analysed as the sets Istio's tasks apply them in
 * (the application with its networking files): Bookinfo (samples/bookinfo: the Services of
 * platform/kube/bookinfo.yaml, and networking/bookinfo-gateway.yaml, destination-rule-all.yaml,
 * virtual-service-all-v1.yaml, comments left out), and the samples under `OTHER_SAMPLES`, each
 * object with the sample file it reproduces. Analysis finds nothing wrong in them, and finds the
 * mistakes a change to them introduces.
 */
import { describe, expect, test } from "vitest";
import { analyzeMesh } from "./analyze.js";
import { analyzeYaml, docs, pathText, readYaml, summarize } from "./testing.js";
import type { AnalyzedResource } from "./types.js";
import { ISTIO_BOOKINFO_SAMPLES } from "../../../test/support/istio-samples.js";

const TAG = "1.30.3";

/** The samples' text, by file name. */
const SAMPLES = ISTIO_BOOKINFO_SAMPLES;

/** The samples' resources, each file edited by `edit` first. */
function bookinfo(edit: (file: string, text: string) => string = (_, text) => text): AnalyzedResource[] {
  return Object.entries(SAMPLES).flatMap(([file, text]) => readYaml(edit(file, text), file));
}

/**
 * Codes left out of these expectations: SUBSET_UNUSED reports the subsets Bookinfo's
 * destination-rule-all.yaml defines for the later steps of Istio's traffic-shifting tasks, which
 * that code's own page and tests decide on.
 */
const NOT_ASSERTED: ReadonlySet<string> = new Set(["SUBSET_UNUSED"]);

const summary = (resources: AnalyzedResource[]) =>
  analyzeMesh(resources)
    .filter((i) => !NOT_ASSERTED.has(i.code))
    .map((i) => [i.code, `${i.resource?.kind} ${i.resource?.namespace}/${i.resource?.name}`, pathText(i.path), i.source?.file]);

/**
 * As istioctl (IST0131): the ingress VirtualService of bookinfo-gateway.yaml routes to productpage
 * without a subset, while virtual-service-all-v1.yaml routes the mesh's requests to subset v1.
 */
const INGRESS_SUBSET = ["INGRESS_SUBSET_NOT_APPLIED", "VirtualService default/bookinfo", "spec.http[0].route[0].destination.host", "bookinfo-gateway.yaml"];

describe(`Istio's Bookinfo samples at ${TAG}`, () => {
  test("draw no finding as Istio ships them", () => {
    const resources = bookinfo();
    expect(resources.filter((r) => r.object.kind === "VirtualService").length).toBe(5);
    expect(summary(resources)).toEqual([INGRESS_SUBSET]);
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
      INGRESS_SUBSET,
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService default/reviews", "spec.hosts[0]", "virtual-service-all-v1.yaml"],
      ["SUBSET_NOT_FOUND", "VirtualService default/ratings", "spec.http[0].route[0].destination.subset", "virtual-service-all-v1.yaml"],
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService default/reviews-canary", "spec.hosts[0]", "virtual-service-all-v1.yaml"],
    ]);
  });
});

/** Other samples and later steps of Istio's tasks, by the sample file they reproduce (comments and Deployments left out). */
const OTHER_SAMPLES: Readonly<Record<string, string>> = {
  // samples/bookinfo/networking/virtual-service-reviews-v3.yaml: the next step of the request-routing task, applied over virtual-service-all-v1.yaml
  "virtual-service-reviews-v3.yaml": `
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
        subset: v3
`,
  // samples/bookinfo/networking/fault-injection-details-v1.yaml
  "fault-injection-details-v1.yaml": `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: details
spec:
  hosts:
  - details
  http:
  - fault:
      abort:
        httpStatus: 555
        percentage:
          value: 100
    route:
    - destination:
        host: details
        subset: v1
  - route:
    - destination:
        host: details
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: details
spec:
  host: details
  subsets:
  - name: v1
`,
  // samples/helloworld/helloworld.yaml (the Service)
  "helloworld.yaml": `
apiVersion: v1
kind: Service
metadata:
  name: helloworld
  labels:
    app: helloworld
    service: helloworld
spec:
  ports:
  - port: 5000
    name: http
  selector:
    app: helloworld
`,
  // samples/helloworld/gateway-api/helloworld-gateway.yaml
  "helloworld-gateway.yaml": `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: helloworld-gateway
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: helloworld
spec:
  parentRefs:
  - name: helloworld-gateway
  rules:
  - matches:
    - path:
        type: Exact
        value: /hello
    backendRefs:
    - name: helloworld
      port: 5000
`,
  // samples/tcp-echo/tcp-echo-services.yaml (the Service)
  "tcp-echo-services.yaml": `
apiVersion: v1
kind: Service
metadata:
  name: tcp-echo
  labels:
    app: tcp-echo
    service: tcp-echo
spec:
  ports:
  - name: tcp
    port: 9000
  - name: tcp-other
    port: 9001
  selector:
    app: tcp-echo
`,
  // samples/tcp-echo/gateway-api/tcp-echo-all-v1.yaml
  "tcp-echo-all-v1.yaml": `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: tcp-echo-gateway
spec:
  gatewayClassName: istio
  listeners:
  - name: tcp-31400
    protocol: TCP
    port: 31400
    allowedRoutes:
      kinds:
      - kind: TCPRoute
---
apiVersion: v1
kind: Service
metadata:
  name: tcp-echo-v1
spec:
  ports:
  - port: 9000
    name: tcp
  selector:
    app: tcp-echo
    version: v1
---
apiVersion: v1
kind: Service
metadata:
  name: tcp-echo-v2
spec:
  ports:
  - port: 9000
    name: tcp
  selector:
    app: tcp-echo
    version: v2
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata:
  name: tcp-echo
spec:
  parentRefs:
  - name: tcp-echo-gateway
    sectionName: tcp-31400
  rules:
  - backendRefs:
    - name: tcp-echo-v1
      port: 9000
`,
};

/** The resources of the named files: Bookinfo's four, then those of {@link OTHER_SAMPLES}, in that order. */
function sampleSet(...files: string[]): AnalyzedResource[] {
  return files.flatMap((file) => readYaml(SAMPLES[file] ?? OTHER_SAMPLES[file] ?? "", file));
}

const BOOKINFO = Object.keys(SAMPLES);

describe(`Istio's samples at ${TAG}, as the sets Istio's tasks apply`, () => {
  test("helloworld with its Gateway API gateway, and tcp-echo with its Gateway API TCP route, draw no finding", () => {
    expect(summary(sampleSet("helloworld.yaml", "helloworld-gateway.yaml"))).toEqual([]);
    expect(summary(sampleSet("tcp-echo-services.yaml", "tcp-echo-all-v1.yaml"))).toEqual([]);
  });

  test("a task's next step applied with the first is one duplicate, analysed as the last: no VirtualService in conflict with itself", () => {
    const resources = sampleSet(...BOOKINFO, "virtual-service-reviews-v3.yaml");
    const issues = analyzeMesh(resources).filter((i) => !NOT_ASSERTED.has(i.code));
    expect(summary(resources)).toEqual([INGRESS_SUBSET, ["RESOURCE_DUPLICATE", "VirtualService default/reviews", "metadata.name", "virtual-service-reviews-v3.yaml"]]);
    expect(issues[1]).toMatchObject({
      severity: "warning",
      source: { file: "virtual-service-reviews-v3.yaml", line: 5 },
      message:
        "VirtualService default/reviews is also defined at virtual-service-all-v1.yaml:14: applying the set keeps only the last definition, this one, and the earlier one is overwritten without a trace, so what it configures never takes effect",
      hint: "keep one definition of the resource: merge them, rename one, or leave the superseded file out of the set",
    });
  });

  test("the fault-injection file over destination-rule-all.yaml: two duplicates, no DestinationRule compared with itself", () => {
    const resources = sampleSet(...BOOKINFO, "fault-injection-details-v1.yaml");
    expect(summary(resources)).toEqual([
      INGRESS_SUBSET,
      ["RESOURCE_DUPLICATE", "VirtualService default/details", "metadata.name", "fault-injection-details-v1.yaml"],
      ["RESOURCE_DUPLICATE", "DestinationRule default/details", "metadata.name", "fault-injection-details-v1.yaml"],
    ]);
  });
});

describe("resources validation rejects", () => {
  // Istio's validation refuses a ServiceEntry host `*` ("invalid host *"): it is never in the cluster.
  const anyHost = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: any-host, namespace: default }
spec:
  hosts: ["*"]
  ports: [{ number: 80, name: http, protocol: HTTP }]
  resolution: NONE`;
  const toUnknownHost = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ratings-external, namespace: default }
spec:
  hosts: [ratings.example.com]
  http:
  - route:
    - destination: { host: ratings.example.com }`;
  const rejecting = (resources: AnalyzedResource[], kind: string): AnalyzedResource[] => resources.map((r) => (r.object.kind === kind ? { ...r, rejected: true } : r));

  test("a rejected ServiceEntry with host * provides no host, yet draws the findings about itself", () => {
    const resources = readYaml(docs(anyHost, toUnknownHost));
    expect(summarize(analyzeMesh(resources))).toEqual([]);
    expect(summarize(analyzeMesh(rejecting(resources, "ServiceEntry")))).toEqual([["DESTINATION_HOST_NOT_FOUND", "VirtualService default/ratings-external", "spec.http[0].route[0].destination.host"]]);
  });

  test("a rejected Service and Gateway satisfy no route; an accepted duplicate of nothing changes nothing", () => {
    const resources = sampleSet("helloworld.yaml", "helloworld-gateway.yaml");
    expect(summarize(analyzeMesh(rejecting(resources, "Service")))).toEqual([["SERVICE_NOT_FOUND", "HTTPRoute default/helloworld", "spec.rules[0].backendRefs[0]"]]);
    expect(summarize(analyzeMesh(rejecting(resources, "Gateway")))).toEqual([["ROUTE_GATEWAY_NOT_FOUND", "HTTPRoute default/helloworld", "spec.parentRefs[0]"]]);
  });
});

describe("ambient mode as Istio detects it", () => {
  // Namespaces of Istio's analyzer test data (injection.yaml): a sidecar injection label or a
  // revision beside the ambient label means sidecars; `istio-injection: disabled` does not.
  const namespace = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: { ${labels} } }`;
  const sidecar = (ns: string) => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: default, namespace: ${ns} }\nspec: { egress: [{ hosts: ["./*"] }] }`;

  test("a namespace injecting sidecars beside the ambient label runs sidecars; one with injection disabled is ambient", () => {
    const yaml = docs(
      namespace("multi-ns-2", '"istio-injection": enabled, "istio.io/dataplane-mode": ambient'),
      namespace("multi-ns-3", '"istio.io/rev": test, "istio.io/dataplane-mode": ambient'),
      namespace("not-conflict-ns-1", '"istio-injection": disabled, "istio.io/dataplane-mode": ambient'),
      sidecar("multi-ns-2"),
      sidecar("multi-ns-3"),
      sidecar("not-conflict-ns-1"),
    );
    expect(summarize(analyzeYaml(yaml))).toEqual([["SIDECAR_ONLY_IN_AMBIENT", "Sidecar not-conflict-ns-1/default", "kind"]]);
  });

  test("a route to a Service of a namespace that injects sidecars beside the ambient label is enforced by its sidecars", () => {
    const yaml = docs(
      namespace("shop", '"istio-injection": enabled, "istio.io/dataplane-mode": ambient'),
      "apiVersion: v1\nkind: Service\nmetadata: { name: reviews, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }",
      "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: reviews, namespace: shop }\nspec:\n  parentRefs: [{ group: \"\", kind: Service, name: reviews }]\n  rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }]",
    );
    expect(summarize(analyzeYaml(yaml))).toEqual([]);
    expect(summarize(analyzeYaml(yaml.replace('"istio-injection": enabled, ', "")))).toEqual([["ROUTE_NOT_ENFORCED", "HTTPRoute shop/reviews", "spec.parentRefs[0]"]]);
  });
});

describe("port naming as istioctl checks it", () => {
  const service = (metadata: string, ports: string) => `apiVersion: v1\nkind: Service\nmetadata: ${metadata}\nspec: { ports: [${ports}] }`;

  test("skips the system namespaces, Istio's control plane and gateway Services, and the well-known TCP ports", () => {
    const yaml = docs(
      // CoreDNS's kube-dns Service: its metrics port has no protocol prefix
      service("{ name: kube-dns, namespace: kube-system }", "{ name: metrics, port: 9153 }"),
      // Istio's ingress gateway Service (manifests/charts/gateway): status-port
      service("{ name: istio-ingressgateway, namespace: istio-system, labels: { istio: ingressgateway } }", "{ name: status-port, port: 15021 }"),
      service('{ name: web, namespace: shop, labels: { "gateway.istio.io/managed": istio.io-gateway-controller } }', "{ name: status, port: 15021 }"),
      service("{ name: mysql, namespace: shop }", "{ name: db, port: 3306 }"),
    );
    expect(summarize(analyzeYaml(yaml))).toEqual([]);
    expect(summarize(analyzeYaml(yaml.replace("namespace: kube-system", "namespace: dns")))).toEqual([["PORT_PROTOCOL_UNDECLARED", "Service dns/kube-dns", "spec.ports[0]"]]);
    expect(summarize(analyzeYaml(yaml.replace("port: 3306", "port: 3307")))).toEqual([["PORT_PROTOCOL_UNDECLARED", "Service shop/mysql", "spec.ports[0]"]]);
  });

  test("a waypoint's port with appProtocol hbone is declared", () => {
    const waypoint = service("{ name: waypoint, namespace: shop }", "{ name: mesh, port: 15008, appProtocol: hbone }");
    expect(summarize(analyzeYaml(waypoint))).toEqual([]);
    expect(summarize(analyzeYaml(waypoint.replace("appProtocol: hbone", "appProtocol: tunnel")))).toEqual([["PORT_PROTOCOL_UNDECLARED", "Service shop/waypoint", "spec.ports[0]"]]);
  });
});

describe("a VirtualService naming an internal generated gateway", () => {
  test("draws IST0165, not a gateway not found", () => {
    const yaml = docs(
      SAMPLES["helloworld.yaml"] ?? OTHER_SAMPLES["helloworld.yaml"] ?? "",
      (OTHER_SAMPLES["helloworld-gateway.yaml"] ?? "").split("---")[0] ?? "",
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: hello }\nspec:\n  hosts: [hello.example.com]\n  gateways: [helloworld-gateway~istio-autogenerated-k8s-gateway~http]\n  http: [{ route: [{ destination: { host: helloworld } }] }]",
    );
    const issues = analyzeYaml(yaml);
    expect(issues.map((i) => [i.code, i.istioctlCode, pathText(i.path)])).toEqual([["VIRTUAL_SERVICE_INTERNAL_GATEWAY", "IST0165", "spec.gateways[0]"]]);
  });
});
