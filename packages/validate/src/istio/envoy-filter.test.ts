/**
 * EnvoyFilter and ProxyConfig admission rules, one failing and one passing example per rule.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const always = warning(["spec"], "EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.");
const hcm = "envoy.filters.network.http_connection_manager";
const patch = (extra: Record<string, unknown>): Record<string, unknown> => ({ configPatches: [{ applyTo: "HTTP_FILTER", patch: { operation: "INSERT_BEFORE", value: { name: "x" } }, ...extra }] });
const at = (...path: (string | number)[]): (string | number)[] => ["spec", "configPatches", 0, ...path];

const filters: Case[] = [
  ["a filter inserted before the router", patch({ match: { context: "SIDECAR_INBOUND", listener: { filterChain: { filter: { name: hcm, subFilter: { name: "envoy.filters.http.router" } } } } } }), [always]],
  ["a patch without applyTo", { configPatches: [{ patch: { operation: "MERGE", value: {} } }] }, [always, error(at("applyTo"), "Envoy filter: missing applyTo")]],
  ["a patch without patch", { configPatches: [{ applyTo: "CLUSTER" }] }, [always, error(at("patch"), "Envoy filter: missing patch")]],
  ["a patch without operation", { configPatches: [{ applyTo: "CLUSTER", patch: { value: {} } }] }, [always, error(at("patch", "operation"), "Envoy filter: missing patch operation")]],
  ["a merge without value", { configPatches: [{ applyTo: "CLUSTER", patch: { operation: "MERGE" } }] }, [always, error(at("patch", "value"), "Envoy filter: missing patch value for non-remove operation")]],
  ["a remove without value", { configPatches: [{ applyTo: "CLUSTER", patch: { operation: "REMOVE" } }] }, [always]],
  ["a bad proxy version regex", patch({ match: { proxy: { proxyVersion: "1.2[" } } }), [
    always, error(at("match", "proxy", "proxyVersion"), "Envoy filter: invalid regex for proxy version, [error parsing regexp: missing closing ]: `[`]"),
  ]],
  ["a listener patch with a cluster match", patch({ match: { cluster: { service: "a" } } }), [always, error(at("match"), "Envoy filter: applyTo for listener class objects cannot have non listener match")]],
  ["a route patch with a listener match", { configPatches: [{ applyTo: "HTTP_ROUTE", match: { listener: {} }, patch: { operation: "MERGE", value: {} } }] }, [
    always, error(at("match"), "Envoy filter: applyTo for http route class objects cannot have non route configuration match"),
  ]],
  ["a cluster patch with a listener match", { configPatches: [{ applyTo: "CLUSTER", match: { listener: {} }, patch: { operation: "MERGE", value: {} } }] }, [
    always, error(at("match"), "Envoy filter: applyTo for cluster class objects cannot have non cluster match"),
  ]],
  ["a filter match without name", patch({ match: { listener: { filterChain: { filter: {} } } } }), [always, error(at("match", "listener", "filterChain", "filter", "name"), "Envoy filter: filter match has no name to match on")]],
  ["a subfilter match on a network filter", { configPatches: [{ applyTo: "NETWORK_FILTER", match: { listener: { filterChain: { filter: { name: hcm, subFilter: { name: "a" } } } } }, patch: { operation: "MERGE", value: {} } }] }, [
    always, error(at("match", "listener", "filterChain", "filter", "subFilter"), "Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only"),
  ]],
  ["a subfilter match under another filter", patch({ match: { listener: { filterChain: { filter: { name: "envoy.filters.network.tcp_proxy", subFilter: { name: "a" } } } } } }), [
    always, error(at("match", "listener", "filterChain", "filter", "name"), `Envoy filter: subfilter match requires filter match with ${hcm}`),
  ]],
  ["a filter match on a listener patch", { configPatches: [{ applyTo: "LISTENER", match: { listener: { filterChain: { filter: { name: hcm } } } }, patch: { operation: "MERGE", value: {} } }] }, [
    always, warning(at("match", "listener", "filterChain", "filter"), "Envoy filter: filter match has no effect when used with LISTENER"),
  ]],
  ["a waypoint patch (skipped by the webhook)", { configPatches: [{ applyTo: "HTTP_FILTER", match: { context: "WAYPOINT", waypoint: { filter: { name: hcm, subFilter: { name: "envoy.filters.http.router" } } } }, patch: { operation: "REMOVE" } }] }, [always]],
  ["a waypoint cluster patch without a value (skipped by the webhook)", { configPatches: [{ applyTo: "CLUSTER", match: { context: "WAYPOINT", waypoint: {} }, patch: { operation: "MERGE" } }] }, [always]],
  ["a waypoint match outside the waypoint context (the CRD's rule refuses it)", patch({ match: { context: "SIDECAR_INBOUND", waypoint: { filter: { name: hcm } } } }), [always]],
  ["a selector with an empty key", { workloadSelector: { labels: { "": "a" } } }, [error(["spec", "workloadSelector", "labels", ""], 'empty key is not supported in selector: "=a"')]],
];

const proxyConfigs: Case[] = [
  ["a negative concurrency", { concurrency: -1 }, [error(["spec", "concurrency"], "concurrency must be greater than or equal to 0 (0 uses all cores)")]],
  ["a concurrency with a selector", { concurrency: 2, selector: { matchLabels: { app: "a" } } }, []],
  ["a selector without labels", { selector: {} }, [warning(["spec", "selector"], "workload selector specified without labels")]],
];

describe("EnvoyFilter admission", () => {
  it.each(filters)("%s", (_name, spec, expected) => {
    expect(check("networking.istio.io/EnvoyFilter", spec)).toEqual(expected);
  });
});

describe("EnvoyFilter admission by release", () => {
  it("checks a WAYPOINT patch like any other before 1.29, which has no waypoint context", () => {
    const spec = { configPatches: [{ applyTo: "CLUSTER", match: { context: "WAYPOINT", waypoint: {} }, patch: { operation: "MERGE" } }] };
    expect(check("networking.istio.io/EnvoyFilter", spec, { name: "f", namespace: "ns" }, "1.28.10")).toEqual([
      always, error(at("patch", "value"), "Envoy filter: missing patch value for non-remove operation"),
    ]);
    expect(check("networking.istio.io/EnvoyFilter", spec, { name: "f", namespace: "ns" }, "1.29.6")).toEqual([always]);
  });
});

describe("ProxyConfig admission", () => {
  it.each(proxyConfigs)("%s", (_name, spec, expected) => {
    expect(check("networking.istio.io/ProxyConfig", spec)).toEqual(expected);
  });
});
