/**
 * Gateway (networking.istio.io) admission rules, one failing and one passing example per rule.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const key = "networking.istio.io/Gateway";
const http = { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*/bookinfo.example.com"] };
const https = (tls: Record<string, unknown>): Record<string, unknown> => ({ servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["bookinfo.example.com"], tls }] });
const server = (...path: (string | number)[]): (string | number)[] => ["spec", "servers", 0, ...path];

const servers: Case[] = [
  ["no servers", {}, [error(["spec", "servers"], "gateway must have at least one server")]],
  ["a plain HTTP server", { servers: [http] }, []],
  ["a server without hosts", { servers: [{ ...http, hosts: [] }] }, [error(server("hosts"), "server config must contain at least one host")]],
  ["a short host name", { servers: [{ ...http, hosts: ["ns/bookinfo"] }] }, [error(server("hosts", 0), "short names (non FQDN) are not allowed")]],
  ["a partial wildcard host", { servers: [{ ...http, hosts: ["*/foo*.example.com"] }] }, [
    error(server("hosts", 0), 'domain name "foo*.example.com" invalid (label "foo*" invalid)'),
    error(server("hosts", 0), 'partial wildcard "foo*.example.com" not allowed'),
  ]],
  ["a bad host namespace", { servers: [{ ...http, hosts: ["~/a.example.com"] }] }, [error(server("hosts", 0), 'invalid namespace value "~" in gateway')]],
  ["an IP as host", { servers: [{ ...http, hosts: ["10.0.0.1"] }] }, []],
  ["an unknown protocol", { servers: [{ ...http, port: { number: 80, name: "x", protocol: "HTTP3" } }] }, [
    error(server("port", "protocol"), 'invalid protocol "HTTP3", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP'),
  ]],
  ["a port out of range with a targetPort", { servers: [{ ...http, port: { number: 0, name: "http", protocol: "HTTP", targetPort: 8080 } }] }, [
    error(server("port", "number"), "port number 0 must be in the range 1..65535"),
    error(server("port", "targetPort"), "targetPort has no impact on Gateways (remove it)"),
  ]],
  ["a port without name", { servers: [{ ...http, port: { number: 80, name: "", protocol: "HTTP" } }] }, [error(server("port", "name"), 'port name must be set: number:80 protocol:"HTTP"')]],
  ["a bind that is not an IP", { servers: [{ ...http, bind: "localhost" }] }, [error(server("bind"), "localhost is not a valid IP")]],
  ["a unix bind with a port", { servers: [{ ...http, bind: "unix://relative.sock" }] }, [
    error(server("bind"), "relative.sock is not an absolute path to a file"),
    error(server("port", "number"), "port number must be 0 for unix domain socket: number:80"),
  ]],
  ["a unix bind with port 0", { servers: [{ ...http, port: { number: 0, name: "uds", protocol: "HTTP" }, bind: "unix:///var/run/gw.sock" }] }, []],
  ["duplicate port names", { servers: [http, { ...http, hosts: ["b.example.com"] }] }, [error(["spec", "servers", 1, "port", "name"], "port names in servers must be unique: duplicate name http")]],
  ["HTTPS without TLS", { servers: [{ ...http, port: { number: 443, name: "https", protocol: "HTTPS" } }] }, [
    error(server(), "server must have TLS settings for HTTPS/TLS protocols (add tls with a mode and credentials)"),
  ]],
  ["TLS settings on a TCP port", { servers: [{ ...http, port: { number: 31400, name: "tcp", protocol: "TCP" }, tls: { mode: "SIMPLE", credentialName: "c" } }] }, [
    error(server("tls"), "server cannot have TLS settings for non HTTPS/TLS ports"),
  ]],
  ["TLS termination on an HTTP port", { servers: [{ ...http, tls: { mode: "SIMPLE", credentialName: "c" } }] }, [
    error(server("tls"), "server cannot have TLS settings for plain text HTTP ports (only httpsRedirect is allowed there)"),
  ]],
  ["httpsRedirect on an HTTP port", { servers: [{ ...http, tls: { httpsRedirect: true } }] }, []],
  ["httpsRedirect on a TLS port", https({ mode: "PASSTHROUGH", httpsRedirect: true }), [warning(server("tls", "httpsRedirect"), "tls.httpsRedirect should only be used with http servers")]],
  ["a gateway name with a dot", { servers: [http] }, [error(["metadata", "name"], 'invalid gateway name: "my.gw" (a Gateway name is a DNS-1123 label: no dots)')]],
];

const tls: Case[] = [
  ["SIMPLE without certificate", https({ mode: "SIMPLE" }), [
    error(server("tls"), "SIMPLE TLS requires a server certificate (or set credentialName)"),
    error(server("tls"), "SIMPLE TLS requires a private key (or set credentialName)"),
  ]],
  ["SIMPLE with a credential", https({ mode: "SIMPLE", credentialName: "bookinfo-cert" }), []],
  ["MUTUAL without CA bundle", https({ mode: "MUTUAL", serverCertificate: "/c.pem", privateKey: "/k.pem" }), [
    error(server("tls", "caCertificates"), "MUTUAL TLS requires a client CA bundle (or set credentialName)"),
  ]],
  ["MUTUAL with files", https({ mode: "MUTUAL", serverCertificate: "/c.pem", privateKey: "/k.pem", caCertificates: "/ca.pem" }), []],
  ["ISTIO_MUTUAL with a credential", https({ mode: "ISTIO_MUTUAL", credentialName: "c" }), [
    error(server("tls", "credentialName"), "ISTIO_MUTUAL TLS cannot have associated credentialName (Istio provides the workload certificate)"),
  ]],
  ["two certificate sources", https({ mode: "SIMPLE", credentialName: "c", serverCertificate: "/c.pem", privateKey: "/k.pem" }), [
    error(server("tls"), "only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified"),
  ]],
  ["PASSTHROUGH with certificates", https({ mode: "PASSTHROUGH", credentialName: "c" }), [warning(server("tls"), "PASSTHROUGH mode does not use certificates, they will be ignored")]],
  ["a CRL with SIMPLE", https({ mode: "SIMPLE", serverCertificate: "/c.pem", privateKey: "/k.pem", caCrl: "/crl.pem" }), [error(server("tls", "caCrl"), "CRL is not supported with SIMPLE TLS")]],
  ["TLS 1.0 without ciphers", https({ mode: "SIMPLE", credentialName: "c", minProtocolVersion: "TLSV1_0" }), [
    warning(server("tls"), "TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers."),
  ]],
  ["unknown and repeated ciphers", https({ mode: "SIMPLE", credentialName: "c", cipherSuites: ["FOO", "AES128-SHA", "AES128-SHA", "-RC4"] }), [
    warning(server("tls", "cipherSuites"), "ignoring invalid cipher suites: [FOO]"),
    warning(server("tls", "cipherSuites"), "ignoring duplicate cipher suites: [AES128-SHA]"),
  ]],
];

describe("Gateway admission", () => {
  it.each([...servers, ...tls])("%s", (name, spec, expected) => {
    const metadata = { name: name === "a gateway name with a dot" ? "my.gw" : "gw", namespace: "ns" };
    expect(check(key, spec, metadata)).toEqual(expected);
  });
});
