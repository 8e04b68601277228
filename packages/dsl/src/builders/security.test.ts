import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";

const FILE = fileURLToPath(import.meta.url);

function build(declare: (mesh: MeshBuilder) => void) {
  return compile(defineMesh({}, declare).model);
}

describe("mesh.mtls and ns.mtls", () => {
  it("writes a PeerAuthentication named default in the root namespace and in a namespace", () => {
    const { resources, issues } = build((mesh) => {
      mesh.mtls("STRICT");
      mesh.namespace("legacy").mtls("PERMISSIVE");
    });
    expect(issues).toEqual([]);
    expect(resources.filter((r) => r.kind === "PeerAuthentication")).toEqual([
      { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "istio-system" }, spec: { mtls: { mode: "STRICT" } } },
      { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "legacy" }, spec: { mtls: { mode: "PERMISSIVE" } } },
    ]);
  });

  it("reports mesh.mtls and mesh.root.mtls as the same resource declared twice", () => {
    const { issues } = build((mesh) => {
      mesh.mtls("STRICT");
      mesh.root.mtls("PERMISSIVE");
    });
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:29:17 PeerAuthentication istio-system/default is declared twice: by namespace("istio-system").mtls("default") and by mtls("default") (line 28) (give one of them another name)`,
    ]);
  });
});

describe("ns.peerAuthentication", () => {
  it("selects workloads by reference, with per-port modes", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      app.peerAuthentication("ratings", { selector: app.workload({ app: "ratings" }), mode: "STRICT", portLevel: { 9090: "PERMISSIVE", 8080: "DISABLE" } });
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "ratings", namespace: "bookinfo" },
        spec: { selector: { matchLabels: { app: "ratings" } }, mtls: { mode: "STRICT" }, portLevelMtls: { "8080": { mode: "DISABLE" }, "9090": { mode: "PERMISSIVE" } } },
      },
    ]);
  });

  it("selects workloads by labels, or the whole namespace without a selector", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      app.peerAuthentication("reviews", { selector: { app: "reviews", version: "v2" }, portLevel: { 15090: "DISABLE" }, labels: { team: "books" } });
      app.peerAuthentication("namespace-wide", { mode: "STRICT" });
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "namespace-wide", namespace: "bookinfo" }, spec: { mtls: { mode: "STRICT" } } },
      {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "reviews", namespace: "bookinfo", labels: { team: "books" } },
        spec: { selector: { matchLabels: { app: "reviews", version: "v2" } }, portLevelMtls: { "15090": { mode: "DISABLE" } } },
      },
    ]);
  });

  it("reports an invalid name at the line that declared it", () => {
    const { issues } = build((mesh) => {
      mesh.namespace("bookinfo", { managed: false }).peerAuthentication("Ratings_mTLS", { mode: "STRICT" });
    });
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:74:54 peerAuthentication() got an invalid PeerAuthentication name "Ratings_mTLS": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it("does not compile per-port modes without a selector, a wrong mode, or a selector that is a string", () => {
    defineMesh({}, (mesh) => {
      const app = mesh.namespace("bookinfo");
      // @ts-expect-error portLevelMtls needs a selector
      app.peerAuthentication("ports", { mode: "STRICT", portLevel: { 8080: "DISABLE" } });
      // @ts-expect-error "strict" is not an mTLS mode
      app.mtls("strict");
      // @ts-expect-error a selector is a workload reference or labels, not a name
      app.peerAuthentication("by-name", { selector: "ratings", mode: "STRICT" });
      // @ts-expect-error a port-level mode is one of the mTLS modes
      app.peerAuthentication("bad-port-mode", { selector: app.workload({ app: "a" }), portLevel: { 8080: "OFF" } });
    });
  });
});
