/**
 * Kubernetes' own validation of its kinds, beyond the schema: one test per rule, each with the
 * API server's message, run through the validator as `meshform validate` runs it.
 */
import { describe, expect, it } from "vitest";
import { createValidator } from "../validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "../admission-rules.js";

const validator = createValidator();
const LABEL_RULE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** The Kubernetes validation errors of a resource, as `path: message`. */
function errors(resource: Record<string, unknown>): string[] {
  return validator.validate(resource).filter((issue) => issue.severity === "error").map((issue) => `${(issue.path ?? []).join(".")}: ${issue.message}`);
}

const service = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ...spec } });
const pod = (containers: unknown[]) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop" }, spec: { containers } });
const deployment = (selector: unknown, labels: Record<string, string> | undefined, kind = "Deployment") => ({
  apiVersion: "apps/v1", kind, metadata: { name: "web", namespace: "shop" },
  spec: { selector, ...(kind === "StatefulSet" ? { serviceName: "web" } : {}), template: { metadata: labels === undefined ? {} : { labels }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
});

describe("a Pod is a kind meshform validate knows", () => {
  it("accepts a valid Pod", () => {
    expect(errors(pod([{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: 80 }] }]))).toEqual([]);
  });
});

describe("Service ports", () => {
  it("a targetPort name is an IANA service name of at most 15 characters", () => {
    expect(errors(service({ ports: [{ port: 80, targetPort: "a-very-long-name" }] }))).toEqual([
      'spec.ports.0.targetPort: Invalid value: "a-very-long-name": must be no more than 15 characters',
    ]);
  });

  it("a targetPort name has only a-z, 0-9 and '-', and at least one letter", () => {
    expect(errors(service({ ports: [{ port: 80, targetPort: "Http_1" }] }))).toEqual([
      'spec.ports.0.targetPort: Invalid value: "Http_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it("port names are DNS-1123 labels and unique: two ports named HTTP_Bad", () => {
    expect(errors(service({ ports: [{ name: "HTTP_Bad", port: 80 }, { name: "HTTP_Bad", port: 81 }] }))).toEqual([
      `spec.ports.0.name: Invalid value: "HTTP_Bad": ${LABEL_RULE}`,
      `spec.ports.1.name: Invalid value: "HTTP_Bad": ${LABEL_RULE}`,
      'spec.ports.1.name: Duplicate value: "HTTP_Bad"',
    ]);
  });

  it("port names are unique", () => {
    expect(errors(service({ ports: [{ name: "http", port: 80 }, { name: "http", port: 8080 }] }))).toEqual(['spec.ports.1.name: Duplicate value: "http"']);
  });

  it("a port name is required when there is more than one port", () => {
    expect(errors(service({ ports: [{ name: "http", port: 80 }, { port: 443 }] }))).toEqual(["spec.ports.1.name: Required value"]);
  });

  it("port numbers are 1 to 65535", () => {
    expect(errors(service({ ports: [{ port: 70000, targetPort: 0 }] }))).toEqual(["spec.ports.0.port: Invalid value: 70000: must be between 1 and 65535, inclusive"]);
  });

  it("ports are required unless the Service is headless or an ExternalName", () => {
    expect(errors(service({}))).toEqual(["spec.ports: Required value"]);
    expect(errors(service({ clusterIP: "None" }))).toEqual([]);
    expect(errors(service({ type: "ExternalName", externalName: "api.example.com" }))).toEqual([]);
  });

  it("appProtocol is a qualified name", () => {
    expect(errors(service({ ports: [{ port: 80, appProtocol: "kubernetes.io/h2c" }, { name: "b", port: 81, appProtocol: "my proto" }].map((p, i) => ({ name: `p${i}`, ...p })) }))).toEqual([
      `spec.ports.1.appProtocol: Invalid value: "my proto": ${NAME_PART}`,
    ]);
  });

  it("the selector is a set of labels", () => {
    expect(errors(service({ selector: { "app name": "web" }, ports: [{ port: 80 }] }))).toEqual([`spec.selector: Invalid value: "app name": ${NAME_PART}`]);
  });
});

describe("container ports and names", () => {
  it("a container port name is an IANA service name", () => {
    expect(errors(pod([{ name: "web", image: "nginx", ports: [{ name: "metrics-endpoint", containerPort: 9090 }] }]))).toEqual([
      'spec.containers.0.ports.0.name: Invalid value: "metrics-endpoint": must be no more than 15 characters',
    ]);
  });

  it("container port names are unique in a container", () => {
    expect(errors(pod([{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: 80 }, { name: "http", containerPort: 8080 }] }]))).toEqual([
      'spec.containers.0.ports.1.name: Duplicate value: "http"',
    ]);
  });

  it("the same port name in two containers is allowed", () => {
    expect(errors(pod([{ name: "a", image: "x", ports: [{ name: "http", containerPort: 80 }] }, { name: "b", image: "x", ports: [{ name: "http", containerPort: 81 }] }]))).toEqual([]);
  });

  it("a container port number is 1 to 65535", () => {
    expect(errors(pod([{ name: "web", image: "nginx", ports: [{ containerPort: 0 }, { containerPort: 65536 }] }]))).toEqual([
      "spec.containers.0.ports.0.containerPort: Required value",
      "spec.containers.0.ports.1.containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive",
    ]);
  });

  it("a probe's port is a number from 1 to 65535 or an IANA service name", () => {
    expect(errors(pod([{ name: "web", image: "nginx", readinessProbe: { httpGet: { path: "/", port: "health_check" } }, livenessProbe: { tcpSocket: { port: 0 } } }]))).toEqual([
      'spec.containers.0.livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.containers.0.readinessProbe.httpGet.port: Invalid value: "health_check": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it("container names are DNS-1123 labels, unique across containers and init containers", () => {
    const resource = pod([{ name: "web", image: "x" }, { name: "Side_Car", image: "x" }]);
    (resource.spec as Record<string, unknown>).initContainers = [{ name: "web", image: "x" }];
    expect(errors(resource)).toEqual([`spec.containers.1.name: Invalid value: "Side_Car": ${LABEL_RULE}`, 'spec.initContainers.0.name: Duplicate value: "web"']);
  });
});

describe("labels and annotations", () => {
  const configMap = (metadata: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "shop", ...metadata } });

  it("a label key is a qualified name", () => {
    expect(errors(configMap({ labels: { "team name": "a" } }))).toEqual([`metadata.labels: Invalid value: "team name": ${NAME_PART}`]);
  });

  it("a label key's prefix is a DNS-1123 subdomain", () => {
    expect(errors(configMap({ labels: { "Example.com/team": "a" } }))).toEqual([
      "metadata.labels: Invalid value: \"Example.com/team\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it("a label value is at most 63 characters", () => {
    const value = "a".repeat(64);
    expect(errors(configMap({ labels: { team: value } }))).toEqual([`metadata.labels: Invalid value: "${value}": must be no more than 63 characters`]);
  });

  it("a label value has only alphanumerics, '-', '_' and '.'", () => {
    expect(errors(configMap({ labels: { team: "gold plated" } }))).toEqual([`metadata.labels: Invalid value: "gold plated": ${LABEL_VALUE}`]);
  });

  it("an annotation key is a qualified name in any case", () => {
    expect(errors(configMap({ annotations: { "Example.COM/Owner": "a", "bad key": "b" } }))).toEqual([`metadata.annotations: Invalid value: "bad key": ${NAME_PART}`]);
  });

  it("annotations hold at most 256 KiB together", () => {
    expect(errors(configMap({ annotations: { big: "x".repeat(256 * 1024) } }))).toEqual(["metadata.annotations: Too long: must have at most 262144 bytes"]);
    expect(errors(configMap({ annotations: { big: "x".repeat(256 * 1024 - 3) } }))).toEqual([]);
  });

  it("custom resources' labels are checked too", () => {
    const route = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "r", namespace: "shop", labels: { team: "-a" } }, spec: {} };
    expect(errors(route)).toEqual([`metadata.labels: Invalid value: "-a": ${LABEL_VALUE}`]);
  });

  it("a pod template's labels are checked", () => {
    expect(errors(deployment({ matchLabels: { app: "web" } }, { app: "web", "x/y/z": "a" }))).toEqual([
      "spec.template.metadata.labels: Invalid value: \"x/y/z\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe("ConfigMap and Secret", () => {
  const configMap = (fields: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "shop" }, ...fields });

  it("a ConfigMap holds at most 1 MiB (data and binaryData together)", () => {
    expect(errors(configMap({ data: { a: "x".repeat(1024 * 1024 - 2) }, binaryData: { b: "AAAA" } }))).toEqual([": Too long: must have at most 1048576 bytes"]);
    expect(errors(configMap({ data: { a: "x".repeat(1024 * 1024 - 3) }, binaryData: { b: "AAAA" } }))).toEqual([]);
  });

  it("a 100 MB ConfigMap is refused", () => {
    expect(errors(configMap({ data: { big: "x".repeat(100 * 1000 * 1000) } }))).toEqual([": Too long: must have at most 1048576 bytes"]);
  });

  it("a Secret holds at most 1 MiB, its data decoded and stringData included", () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "shop" }, data: { a: "QUFB".repeat(200 * 1024) }, stringData: { b: "x".repeat(500 * 1024) } };
    expect(errors(secret)).toEqual(["data: Too long: must have at most 1048576 bytes"]);
  });

  it("a TLS Secret holds tls.crt and tls.key, given in data or stringData", () => {
    const secret = (fields: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "cert", namespace: "shop" }, type: "kubernetes.io/tls", ...fields });
    expect(errors(secret({ data: { "tls.crt": "QUFB" } }))).toEqual(["data.tls.key: Required value"]);
    expect(errors(secret({ data: { "tls.crt": "QUFB" }, stringData: { "tls.key": "key" } }))).toEqual([]);
  });

  it("a basic-auth Secret holds a username or a password, a service account token Secret names its account", () => {
    expect(errors({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "shop" }, type: "kubernetes.io/basic-auth", data: {} })).toEqual([
      "data.username: Required value",
      "data.password: Required value",
    ]);
    expect(errors({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "shop" }, type: "kubernetes.io/service-account-token" })).toEqual([
      "metadata.annotations.kubernetes.io/service-account.name: Required value",
    ]);
  });

  it("a data key is a config key", () => {
    expect(errors(configMap({ data: { "conf/app.yaml": "a", "..data": "b" } }))).toEqual([
      "data.conf/app.yaml: Invalid value: \"conf/app.yaml\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      "data...data: Invalid value: \"..data\": must not start with '..'",
    ]);
  });

  it("a ConfigMap key is in data or binaryData, not both", () => {
    expect(errors(configMap({ data: { a: "x" }, binaryData: { a: "eA==" } }))).toEqual([
      'data.a: Invalid value: "a": duplicate of key present in binaryData',
      'binaryData.a: Invalid value: "a": duplicate of key present in data',
    ]);
  });
});

describe("a workload's selector and its template's labels", () => {
  it.each(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"])("a %s whose selector does not match the template's labels", (kind) => {
    expect(errors(deployment({ matchLabels: { app: "web" } }, { app: "api" }, kind))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ]);
  });

  it("match expressions are applied", () => {
    const selector = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["fe", "be"] }, { key: "canary", operator: "DoesNotExist" }] };
    expect(errors(deployment(selector, { app: "web", tier: "fe" }))).toEqual([]);
    expect(errors(deployment(selector, { app: "web", tier: "fe", canary: "yes" }))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "canary":"yes", "tier":"fe"}: `selector` does not match template `labels`',
    ]);
  });

  it("an empty selector is refused, worded per kind", () => {
    expect(errors(deployment({}, { app: "web" }, "StatefulSet"))).toEqual([
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
    ]);
  });

  it("a selector requirement: values for In and NotIn, none for Exists, a known operator", () => {
    const selector = { matchLabels: { app: "web" }, matchExpressions: [{ key: "a", operator: "In", values: [] }, { key: "b", operator: "Exists", values: ["x"] }] };
    expect(errors(deployment(selector, { app: "web", b: "x" }))).toEqual([
      "spec.selector.matchExpressions.0.values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions.1.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "b":"x"}: `selector` does not match template `labels`',
    ]);
  });

  it("a ReplicationController's selector selects its template's labels", () => {
    const rc = { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "rc", namespace: "shop" }, spec: { selector: { app: "web" }, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "web", image: "x" }] } } } };
    expect(errors(rc)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`']);
  });

  it("a pod template's containers are checked", () => {
    const resource = deployment({ matchLabels: { app: "web" } }, { app: "web" });
    ((resource.spec.template.spec as Record<string, unknown>).containers as unknown[]).push({ name: "Side_Car", image: "y", ports: [{ name: "HTTP", containerPort: 80 }] });
    expect(errors(resource)).toEqual([
      `spec.template.spec.containers.1.name: Invalid value: "Side_Car": ${LABEL_RULE}`,
      'spec.template.spec.containers.1.ports.0.name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.template.spec.containers.1.ports.0.name: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
  });
});
