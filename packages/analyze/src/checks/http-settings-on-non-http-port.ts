import { describePorts, qualifyHost } from "../hosts.js";
import { trafficPoliciesOf } from "../policy.js";
import { declaresNoPorts, GROUP, type IndexedResource, type MeshIndex, type PortInfo } from "../resource-index.js";
import { hasKeys, isObject, itemsOf, text } from "../read.js";
import type { Check, FieldPath, Finding } from "../types.js";

/** HTTP_SETTINGS_ON_NON_HTTP_PORT: HTTP-only DestinationRule settings for ports Istio proxies as TLS or TCP. */
export const httpSettingsOnNonHttpPort: Check = {
  code: "HTTP_SETTINGS_ON_NON_HTTP_PORT",
  severity: "warning",
  title: "HTTP settings on traffic handled as TLS or TCP",
  check: (index) => {
    // Without a port declared anywhere, no rule has a port to judge its settings by.
    if (declaresNoPorts(index)) return [];
    const findings: Finding[] = [];
    for (const rule of index.ofKind(GROUP.networking, "DestinationRule")) for (const finding of checkRule(index, rule)) findings.push(finding);
    return findings;
  },
};

// --- internal ---

/** The HTTP-only fields of a traffic policy, by path inside it. */
const HTTP_ONLY: readonly FieldPath[] = [
  ["connectionPool", "http"],
  ["loadBalancer", "consistentHash", "httpHeaderName"],
  ["loadBalancer", "consistentHash", "httpCookie"],
  ["loadBalancer", "consistentHash", "httpQueryParameterName"],
];

function checkRule(index: MeshIndex, rule: IndexedResource): Finding[] {
  const host = qualifyHost(text(rule.spec.host) ?? "", rule.namespace);
  const ports = index.portsOfHost(host);
  if (ports.length === 0) return [];
  return trafficPoliciesOf(rule).flatMap(([path, policy]) => {
    const own = findingsFor(rule, host, path, policy, ports);
    const perPort = itemsOf(policy.portLevelSettings).flatMap(([i, settings]) => {
      const scoped = ports.filter((p) => p.number === settings.port?.number);
      return scoped.length === 0 ? [] : findingsFor(rule, host, [...path, "portLevelSettings", i], settings, scoped);
    });
    return [...own, ...perPort];
  });
}

function findingsFor(rule: IndexedResource, host: string, path: FieldPath, policy: object, ports: readonly PortInfo[]): Finding[] {
  if (ports.some((p) => p.protocol === "http" || p.protocol === "unknown")) return [];
  return HTTP_ONLY.filter((field) => present(policy, field)).map((field) => ({
    resource: rule,
    path: [...path, ...field],
    message: `${field.join(".")} has no effect: host ${host} is served on ${describePorts(ports)}, which Istio proxies as an opaque stream without seeing HTTP requests`,
    hint:
      field[0] === "connectionPool"
        ? "limit connections with connectionPool.tcp instead, or declare the port HTTP and originate TLS with tls.mode SIMPLE so the proxy sees requests"
        : "hash with useSourceIp instead, or declare the port HTTP",
  }));
}

function present(policy: object, field: FieldPath): boolean {
  let node: unknown = policy;
  for (const segment of field) node = isObject(node) ? node[segment as string] : undefined;
  return isObject(node) ? hasKeys(node) : node !== undefined;
}
