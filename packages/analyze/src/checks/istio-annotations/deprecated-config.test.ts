/** DEPRECATED_CONFIG on the cases of Istio's deprecation analyzer (in our words) and the closest silent ones. */
import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, summarize } from "../../testing.js";

const found = (yaml: string) => summarize(analyzeYaml(yaml)).filter(([code]) => code === "DEPRECATED_CONFIG");

const virtualService = (delay: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: productpage, namespace: shop }
spec:
  hosts: [productpage]
  http:
  - fault:
      delay: { ${delay}, fixedDelay: 5s }
    route: [{ destination: { host: productpage } }]`;

const sidecar = (policy: string) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: shop }
spec:
  egress: [{ hosts: ["./*"] }]
  outboundTrafficPolicy: ${policy}`;

const crd = (group: string, kind: string) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${kind.toLowerCase()}s.${group} }
spec:
  group: ${group}
  names: { kind: ${kind}, plural: ${kind.toLowerCase()}s }
  scope: Namespaced
  versions: [{ name: v1alpha1, served: true, storage: true }]`;

describe("DEPRECATED_CONFIG", () => {
  test("Istio's cases: a delay percent, a Sidecar's egress proxy; the EnvoyFilter and QuotaSpec of its test data are not istioctl's to report", () => {
    const envoyFilter = `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: { name: egress, namespace: istio-system }
spec: { workloadLabels: { istio: egressgateway }, filters: [{ listenerMatch: { portNumber: 15443 } }] }`;
    const issues = analyzeYaml(docs(envoyFilter, virtualService("percent: 50"), sidecar("{ mode: ALLOW_ANY, egressProxy: { host: example, port: { number: 9080 } } }"))).filter((i) => i.code === "DEPRECATED_CONFIG");
    expect(issues).toEqual([
      {
        code: "DEPRECATED_CONFIG",
        istioctlCode: "IST0002",
        severity: "warning",
        message: "Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage: a later Istio release may stop reading it",
        hint: "write percentage: { value: 50 } in its place",
        path: ["spec", "http", 0, "fault", "delay", "percent"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "VirtualService", namespace: "shop", name: "productpage" },
        source: { file: "mesh.yaml", line: 13 },
      },
      {
        code: "DEPRECATED_CONFIG",
        istioctlCode: "IST0002",
        severity: "warning",
        message: "Deprecated: OutboundTrafficPolicy.EgressProxy ignored: Istio does not send unknown outbound traffic to that proxy",
        hint: "remove egressProxy; route external traffic through an egress gateway with a ServiceEntry and a VirtualService",
        path: ["spec", "outboundTrafficPolicy", "egressProxy"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "Sidecar", namespace: "shop", name: "default" },
        source: { file: "mesh.yaml", line: 21 },
      },
    ]);
  });

  test("the CRD of a removed rbac.istio.io kind", () => {
    const issues = analyzeYaml(docs(crd("rbac.istio.io", "ServiceRole"), crd("rbac.istio.io", "ClusterRbacConfig"))).filter((i) => i.code === "DEPRECATED_CONFIG");
    expect(issues.map((i) => [i.resource?.name, i.message, i.path])).toEqual([
      ["serviceroles.rbac.istio.io", "Deprecated: Custom resource type rbac.istio.io ServiceRole is removed: no Istio release since 1.6 reads ServiceRole resources, so the access rules they hold are not enforced", ["spec", "names", "kind"]],
      ["clusterrbacconfigs.rbac.istio.io", "Deprecated: Custom resource type rbac.istio.io ClusterRbacConfig is removed: no Istio release since 1.6 reads ClusterRbacConfig resources, so the access rules they hold are not enforced", ["spec", "names", "kind"]],
    ]);
  });

  test("closest silent cases: percentage, a zero percent, egress without a proxy, other CRDs", () => {
    expect(found(virtualService("percentage: { value: 50 }"))).toEqual([]);
    expect(found(virtualService("percent: 0"))).toEqual([]);
    expect(found(sidecar("{ mode: REGISTRY_ONLY }"))).toEqual([]);
    expect(found(docs(crd("security.istio.io", "AuthorizationPolicy"), crd("example.com", "ServiceRole")))).toEqual([]);
  });

  test("malformed input is read as far as it goes, without a throw", () => {
    expect(found(docs(virtualService('percent: "50"'), sidecar("[]"), sidecar("{ egressProxy: null }"), "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: x }\nspec: { group: rbac.istio.io, names: [] }"))).toEqual([]);
  });
});
