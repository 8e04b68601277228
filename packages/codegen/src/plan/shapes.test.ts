import { describe, expect, it } from "vitest";
import type { ObjectNode, SchemaNode } from "../ir.js";
import { TreeNames, documentedName, kindsFieldName, shapeKey, sharedFieldName, singular, upstreamName, type ShapeUse } from "./shapes.js";

function object(fields: Record<string, SchemaNode>, description?: string): ObjectNode {
  return {
    type: "object",
    doc: description !== undefined ? { description } : {},
    nullable: false,
    rules: [],
    declName: "Anything",
    fields: Object.entries(fields).map(([name, schema]) => ({ name, required: false, schema })),
    exclusive: [],
    openEnded: false,
  };
}

const text = (description?: string): SchemaNode => ({ type: "string", doc: description !== undefined ? { description } : {}, nullable: false, rules: [] });
const use = (parent: string, field: string, item = false): ShapeUse => ({ parent, field, segment: field, item });

describe("shapeKey", () => {
  it("is the same for two structures that differ only in descriptions, names and rules", () => {
    const a = object({ sni: text("The SNI.") }, "TLS settings.");
    const b = { ...object({ sni: text() }), declName: "Other", rules: [{ path: [], rule: "true" }] };
    expect(shapeKey(a, new Map())).toBe(shapeKey(b, new Map()));
  });

  it("differs for a different field, constraint or default", () => {
    const base = shapeKey(object({ sni: text() }), new Map());
    expect(shapeKey(object({ host: text() }), new Map())).not.toBe(base);
    expect(shapeKey(object({ sni: { ...text(), maxLength: 253 } as SchemaNode }), new Map())).not.toBe(base);
    expect(shapeKey(object({ sni: { ...text(), doc: { default: "a" } } }), new Map())).not.toBe(base);
  });
});

describe("naming", () => {
  it("reads the upstream type name a Go doc comment starts with", () => {
    expect(upstreamName("HTTPRouteRule defines semantics for matching an HTTP request.")).toBe("HTTPRouteRule");
    expect(upstreamName("Traffic policies to apply.")).toBeUndefined();
    expect(upstreamName("HTTP connection pool settings.")).toBeUndefined();
    expect(upstreamName(undefined)).toBeUndefined();
  });

  it("prefers a list item's type name, the most frequent, and no name on a tie", () => {
    expect(documentedName([{ name: "ParentRef", item: false }, { name: "ParentReference", item: true }, { name: "ParentReference", item: true }])).toBe("ParentReference");
    expect(documentedName([{ name: "HTTPHeaderMatch", item: true }, { name: "GRPCHeaderMatch", item: true }])).toBeUndefined();
    expect(documentedName([{ name: "AllowedRoutes", item: false }])).toBe("AllowedRoutes");
    expect(documentedName([{ name: "RequestHeaderModifier", item: false }, { name: "ResponseHeaderModifier", item: false }])).toBeUndefined();
  });

  it("names a shape by the field most of its places reach it by", () => {
    expect(sharedFieldName([use("a", "trafficPolicy"), use("b", "trafficPolicy")])).toBe("TrafficPolicy");
    expect(sharedFieldName([use("a", "connectionPool"), use("b", "connectionPool"), use("c", "inboundConnectionPool")])).toBe("ConnectionPool");
    expect(sharedFieldName([use("a", "subsets", true), use("b", "subsets", true)])).toBe("Subset");
    expect(sharedFieldName([use("a", "requestHeaderModifier"), use("a", "responseHeaderModifier")])).toBe("HeaderModifier");
    expect(sharedFieldName([use("a", "trafficPolicy")])).toBeUndefined();
    expect(sharedFieldName([use("a", "spec"), use("b", "spec")])).toBeUndefined();
  });

  it("names a root field several kinds share by the words their kinds end with", () => {
    const kinds = new Map([["r1", "GRPCRoute"], ["r2", "HTTPRoute"]]);
    expect(kindsFieldName([use("r1", "status"), use("r2", "status")], (k) => kinds.get(k))).toBe("RouteStatus");
    expect(kindsFieldName([use("r1", "status")], (k) => kinds.get(k))).toBeUndefined();
  });

  it("turns a plural into the singular of a list item", () => {
    expect(["subsets", "policies", "matches", "addresses", "status"].map(singular)).toEqual(["subset", "policy", "match", "address", "status"]);
  });
});

describe("TreeNames", () => {
  it("gives a taken name the variant's tag, then a number, in the order of claims", () => {
    const names = new TreeNames();
    expect(names.claim(["TrafficPolicy", "DestinationRuleSpecTrafficPolicy"], "_1_24_6")).toBe("TrafficPolicy");
    expect(names.claim(["TrafficPolicy", "DestinationRuleSpecTrafficPolicy"], "_1_24_6")).toBe("TrafficPolicy_1_24_6");
    expect(names.claim(["TrafficPolicy", "DestinationRuleSpecTrafficPolicy"], "_1_24_6")).toBe("DestinationRuleSpecTrafficPolicy");
    expect(names.claim(["TrafficPolicy", "DestinationRuleSpecTrafficPolicy"], "_1_24_6")).toBe("DestinationRuleSpecTrafficPolicy_1_24_6");
    expect(names.claim(["TrafficPolicy"], "_1_24_6")).toBe("TrafficPolicy_1_24_62");
    expect(names.claim(["Port"])).toBe("Port");
    expect(names.claim(["Port"])).toBe("Port2");
  });
});
