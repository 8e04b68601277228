import type { TrafficPolicy } from "@meshform/istio/networking.istio.io/v1";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { circuitBreakerPolicy, mergePolicy, renderTrafficPolicy, sortKeys, type Origination } from "./traffic-policy.js";

const ejection = { interval: "1s", baseEjectionTime: "3m" } as const;

describe("circuitBreakerPolicy", () => {
  test.each([
    [
      "the HTTP form sets the HTTP pool and counts 5xx responses",
      { maxPendingRequests: 1, consecutive5xxErrors: 1, ...ejection },
      { connectionPool: { http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1, ...ejection } },
    ],
    [
      "the connection form sets the TCP pool and counts gateway errors",
      { maxConnections: 10, connectTimeout: "1s", consecutiveGatewayErrors: 2, ...ejection, maxEjectionPercent: 100 },
      { connectionPool: { tcp: { maxConnections: 10, connectTimeout: "1s" } }, outlierDetection: { consecutiveGatewayErrors: 2, ...ejection, maxEjectionPercent: 100 } },
    ],
  ] as const)("%s", (_name, given, want) => {
    expect(circuitBreakerPolicy(given)).toEqual(want);
  });
});

describe("mergePolicy", () => {
  const rows: [string, TrafficPolicy, TrafficPolicy, TrafficPolicy][] = [
    [
      "merges objects field by field, the later value winning",
      { connectionPool: { tcp: { connectTimeout: "1s", maxConnections: 1 } } },
      { connectionPool: { tcp: { maxConnections: 2 }, http: { maxRetries: 3 } } },
      { connectionPool: { tcp: { connectTimeout: "1s", maxConnections: 2 }, http: { maxRetries: 3 } } },
    ],
    [
      "replaces the load-balancing choice and keeps the rest",
      { loadBalancer: { simple: "RANDOM", warmup: { duration: "10s" } } },
      { loadBalancer: { consistentHash: { useSourceIp: true } } },
      { loadBalancer: { warmup: { duration: "10s" }, consistentHash: { useSourceIp: true } } },
    ],
    [
      "merges port-level settings by port number",
      { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "SIMPLE" } }] },
      { portLevelSettings: [{ port: { number: 80 }, connectionPool: { tcp: { maxConnections: 1 } } }, { port: { number: 8080 }, tls: { mode: "DISABLE" } }] },
      { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "SIMPLE" }, connectionPool: { tcp: { maxConnections: 1 } } }, { port: { number: 8080 }, tls: { mode: "DISABLE" } }] },
    ],
    ["replaces lists", { tls: { subjectAltNames: ["a"] } }, { tls: { subjectAltNames: ["b"] } }, { tls: { subjectAltNames: ["b"] } }],
  ];
  test.each(rows)("%s", (_name, base, next, want) => {
    expect(mergePolicy(base, next)).toEqual(want);
  });
});

describe("renderTrafficPolicy", () => {
  const breaker: TrafficPolicy = { connectionPool: { http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1 } };
  const tls = { mode: "SIMPLE", sni: "api.example.com" } as const;
  const rows: [string, TrafficPolicy, Origination | undefined, TrafficPolicy | undefined][] = [
    ["writes nothing for an empty policy", {}, undefined, undefined],
    ["originates TLS at the destination level", breaker, { tls, ports: undefined }, { ...breaker, tls }],
    [
      "originates TLS on a port with the destination's settings copied in, since Istio does not inherit them",
      { ...breaker, loadBalancer: { simple: "RANDOM" } },
      { tls, ports: [80] },
      { ...breaker, loadBalancer: { simple: "RANDOM" }, portLevelSettings: [{ port: { number: 80 }, ...breaker, loadBalancer: { simple: "RANDOM" }, tls }] },
    ],
    [
      "adds TLS to a port-level entry the config wrote, as it is",
      { ...breaker, portLevelSettings: [{ port: { number: 80 }, connectionPool: { tcp: { maxConnections: 5 } } }] },
      { tls, ports: [80] },
      { ...breaker, portLevelSettings: [{ port: { number: 80 }, connectionPool: { tcp: { maxConnections: 5 } }, tls }] },
    ],
  ];
  test.each(rows)("%s", (_name, policy, origination, want) => {
    expect(renderTrafficPolicy(policy, origination)).toEqual(want);
  });

  test("sorts keys at every depth", () => {
    expect(JSON.stringify(sortKeys({ tls: { sni: "a", mode: "SIMPLE" }, connectionPool: { tcp: {}, http: {} } }))).toBe(
      '{"connectionPool":{"http":{},"tcp":{}},"tls":{"mode":"SIMPLE","sni":"a"}}',
    );
  });

  test("property: any JSON value comes back with every object's keys sorted, as a copy that shares no object with it", () => {
    // The reference: keys sorted by UTF-16 code units at every depth, written by JSON.stringify.
    const sortedText = (value: unknown): string =>
      JSON.stringify(value, (_key, field: unknown) =>
        typeof field === "object" && field !== null && !Array.isArray(field) ? Object.fromEntries(Object.keys(field).sort().map((key) => [key, (field as Record<string, unknown>)[key]])) : field,
      );
    const objectsOf = (value: unknown, found: Set<object> = new Set()): Set<object> => {
      if (typeof value === "object" && value !== null) {
        found.add(value);
        for (const child of Object.values(value)) objectsOf(child, found);
      }
      return found;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const sorted = sortKeys(value);
        expect(JSON.stringify(sorted)).toBe(sortedText(value));
        const originals = objectsOf(value);
        for (const copy of objectsOf(sorted)) expect(originals.has(copy)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test("sorts keys inside lists, keeps keys set to undefined, and keeps an own __proto__ key as data", () => {
    const sorted = sortKeys(JSON.parse('{"b":[{"z":1,"a":2}],"__proto__":{"y":1,"x":2},"a":null}') as Record<string, unknown>);
    expect(JSON.stringify(sorted)).toBe('{"__proto__":{"x":2,"y":1},"a":null,"b":[{"a":2,"z":1}]}');
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
    expect(Object.keys(sortKeys({ b: undefined, a: 1 }))).toEqual(["a", "b"]);
  });
});
