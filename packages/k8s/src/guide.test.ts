/**
 * The Kubernetes resources of the guide (`../shared/scenarios/asm-guide/asm-guide.yaml`) against
 * the generated zod schemas, and mutations of them that the OpenAPI schema rejects. Skips with a
 * message where the shared folder is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type KindEntry } from "@meshform/kind-runtime";
import { issuesOf, withValue } from "@meshform/kind-runtime/testing";
import { kinds } from "./index.js";
import { ServiceSchema } from "./generated/core/v1.js";

const root = resolve(fileURLToPath(import.meta.url), "../../../..");
const guidePath = resolve(root, "../shared/scenarios/asm-guide/asm-guide.yaml");
const guidePresent = existsSync(guidePath);
if (!guidePresent) console.warn(`k8s guide tests: skipped, the guide's YAML is absent (${guidePath})`);

type Doc = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };

function entryOf(doc: { apiVersion: string; kind: string }): KindEntry | undefined {
  return kinds.find((entry) => entry.info.apiVersion === doc.apiVersion && entry.info.kind === doc.kind);
}

function loadGuide(): Doc[] {
  return parseAllDocuments(readFileSync(guidePath, "utf8")).map((document) => document.toJS() as Doc);
}

describe.skipIf(!guidePresent)("the guide's Kubernetes resources", () => {
  const docs = guidePresent ? loadGuide().filter((doc) => entryOf(doc) !== undefined) : [];
  const namespace = (): Doc => {
    const doc = docs.find((d) => d.kind === "Namespace");
    if (doc === undefined) throw new Error("the guide has no Namespace");
    return doc;
  };

  it("has the one Namespace the guide labels", () => {
    expect(docs.map((doc) => `${doc.apiVersion}/${doc.kind}/${doc.metadata.name}`)).toEqual(["v1/Namespace/default"]);
  });

  it("accepts the guide's Namespace", () => {
    expect(issuesOf(entryOf(namespace())!.schema, namespace())).toEqual([]);
  });

  it("rejects a label value that is not a string, naming the label key", () => {
    const doc = withValue(namespace(), ["metadata", "labels", "istio.io/dataplane-mode"], true);
    expect(issuesOf(entryOf(doc)!.schema, doc)).toEqual([
      'metadata.labels["istio.io/dataplane-mode"]: Invalid input: expected string, received boolean',
    ]);
  });

  it("rejects a misspelt metadata field", () => {
    const doc = withValue(namespace(), ["metadata", "lables"], { team: "mesh" });
    expect(issuesOf(entryOf(doc)!.schema, doc)).toEqual(['metadata: Unrecognized key: "lables"']);
  });

  it("rejects a kind the document does not declare", () => {
    const doc = withValue(namespace(), ["kind"], "Namespaces");
    expect(issuesOf(entryOf(namespace())!.schema, doc)).toEqual(['kind: Invalid input: expected "Namespace"']);
  });
});

describe("Service ports", () => {
  const valid = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "reviews", namespace: "default" },
    spec: { selector: { app: "reviews" }, ports: [{ name: "http", port: 9080, targetPort: "http" }] },
  };

  it("accepts a named target port", () => {
    expect(issuesOf(ServiceSchema, valid)).toEqual([]);
  });

  it("rejects a port without its required number", () => {
    const doc = withValue(valid, ["spec", "ports", 0, "port"], undefined);
    expect(issuesOf(ServiceSchema, doc)).toEqual(["spec.ports[0].port: Invalid input: expected number, received undefined"]);
  });

  it("rejects two ports with the same port and protocol (list-map keys)", () => {
    const doc = withValue(valid, ["spec", "ports", 1], { name: "http-2", port: 9080, protocol: "TCP" });
    const twice = withValue(doc, ["spec", "ports", 0, "protocol"], "TCP");
    expect(issuesOf(ServiceSchema, twice)).toEqual(['spec.ports[1]: Duplicate value: {"port":9080,"protocol":"TCP"}']);
  });

  it("defaults an absent protocol to TCP before looking for duplicates, as the API server does", () => {
    const doc = withValue(valid, ["spec", "ports"], [{ name: "a", port: 9080 }, { name: "b", port: 9080, protocol: "TCP" }]);
    expect(issuesOf(ServiceSchema, doc)).toEqual(['spec.ports[1]: Duplicate value: {"port":9080,"protocol":"TCP"}']);
    const udp = withValue(doc, ["spec", "ports", 1, "protocol"], "UDP");
    expect(issuesOf(ServiceSchema, udp)).toEqual([]);
  });
});
