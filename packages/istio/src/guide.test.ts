/**
 * The Istio resources of the guide (`../shared/scenarios/asm-guide/asm-guide.yaml`) against the
 * generated zod schemas: what the upstream schema accepts passes, what it rejects fails at the
 * right path with the right message. Skips with a message where the shared folder is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type KindEntry } from "@meshform/kind-runtime";
import { issuesOf, withValue } from "@meshform/kind-runtime/testing";
import { kinds } from "./index.js";
import { VirtualServiceSchema } from "./generated/networking.istio.io/v1.js";

const root = resolve(fileURLToPath(import.meta.url), "../../../..");
const guidePath = resolve(root, "../shared/scenarios/asm-guide/asm-guide.yaml");
const guidePresent = existsSync(guidePath);
if (!guidePresent) console.warn(`istio guide tests: skipped, the guide's YAML is absent (${guidePath})`);

type Doc = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };

function schemaOf(doc: { apiVersion: string; kind: string }): KindEntry | undefined {
  return kinds.find((entry) => entry.info.apiVersion === doc.apiVersion && entry.info.kind === doc.kind);
}

function loadGuide(): Doc[] {
  return parseAllDocuments(readFileSync(guidePath, "utf8")).map((document) => document.toJS() as Doc);
}

describe.skipIf(!guidePresent)("the guide's Istio resources", () => {
  const docs = guidePresent ? loadGuide().filter((doc) => schemaOf(doc) !== undefined) : [];
  const byKind = (kind: string): Doc => {
    const doc = docs.find((d) => d.kind === kind);
    if (doc === undefined) throw new Error(`the guide has no ${kind}`);
    return doc;
  };

  it("has the five Istio resources the guide writes", () => {
    expect(docs.map((doc) => `${doc.apiVersion}/${doc.kind}`)).toEqual([
      "networking.istio.io/v1alpha3/ServiceEntry",
      "networking.istio.io/v1alpha3/DestinationRule",
      "security.istio.io/v1beta1/PeerAuthentication",
      "security.istio.io/v1beta1/AuthorizationPolicy",
      "telemetry.istio.io/v1alpha1/Telemetry",
    ]);
  });

  it.each(["ServiceEntry", "DestinationRule", "PeerAuthentication", "AuthorizationPolicy"])(
    "accepts the guide's %s",
    (kind) => {
      const doc = byKind(kind);
      expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual([]);
    },
  );

  it("rejects the guide's Telemetry where it disagrees with the schema", () => {
    const doc = byKind("Telemetry");
    expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual([
      'spec.metrics[0].overrides[0]: Unrecognized key: "statName"',
      "spec.tracing[0].customTags.environment.literal: Invalid input: expected object, received string",
    ]);
  });

  it("accepts the Telemetry once written as the schema says", () => {
    let doc = byKind("Telemetry");
    doc = withValue(doc, ["spec", "metrics", 0, "overrides", 0], {
      match: { metric: "REQUEST_COUNT" },
      tagOverrides: { gateway_zone: { value: "'china-shanghai-1'" } },
    });
    doc = withValue(doc, ["spec", "tracing", 0, "customTags", "environment", "literal"], { value: "production-canary" });
    expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual([]);
  });

  it("rejects an unknown field in a DestinationRule at its object", () => {
    const doc = withValue(byKind("DestinationRule"), ["spec", "trafficPolicy", "connectionPool", "http", "maxPendingRequests"], 1);
    expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual([
      'spec.trafficPolicy.connectionPool.http: Unrecognized key: "maxPendingRequests"',
    ]);
  });

  it("rejects a DestinationRule without its required host", () => {
    const doc = withValue(byKind("DestinationRule"), ["spec", "host"], undefined);
    expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual(["spec.host: Invalid input: expected string, received undefined"]);
  });

  it("rejects a fractional count where the schema wants an integer", () => {
    const doc = withValue(byKind("DestinationRule"), ["spec", "trafficPolicy", "connectionPool", "http", "http1MaxPendingRequests"], 1.5);
    expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual([
      "spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests: Invalid input: expected int, received number",
    ]);
  });

  it("rejects a PeerAuthentication mTLS mode outside the enum", () => {
    const doc = withValue(byKind("PeerAuthentication"), ["spec", "mtls", "mode"], "STRICTER");
    expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual([
      'spec.mtls.mode: Invalid option: expected one of "UNSET"|"DISABLE"|"PERMISSIVE"|"STRICT"',
    ]);
  });

  it("rejects an AuthorizationPolicy action outside the enum", () => {
    const doc = withValue(byKind("AuthorizationPolicy"), ["spec", "action"], "PERMIT");
    expect(issuesOf(schemaOf(doc)!.schema, doc)).toEqual([
      'spec.action: Invalid option: expected one of "ALLOW"|"DENY"|"AUDIT"|"CUSTOM"',
    ]);
  });
});

describe("VirtualService string matches", () => {
  const valid = {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "reviews", namespace: "default" },
    spec: {
      hosts: ["reviews"],
      http: [{ match: [{ uri: { prefix: "/api" } }], route: [{ destination: { host: "reviews", subset: "v1" } }] }],
    },
  };

  it("accepts one of exact, prefix, regex", () => {
    expect(issuesOf(VirtualServiceSchema, valid)).toEqual([]);
  });

  it("rejects exact and prefix together, at the match", () => {
    const doc = withValue(valid, ["spec", "http", 0, "match", 0, "uri", "exact"], "/api/v1");
    expect(issuesOf(VirtualServiceSchema, doc)).toEqual([
      "spec.http[0].match[0].uri: only one of exact, prefix, regex may be set, found exact and prefix",
    ]);
  });
});
