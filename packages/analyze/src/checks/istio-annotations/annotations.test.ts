/**
 * The annotation checks, on the cases of Istio's own analyzer test data (in our words) and the
 * closest cases that stay silent.
 */
import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, summarize } from "../../testing.js";
import { isIstioAnnotation } from "./annotated.js";
import { ANNOTATION_VALIDATORS } from "./validators.js";

const CODES = new Set(["ANNOTATION_UNKNOWN", "ANNOTATION_MISPLACED", "ANNOTATION_INVALID", "ANNOTATION_DEPRECATED", "ANNOTATION_ALPHA"]);
const ours = (yaml: string) => summarize(analyzeYaml(yaml)).filter(([code]) => CODES.has(code));

const pod = (name: string, annotations: string, extra = "") => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  annotations:
${annotations
  .trim()
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}
${extra}spec:
  containers: [{ name: app, image: app }]`;

const service = (annotations: string) => `
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
  annotations: { ${annotations} }
spec: { ports: [{ name: http, port: 9080 }] }`;

describe("Istio's analyzer cases", () => {
  const set = docs(
    service('networking.istio.io/exportThree: bar, networking.istio.io/exportTo: "*"'),
    pod("invalid", 'readiness.status.sidecar.istio.io/initialDelaySeconds: bar\nreadiness.status.sidecar.istio.io/periodSeconds: "10"'),
    pod("grafana", 'proxy.istio.io/config: "{}"\nhelm.sh/hook: test-success\nkubernetes.io/ingress.class: istio\ngateway.istio.io/controller-version: "5"'),
    `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fortio
  namespace: shop
  annotations: { sidecar.istio.io/statsInclusionPrefixes: cluster.outbound }
spec:
  selector: { matchLabels: { app: fortio } }
  template:
    metadata: { labels: { app: fortio } }
    spec: { containers: [{ name: fortio, image: fortio }] }`,
    `
apiVersion: v1
kind: Namespace
metadata:
  name: staging
  annotations: { kubernetes.io/ingress.class: foo }`,
    pod("written-by-istio", "istio.io/rev: rev\nambient.istio.io/redirection: enabled"),
  );

  test("each finding istioctl gives, and the alpha ones of its alpha analyzer", () => {
    expect(ours(set)).toEqual([
      ["ANNOTATION_UNKNOWN", "Service shop/reviews", 'metadata.annotations["networking.istio.io/exportThree"]'],
      ["ANNOTATION_ALPHA", "Service shop/reviews", 'metadata.annotations["networking.istio.io/exportTo"]'],
      ["ANNOTATION_INVALID", "Pod shop/invalid", 'metadata.annotations["readiness.status.sidecar.istio.io/initialDelaySeconds"]'],
      ["ANNOTATION_ALPHA", "Pod shop/invalid", 'metadata.annotations["readiness.status.sidecar.istio.io/initialDelaySeconds"]'],
      ["ANNOTATION_ALPHA", "Pod shop/invalid", 'metadata.annotations["readiness.status.sidecar.istio.io/periodSeconds"]'],
      ["ANNOTATION_MISPLACED", "Pod shop/grafana", 'metadata.annotations["kubernetes.io/ingress.class"]'],
      ["ANNOTATION_MISPLACED", "Deployment shop/fortio", 'metadata.annotations["sidecar.istio.io/statsInclusionPrefixes"]'],
      ["ANNOTATION_DEPRECATED", "Deployment shop/fortio", 'metadata.annotations["sidecar.istio.io/statsInclusionPrefixes"]'],
      ["ANNOTATION_ALPHA", "Deployment shop/fortio", 'metadata.annotations["sidecar.istio.io/statsInclusionPrefixes"]'],
      ["ANNOTATION_MISPLACED", "Namespace staging", 'metadata.annotations["kubernetes.io/ingress.class"]'],
    ]);
  });

  test("the findings in full", () => {
    const issues = analyzeYaml(set).filter((i) => CODES.has(i.code));
    const resource = (kind: string, name: string, namespace?: string) => ({ apiVersion: kind === "Deployment" ? "apps/v1" : "v1", kind, name, ...(namespace === undefined ? {} : { namespace }) });
    expect(issues.find((i) => i.code === "ANNOTATION_UNKNOWN")).toEqual({
      code: "ANNOTATION_UNKNOWN",
      istioctlCode: "IST0108",
      severity: "warning",
      message: "Unknown annotation: networking.istio.io/exportThree: Istio 1.30.3 reads no annotation of that name, so it has no effect",
      hint: "check the name against Istio's annotation reference, or remove it",
      path: ["metadata", "annotations", "networking.istio.io/exportThree"],
      resource: resource("Service", "reviews", "shop"),
      source: { file: "mesh.yaml", line: 6 },
    });
    expect(issues.find((i) => i.code === "ANNOTATION_INVALID")).toEqual({
      code: "ANNOTATION_INVALID",
      istioctlCode: "IST0125",
      severity: "warning",
      message: 'Invalid annotation readiness.status.sidecar.istio.io/initialDelaySeconds: strconv.ParseUint: parsing "bar": invalid syntax: the sidecar injector fails on it, so a Pod that carries it is refused where injection is enabled',
      hint: "fix the value of readiness.status.sidecar.istio.io/initialDelaySeconds",
      path: ["metadata", "annotations", "readiness.status.sidecar.istio.io/initialDelaySeconds"],
      resource: resource("Pod", "invalid", "shop"),
      source: { file: "mesh.yaml", line: 15 },
    });
    expect(issues.filter((i) => i.resource?.name === "fortio")).toEqual([
      {
        code: "ANNOTATION_MISPLACED",
        istioctlCode: "IST0107",
        severity: "warning",
        message: "Misplaced annotation: sidecar.istio.io/statsInclusionPrefixes can only be applied to Pod: Istio does not read it on a Deployment, so it has no effect",
        hint: "move it to the Pod template, spec.template.metadata.annotations",
        path: ["metadata", "annotations", "sidecar.istio.io/statsInclusionPrefixes"],
        resource: resource("Deployment", "fortio", "shop"),
        source: { file: "mesh.yaml", line: 38 },
      },
      {
        code: "ANNOTATION_DEPRECATED",
        istioctlCode: "IST0135",
        severity: "info",
        message: 'Annotation "sidecar.istio.io/statsInclusionPrefixes" has been deprecated and may not work in future Istio versions: a later release may ignore it',
        hint: "see Istio's annotation reference for what replaces sidecar.istio.io/statsInclusionPrefixes, and remove it",
        path: ["metadata", "annotations", "sidecar.istio.io/statsInclusionPrefixes"],
        resource: resource("Deployment", "fortio", "shop"),
        source: { file: "mesh.yaml", line: 38 },
      },
      {
        code: "ANNOTATION_ALPHA",
        istioctlCode: "IST0136",
        severity: "info",
        message: 'Annotation "sidecar.istio.io/statsInclusionPrefixes" is part of an alpha-phase feature and may be incompletely supported: its meaning may change, or it may go, in a later Istio release',
        hint: "keep it only where the feature is needed, and check Istio's release notes on upgrade",
        path: ["metadata", "annotations", "sidecar.istio.io/statsInclusionPrefixes"],
        resource: resource("Deployment", "fortio", "shop"),
        source: { file: "mesh.yaml", line: 38 },
      },
    ]);
    expect(issues.find((i) => i.resource?.name === "staging")).toMatchObject({ message: "Misplaced annotation: kubernetes.io/ingress.class can only be applied to Ingress: Istio does not read it on a Namespace, so it has no effect", hint: "move it to the Ingress it is meant for, or remove it" });
  });

  test("the annotations istio-cni sets are alpha on a Pod with istio-init, and not reported on one without", () => {
    const annotations = "sidecar.istio.io/interceptionMode: REDIRECT\ntraffic.sidecar.istio.io/excludeInboundPorts: \"15020\"\ntraffic.sidecar.istio.io/includeInboundPorts: '*'\ntraffic.sidecar.istio.io/includeOutboundIPRanges: '*'\ngateway.istio.io/controller-version: \"5\"";
    const withInit = pod("init", annotations).replace("spec:\n  containers: [{ name: app, image: app }]", "spec:\n  containers: [{ name: app, image: app }]\n  initContainers: [{ name: istio-init, image: proxy }]");
    const withCni = pod("cni", annotations).replace("spec:\n  containers: [{ name: app, image: app }]", "spec:\n  containers: [{ name: app, image: app }]\n  initContainers: [{ name: istio-validation, image: proxy }]");
    expect(ours(docs(withInit, withCni))).toEqual([
      ["ANNOTATION_ALPHA", "Pod shop/init", 'metadata.annotations["sidecar.istio.io/interceptionMode"]'],
      ["ANNOTATION_ALPHA", "Pod shop/init", 'metadata.annotations["traffic.sidecar.istio.io/excludeInboundPorts"]'],
      ["ANNOTATION_ALPHA", "Pod shop/init", 'metadata.annotations["traffic.sidecar.istio.io/includeInboundPorts"]'],
      ["ANNOTATION_ALPHA", "Pod shop/init", 'metadata.annotations["traffic.sidecar.istio.io/includeOutboundIPRanges"]'],
    ]);
  });
});

describe("closest silent cases", () => {
  test("annotations outside Istio's namespace, on kinds Istio does not check, or written by Istio draw nothing", () => {
    const gateway = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop, annotations: { istio.io/ingress.class: istio } }
spec: {}`;
    expect(ours(docs(service("kubernetes.io/psp: privileged, example.com/istio.io: x"), gateway, pod("injected", 'sidecar.istio.io/status: "{}"\nistio.io/rev: default')))).toEqual([]);
  });

  test("an annotation that applies to any kind is never misplaced", () => {
    expect(ours(service("galley.istio.io/analyze-suppress: IST0118"))).toEqual([["ANNOTATION_ALPHA", "Service shop/reviews", 'metadata.annotations["galley.istio.io/analyze-suppress"]']]);
  });

  test("the deprecated inject annotation is not reported beside the label of the same name", () => {
    const withLabel = pod("labelled", 'sidecar.istio.io/inject: "true"', "  labels: { sidecar.istio.io/inject: \"true\" }\n");
    const alone = pod("annotated", 'sidecar.istio.io/inject: "true"');
    expect(analyzeYaml(docs(withLabel, alone)).filter((i) => CODES.has(i.code)).map((i) => [i.code, i.resource?.name, i.message, i.hint])).toEqual([
      ["ANNOTATION_DEPRECATED", "annotated", 'Annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions: a later release may ignore it', "write it as the label sidecar.istio.io/inject (metadata.labels), on the Pod or its template"],
    ]);
  });

  test("a valid value, and a value check of an annotation on a kind it does not apply to, draw no ANNOTATION_INVALID", () => {
    expect(ours(pod("ok", 'sidecar.istio.io/proxyCPU: 100m\nsidecar.istio.io/proxyMemory: 128Mi\nproxy.istio.io/config: "holdApplicationUntilProxyStarts: true"')).filter(([code]) => code === "ANNOTATION_INVALID")).toEqual([]);
    expect(ours(service('sidecar.istio.io/proxyCPU: "lots"')).map(([code]) => code)).toEqual(["ANNOTATION_MISPLACED", "ANNOTATION_ALPHA"]);
  });
});

describe("hints of ANNOTATION_UNKNOWN", () => {
  test("a mis-cased name and a label written as an annotation say what was meant", () => {
    const yaml = docs(service("networking.istio.io/exportto: \".\""), `
apiVersion: v1
kind: Namespace
metadata: { name: shop, annotations: { istio.io/dataplane-mode: ambient } }`);
    expect(analyzeYaml(yaml).filter((i) => i.code === "ANNOTATION_UNKNOWN").map((i) => i.hint)).toEqual([
      "annotation names are case-sensitive: write networking.istio.io/exportTo",
      "istio.io/dataplane-mode is a label in Istio, not an annotation: move it to metadata.labels",
    ]);
  });
});

describe("Istio's namespace of annotations", () => {
  test.each([
    ["sidecar.istio.io/inject", true],
    ["istio.io/rev", true],
    ["kubernetes.io/ingress.class", true],
    ["myistio.io/x", true],
    ["istio.io", true],
    ["kubernetes.io/psp", false],
    ["example.com/istio.io", false],
  ])("%s: %s", (name, expected) => {
    expect(isIstioAnnotation(name)).toBe(expected);
  });
});

describe("value checks, worded as Istio's", () => {
  const check = (name: string, value: string) => ANNOTATION_VALIDATORS.get(name)?.(value);
  test.each([
    ["readiness.status.sidecar.istio.io/periodSeconds", "10", undefined],
    ["readiness.status.sidecar.istio.io/periodSeconds", "-1", 'strconv.ParseUint: parsing "-1": invalid syntax'],
    ["readiness.status.sidecar.istio.io/failureThreshold", "4294967296", 'strconv.ParseUint: parsing "4294967296": value out of range'],
    ["prometheus.istio.io/merge-metrics", "True", undefined],
    ["prometheus.istio.io/merge-metrics", "yes", 'strconv.ParseBool: parsing "yes": invalid syntax'],
    ["sidecar.istio.io/interceptionMode", "TPROXY", undefined],
    ["sidecar.istio.io/interceptionMode", "tproxy", "interceptionMode invalid, use REDIRECT,TPROXY,NONE: tproxy"],
    ["status.sidecar.istio.io/port", "15020", undefined],
    ["status.sidecar.istio.io/port", "70000", "excludeInboundPorts invalid: failed parsing port '70000': strconv.ParseUint: parsing \"70000\": value out of range"],
    ["traffic.sidecar.istio.io/includeInboundPorts", "*", undefined],
    ["traffic.sidecar.istio.io/includeInboundPorts", "", undefined],
    ["traffic.sidecar.istio.io/excludeInboundPorts", "80, 443", undefined],
    ["traffic.sidecar.istio.io/excludeOutboundPorts", "80,http", "excludeOutboundPorts invalid: failed parsing port 'http': failed parsing port 'http': strconv.ParseUint: parsing \"http\": invalid syntax"],
    ["traffic.sidecar.istio.io/includeOutboundIPRanges", "*", undefined],
    ["traffic.sidecar.istio.io/includeOutboundIPRanges", "10.0.0.0/8,fd00::/8", undefined],
    ["traffic.sidecar.istio.io/excludeOutboundIPRanges", "*", "excludeIPRanges invalid: failed parsing cidr '*': netip.ParsePrefix(\"*\"): no '/'"],
    ["traffic.sidecar.istio.io/includeOutboundIPRanges", "10.0.0.0/8, 10.1.0.0/16", "includeIPRanges invalid: failed parsing cidr ' 10.1.0.0/16': netip.ParsePrefix(\" 10.1.0.0/16\"): ParseAddr(\" 10.1.0.0\"): unable to parse IP"],
    ["traffic.sidecar.istio.io/excludeOutboundIPRanges", "10.0.0.0/33", "excludeIPRanges invalid: failed parsing cidr '10.0.0.0/33': netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range"],
    ["traffic.sidecar.istio.io/excludeInterfaces", "eth0,net1", undefined],
    ["traffic.sidecar.istio.io/excludeInterfaces", "eth0,", "empty interface name"],
    ["traffic.sidecar.istio.io/kubevirtInterfaces", "0eth", 'interface name "0eth" contains invalid characters'],
    ["istio.io/reroute-virtual-interfaces", "averyveryverylongname", 'interface name "averyveryverylongname" too long (max 15 chars)'],
    ["sidecar.istio.io/proxyMemoryLimit", "1Gi", undefined],
    ["sidecar.istio.io/proxyCPULimit", "1e3", undefined],
    ["sidecar.istio.io/proxyCPU", "100 m", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ["sidecar.istio.io/proxyMemory", "1Gb", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ["sidecar.istio.io/proxyMemory", "1KiB", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ["sidecar.istio.io/proxyMemory", "1iM", "unable to parse quantity's suffix"],
    ["proxy.istio.io/config", "concurrency: 2", undefined],
    ["proxy.istio.io/config", "[1, 2]", "failed to convert to apply proxy config: not a mapping: [1, 2]"],
  ])("%s: %j", (name, value, problem) => {
    expect(check(name, value)).toBe(problem);
  });
});
