/**
 * The webhook's warnings about VirtualService rules and matches that can never apply.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, warning } from "./test-support.js";

const key = "networking.istio.io/VirtualService";
const route = [{ destination: { host: "reviews" } }];
const rules = (...http: Record<string, unknown>[]): Record<string, unknown> => ({ hosts: ["reviews"], http: http.map((rule) => ({ route, ...rule })) });

const cases: Case[] = [
  ["a catch-all rule before another", rules({}, {}), [warning(["spec", "http", 1], "virtualService rule #1 not used (only the last rule can have no matches)")]],
  ["a rule after a catch-all", rules({ name: "all" }, { name: "api", match: [{ uri: { prefix: "/api" } }] }), [
    warning(["spec", "http", 1], 'virtualService rule "api" not used (route without matches defined before)'),
  ]],
  ["a repeated match", rules({ match: [{ uri: { exact: "/a" } }] }, { match: [{ name: "again", uri: { exact: "/a" } }, { uri: { exact: "/b" } }] }), [
    warning(["spec", "http", 1, "match", 0], 'virtualService rule #1 match "again" is not used (duplicate/overlapping match in rule #0)'),
  ]],
  ["a rule whose matches all repeat", rules({ match: [{ uri: { exact: "/a" } }] }, { match: [{ uri: { exact: "/a" } }] }), [
    warning(["spec", "http", 1, "match", 0], "virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)"),
    warning(["spec", "http", 1], "virtualService rule #1 not used (all matches used by prior rules)"),
  ]],
  ["a prefix covered by an earlier prefix", rules({ name: "debug", match: [{ uri: { prefix: "/debug" } }] }, { name: "debugs", match: [{ uri: { prefix: "/debugs" } }] }), [
    warning(["spec", "http", 1], 'virtualService rule "debugs" match #0 of prefix /debugs is not used (duplicate/overlapping match in rule #0 of prefix /debug on "debug")'),
  ]],
  ["a longer prefix first, then a catch-all", rules({ match: [{ uri: { prefix: "/api/v2" } }] }, { match: [{ uri: { prefix: "/api" } }] }, {}), []],
  ["a TCP rule after a catch-all TCP rule", { hosts: ["db"], tcp: [{ route }, { route }] }, [warning(["spec", "tcp", 1], "virtualService rule #1 not used (only the last rule can have no matches)")]],
  ["distinct TCP matches", { hosts: ["db"], tcp: [{ match: [{ port: 3306 }], route }, { match: [{ port: 3307 }], route }] }, []],
];

describe("VirtualService unreachable rules", () => {
  it.each(cases)("%s", (_name, spec, expected) => {
    expect(check(key, spec)).toEqual(expected);
  });
});
