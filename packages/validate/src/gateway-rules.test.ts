/**
 * Every rule message of the Gateway API CRDs (standard and experimental channels): at each kind,
 * version and path it appears, a resource that breaks the rule is rejected with the rule's
 * message at the rule's field, and one that satisfies it is accepted. The cases are in
 * `gateway-rules.cases.ts`; a message the table lacks fails the coverage test.
 */
import { kinds as standardKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import type { CelRule, KindEntry } from "@meshform/kind-runtime";
import { describe, expect, it } from "vitest";
import { compileRule } from "./cel/compile.js";
import { toCelValue } from "./cel/convert.js";
import { RULE_CASES, TRANSITION_MESSAGES } from "./gateway-rules.cases.js";
import { createValidator } from "./validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

const validators = { standard: createValidator(), experimental: createValidator({ gatewayApiChannel: "experimental" }) };

const SKELETONS: Readonly<Record<string, object>> = {
  HTTPRoute: { parentRefs: [{ name: "gw" }], rules: [{}] },
  GRPCRoute: { parentRefs: [{ name: "gw" }], rules: [{}] },
  TCPRoute: { parentRefs: [{ name: "gw" }], rules: [{ backendRefs: [{ name: "backend", port: 8080 }] }] },
  UDPRoute: { parentRefs: [{ name: "gw" }], rules: [{ backendRefs: [{ name: "backend", port: 8080 }] }] },
  TLSRoute: { parentRefs: [{ name: "gw" }], hostnames: ["a.example.com"], rules: [{ backendRefs: [{ name: "backend", port: 8080 }] }] },
  Gateway: { gatewayClassName: "istio", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
  ListenerSet: { parentRef: { name: "gw" }, listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
  BackendTLSPolicy: { targetRefs: [{ group: "", kind: "Service", name: "svc" }], validation: { hostname: "svc.example.com", wellKnownCACertificates: "System" } },
  GatewayClass: { controllerName: "example.com/controller" },
  XMesh: { controllerName: "example.com/controller" },
  XBackend: {
    type: "ExternalHostname",
    externalHostname: { hostname: "api.example.com" },
    port: { port: 443 },
    tls: { mode: "ServerOnly", validation: { hostname: "api.example.com", wellKnownCACertificates: "System" } },
  },
  XBackendTrafficPolicy: { targetRefs: [{ group: "", kind: "Service", name: "svc" }] },
};

/** New list items created on the way to a rule's path, by the list's name. */
const ITEMS: Readonly<Record<string, object>> = { backendRefs: { name: "backend", port: 8080 }, parentRefs: { name: "gw" }, listeners: { name: "http", port: 80, protocol: "HTTP" } };

/** Rules whose value only exists inside a parent that must be of a certain type: the parent, built around the value. */
const PLACEMENTS: readonly [RegExp, number, (self: unknown, field: string) => unknown][] = [
  [/filters\.\*\.(requestRedirect|urlRewrite)\.path$/, 2, (self, f) => ({ type: f === "urlRewrite" ? "URLRewrite" : "RequestRedirect", [f]: { path: self } })],
  [/filters\.\*\.requestMirror\.(fraction|backendRef)$/, 2, (self, f) => ({ type: "RequestMirror", requestMirror: { backendRef: { name: "mirror", port: 8080 }, [f]: self } })],
  [/filters\.\*\.requestMirror$/, 1, (self) => ({ type: "RequestMirror", requestMirror: self })],
  [/filters\.\*\.cors\.(allow\w+)$/, 2, (self, f) => ({ type: "CORS", cors: { [f]: self } })],
  [/filters\.\*\.externalAuth$/, 1, (self) => ({ type: "ExternalAuth", externalAuth: self })],
  [/filters\.\*\.externalAuth\.backendRef$/, 2, (self) => ({ type: "ExternalAuth", externalAuth: { protocol: "HTTP", http: {}, backendRef: self } })],
  [/tls\.frontend\.perPort$/, 1, (self) => ({ default: { validation: { caCertificateRefs: [{ group: "", kind: "ConfigMap", name: "ca" }] } }, perPort: self })],
  [/listeners\.\*\.tls$/, 1, (self) => ({ name: "https", port: 443, protocol: "HTTPS", tls: self })],
  [/validation\.subjectAltNames\.\*$/, 2, (self) => ({ hostname: "svc.example.com", wellKnownCACertificates: "System", subjectAltNames: [self] })],
];

interface Occurrence {
  readonly channel: "standard" | "experimental";
  readonly entry: KindEntry;
  readonly rule: CelRule;
}

function occurrences(): Occurrence[] {
  const seen = new Set<string>();
  const out: Occurrence[] = [];
  for (const [channel, kinds] of [["standard", standardKinds], ["experimental", experimentalKinds]] as const) {
    for (const entry of kinds) {
      for (const rule of entry.info.rules) {
        const key = `${channel} ${entry.info.apiVersion} ${entry.info.kind} ${rule.path.join(".")} ${rule.message}`;
        if (!seen.has(key)) out.push({ channel, entry, rule });
        seen.add(key);
      }
    }
  }
  return out;
}

/** A valid resource of the occurrence's kind with `self` at the rule's path (or inside the parent it needs). */
function resourceWith({ entry, rule }: Occurrence, self: unknown): Record<string, unknown> {
  const { apiVersion, kind, scope } = entry.info;
  const doc = { apiVersion, kind, metadata: scope === "Cluster" ? { name: "example" } : { name: "example", namespace: "default" }, spec: structuredClone(SKELETONS[kind]) };
  let target = rule.path;
  let value = self;
  for (const [pattern, up, wrap] of PLACEMENTS) {
    const match = pattern.exec(rule.path.join("."));
    if (match === null) continue;
    [target, value] = [rule.path.slice(0, -up), wrap(self, match[1] ?? "")];
    break;
  }
  setAt(doc, target, value);
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}

function setAt(root: object, path: readonly string[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  path.forEach((segment, i) => {
    const key = segment === "*" ? 0 : segment;
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    if (node[key] === undefined) node[key] = path[i + 1] === "*" ? [] : {};
    const next = node[key] as Record<string | number, unknown>;
    if (path[i + 1] === "*" && Array.isArray(next) && next.length === 0 && i + 2 < path.length) next.push(structuredClone(ITEMS[segment] ?? {}));
    node = next;
  });
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : typeof value;
}

const all = occurrences();

describe("the Gateway API rule table", () => {
  it("has a case for every distinct rule message of both channels, and no other", () => {
    const messages = new Set(all.map((o) => o.rule.message ?? o.rule.rule));
    const covered = new Set([...Object.keys(RULE_CASES), ...TRANSITION_MESSAGES]);
    expect([...messages].filter((m) => !covered.has(m))).toEqual([]);
    expect([...covered].filter((m) => !messages.has(m))).toEqual([]);
  });

  it("skips the transition rule on create, whatever the value", () => {
    const transition = all.filter((o) => TRANSITION_MESSAGES.includes(o.rule.message ?? ""));
    expect(transition.length).toBeGreaterThan(0);
    for (const o of transition) expect(validators[o.channel].validate(resourceWith(o, "example.com/other"))).toEqual([]);
  });
});

describe.each(all.filter((o) => !TRANSITION_MESSAGES.includes(o.rule.message ?? "")).map((o) => [`${o.channel} ${o.entry.info.apiVersion} ${o.entry.info.kind} ${o.rule.path.join(".")}: ${o.rule.message}`, o] as const))(
  "%s",
  (_, occurrence) => {
    const { kind } = occurrence.entry.info;
    const message = occurrence.rule.message!;
    const row = RULE_CASES[message]!;
    const values = row.byKind?.[kind] ?? row;
    const validator = validators[occurrence.channel];
    const path = occurrence.rule.path.map((s) => (s === "*" ? 0 : s));

    it("rejects a resource that breaks the rule, at the rule's field", () => {
      const issues = validator.validate(resourceWith(occurrence, values.fail));
      if (row.schemaFirst) {
        expect(issues.map((i) => i.code)).toContain("SCHEMA_INVALID");
        const rule = compileRule(occurrence.rule.rule);
        expect(rule.kind === "program" && rule.run(toCelValue(values.fail))).toBe(false);
      } else {
        expect(issues).toContainEqual(expect.objectContaining({ code: "CEL_RULE", path, message: `Invalid value: "${typeOf(values.fail)}": ${message}` }));
      }
    });

    it("accepts a resource that satisfies it", () => {
      expect(validator.validate(resourceWith(occurrence, values.pass)).filter((i) => i.severity === "error")).toEqual([]);
    });
  },
);
