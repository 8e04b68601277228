/**
 * WorkloadEntry and WorkloadGroup admission rules, one failing and one passing example per rule.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const entries: Case[] = [
  ["an entry with an IP", { address: "10.0.0.1", ports: { http: 8080 }, labels: { app: "vm" } }, []],
  ["an entry with a host name", { address: "vm1.example.com" }, []],
  ["an entry without address or network", {}, [error(["spec", "address"], "address is required")]],
  ["an entry without address on a network", { network: "vm-net" }, [warning(["spec", "address"], 'address is unset with network "vm-net"')]],
  ["an entry address that is neither", { address: "vm_1" }, [error(["spec", "address"], 'endpoint address "vm_1" is not a valid FQDN or an IP address')]],
  ["a unix address that is relative", { address: "unix://a.sock" }, [error(["spec", "address"], "a.sock is not an absolute path to a file")]],
  ["a port name and number invalid", { address: "10.0.0.1", ports: { "http_web": 0 } }, [
    error(["spec", "ports", "http_web"], "invalid port name: http_web (use a DNS-1123 label: letters, digits and '-', at most 63 characters)"),
    error(["spec", "ports", "http_web"], "port number 0 must be in the range 1..65535"),
  ]],
];

const groups: Case[] = [
  ["a group with an HTTP probe", { template: {}, probe: { httpGet: { port: 8080, path: "/ready", scheme: "HTTP", httpHeaders: [{ name: "x-probe", value: "1" }] } } }, []],
  ["a group with bad metadata labels", { template: {}, metadata: { labels: { "-app": "a" } } }, [
    error(["spec", "metadata", "labels", "-app"], `invalid labels: invalid tag key: "-app" (label keys are [prefix/]name and values are alphanumerics with '-', '_' or '.' inside)`),
  ]],
  ["a probe with negative timings", { template: {}, probe: { periodSeconds: -1, failureThreshold: -2, tcpSocket: { port: 80 } } }, [
    error(["spec", "probe", "periodSeconds"], "periodSeconds must be non-negative"),
    error(["spec", "probe", "failureThreshold"], "failureThreshold must be non-negative"),
  ]],
  ["an HTTP probe with a bad scheme and header", { template: {}, probe: { httpGet: { port: 0, scheme: "FTP", httpHeaders: [{ name: "x_probe" }] } } }, [
    error(["spec", "probe", "httpGet", "port"], "port number 0 must be in the range 1..65535"),
    error(["spec", "probe", "httpGet", "scheme"], 'httpGet.scheme must be one of "HTTPS", "HTTP"'),
    error(["spec", "probe", "httpGet", "httpHeaders", 0, "name"], "header name x_probe is not a valid header name (use letters, digits and '-')"),
  ]],
  ["an exec probe without command", { template: {}, probe: { exec: { command: [] } } }, [error(["spec", "probe", "exec", "command"], "exec.command is required")]],
  ["a probe without method", { template: {}, probe: { periodSeconds: 5 } }, [error(["spec", "probe"], "unknown health check method <nil> (set httpGet, tcpSocket or exec)")]],
];

describe("WorkloadEntry admission", () => {
  it.each(entries)("%s", (_name, spec, expected) => {
    expect(check("networking.istio.io/WorkloadEntry", spec)).toEqual(expected);
  });
});

describe("WorkloadGroup admission", () => {
  it.each(groups)("%s", (_name, spec, expected) => {
    expect(check("networking.istio.io/WorkloadGroup", spec)).toEqual(expected);
  });
});
