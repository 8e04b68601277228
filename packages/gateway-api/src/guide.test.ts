/**
 * The Gateway API resources of the guide (`../shared/scenarios/asm-guide/asm-guide.yaml`) against
 * the generated zod schemas (standard channel), and mutations of them that the upstream schema
 * rejects. Skips with a message where the shared folder is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type KindEntry } from "@meshform/kind-runtime";
import { issuesOf as issuesOfSchema, withValue } from "@meshform/kind-runtime/testing";
import { kinds } from "./index.js";
import { kinds as experimentalKinds } from "./experimental.js";

const root = resolve(fileURLToPath(import.meta.url), "../../../..");
const guidePath = resolve(root, "../shared/scenarios/asm-guide/asm-guide.yaml");
const guidePresent = existsSync(guidePath);
if (!guidePresent) console.warn(`gateway-api guide tests: skipped, the guide's YAML is absent (${guidePath})`);

type Doc = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };

function entryOf(doc: { apiVersion: string; kind: string }, from: readonly KindEntry[] = kinds): KindEntry | undefined {
  return from.find((entry) => entry.info.apiVersion === doc.apiVersion && entry.info.kind === doc.kind);
}

/** Every issue as `path: message`, or `[]` when the document is valid. */
function issuesOf(doc: Doc, from: readonly KindEntry[] = kinds): string[] {
  const entry = entryOf(doc, from);
  if (entry === undefined) throw new Error(`no schema for ${doc.apiVersion}/${doc.kind}`);
  return issuesOfSchema(entry.schema, doc);
}

function loadGuide(): Doc[] {
  return parseAllDocuments(readFileSync(guidePath, "utf8")).map((document) => document.toJS() as Doc);
}

describe.skipIf(!guidePresent)("the guide's Gateway API resources", () => {
  const docs = guidePresent ? loadGuide().filter((doc) => entryOf(doc) !== undefined) : [];
  const byName = (name: string): Doc => {
    const doc = docs.find((d) => d.metadata.name === name);
    if (doc === undefined) throw new Error(`the guide has no resource ${name}`);
    return doc;
  };

  it("has the two Gateways and the HTTPRoute the guide writes", () => {
    expect(docs.map((doc) => `${doc.kind}/${doc.metadata.name}`)).toEqual([
      "Gateway/prod-gateway",
      "Gateway/waypoint",
      "HTTPRoute/internal-canary-route",
    ]);
  });

  it.each(["prod-gateway", "waypoint", "internal-canary-route"])("accepts %s in both channels", (name) => {
    expect(issuesOf(byName(name))).toEqual([]);
    expect(issuesOf(byName(name), experimentalKinds)).toEqual([]);
  });

  it.each([
    [-1, "spec.rules[0].backendRefs[1].weight: Too small: expected number to be >=0"],
    [2_000_000, "spec.rules[0].backendRefs[1].weight: Too big: expected number to be <=1000000"],
    [2.5, "spec.rules[0].backendRefs[1].weight: Invalid input: expected int, received number"],
  ])("rejects a backendRef weight of %d at its path", (weight, issue) => {
    const doc = withValue(byName("internal-canary-route"), ["spec", "rules", 0, "backendRefs", 1, "weight"], weight);
    expect(issuesOf(doc)).toEqual([issue]);
  });

  it("rejects a backendRef port above 65535", () => {
    const doc = withValue(byName("internal-canary-route"), ["spec", "rules", 0, "backendRefs", 0, "port"], 70_000);
    expect(issuesOf(doc)).toEqual(["spec.rules[0].backendRefs[0].port: Too big: expected number to be <=65535"]);
  });

  it("rejects an experimental-only field in the standard channel and accepts it in the experimental one", () => {
    const doc = withValue(byName("internal-canary-route"), ["spec", "rules", 0, "retry"], { attempts: 2 });
    expect(issuesOf(doc)).toEqual(['spec.rules[0]: Unrecognized key: "retry"']);
    expect(issuesOf(doc, experimentalKinds)).toEqual([]);
  });

  it.each([
    ["an IPv4 address", { type: "IPAddress", value: "10.0.0.1" }],
    ["an IPv6 address", { type: "IPAddress", value: "fd00::1" }],
    ["an untyped IP address (IPAddress is the default)", { value: "192.168.0.10" }],
    ["a hostname", { type: "Hostname", value: "gateway.example.com" }],
  ])("accepts %s in spec.addresses", (_, address) => {
    expect(issuesOf(withValue(byName("prod-gateway"), ["spec", "addresses"], [address]))).toEqual([]);
  });

  const notAnIp =
    'spec.addresses[0]: must validate one and only one schema (oneOf): value must be of format ipv4 or value must be of format ipv6; or type must not match {"enum":["IPAddress"]}';

  it.each([
    ["typed IPAddress", { type: "IPAddress", value: "gateway.example.com" }],
    ["untyped, so IPAddress by default", { value: "gateway.example.com" }],
  ])("rejects a non-IP value in an address %s", (_, address) => {
    expect(issuesOf(withValue(byName("prod-gateway"), ["spec", "addresses"], [address]))).toEqual([notAnIp]);
  });

  it("rejects a duplicate listener name (a list-map key)", () => {
    const listeners = [
      { name: "http", port: 80, protocol: "HTTP" },
      { name: "http", port: 8080, protocol: "HTTP" },
    ];
    const doc = withValue(byName("prod-gateway"), ["spec", "listeners"], listeners);
    expect(issuesOf(doc)).toEqual(['spec.listeners[1]: Duplicate value: {"name":"http"}']);
  });

  it("rejects a Gateway without listeners", () => {
    const doc = withValue(byName("waypoint"), ["spec", "listeners"], []);
    expect(issuesOf(doc)).toEqual(["spec.listeners: Too small: expected array to have >=1 items"]);
  });
});
