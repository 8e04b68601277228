import { describe, expect, it } from "vitest";
import { defineMesh, type MeshBuilder } from "./mesh.js";
import { withoutCallSites } from "./origin.js";
import type { NamespaceBuilder } from "./builders/namespace.js";
import { markedLines } from "./testing.js";

const { file: FILE, lineOf } = markedLines(import.meta.url);

/** `kind name → file:line:column` of every draft `build` declares. */
function origins(build: (mesh: MeshBuilder) => void): Record<string, string> {
  const { model } = defineMesh({}, build);
  return Object.fromEntries(model.drafts.map((d) => [`${d.kind} ${d.name}`, `${d.origin.file}:${d.origin.line}:${d.origin.column}`]));
}

/** A helper of the user's own: the drafts it declares come from its lines. */
function declareRule(ns: NamespaceBuilder, name: string): void {
  ns.destinationRule(name, { host: ns.service(name) }); // helper
}

describe("a resource's origin is the user's line that declared it", () => {
  it("names each call of a method, the first and the later ones alike", () => {
    const found = origins((mesh) => {
      const ns = mesh.namespace("shop"); // namespace
      ns.httpRoute("a"); // first
      ns.httpRoute("b"); // second
      for (const name of ["c", "d"]) ns.httpRoute(name); // loop
    });
    expect(found).toEqual({
      "Namespace shop": `${FILE}:${lineOf("namespace")}:23`,
      "HTTPRoute a": `${FILE}:${lineOf("first")}:10`,
      "HTTPRoute b": `${FILE}:${lineOf("second")}:10`,
      "HTTPRoute c": `${FILE}:${lineOf("loop")}:41`,
      "HTTPRoute d": `${FILE}:${lineOf("loop")}:41`,
    });
  });

  it("names the line inside a helper of the user's, and inside a callback a builder runs", () => {
    const found = origins((mesh) => {
      const ns = mesh.namespace("shop", { managed: false });
      declareRule(ns, "a");
      declareRule(ns, "b");
      ns.httpRoute("r").rule((r) => {
        ns.destinationRule("inner", { host: "inner.example.com" }); // callback
        return r;
      });
      ns.destinationRule("outer", { host: "outer.example.com" }); // after
    });
    expect(found).toEqual({
      "DestinationRule a": `${FILE}:${lineOf("helper")}:6`,
      "DestinationRule b": `${FILE}:${lineOf("helper")}:6`,
      "HTTPRoute r": `${FILE}:${lineOf("callback") - 1}:10`,
      "DestinationRule inner": `${FILE}:${lineOf("callback")}:12`,
      "DestinationRule outer": `${FILE}:${lineOf("after")}:10`,
    });
  });

  it("names the line of a method called through a bound function, call() or a builtin's callback", () => {
    const found = origins((mesh) => {
      const ns = mesh.namespace("shop", { managed: false });
      ns.httpRoute("first");
      const add = ns.httpRoute.bind(ns);
      add("a"); // bound
      ns.httpRoute.call(ns, "b"); // call
      ["c"].map((name) => ns.httpRoute(name)); // arrow
    });
    expect(found["HTTPRoute a"]).toBe(`${FILE}:${lineOf("bound")}:7`);
    expect(found["HTTPRoute b"]).toBe(`${FILE}:${lineOf("call")}:20`);
    expect(found["HTTPRoute c"]).toBe(`${FILE}:${lineOf("arrow")}:30`);
  });

  it("reads as plain data: a spread or JSON.stringify gives its file, line and column", () => {
    const { model } = defineMesh({}, (mesh) => {
      mesh.namespace("shop"); // plain
    });
    const origin = model.drafts[0]!.origin;
    const expected = { file: FILE, line: lineOf("plain"), column: 12 };
    expect({ ...origin }).toEqual(expected);
    expect(JSON.parse(JSON.stringify(origin))).toEqual(expected);
    expect(Object.keys(origin)).toEqual(["file", "line", "column"]);
  });

  it("names the right lines after a builder call that a callback of the user's made throw", () => {
    const found = origins((mesh) => {
      const ns = mesh.namespace("shop", { managed: false });
      try {
        ns.httpRoute("r").rule(() => {
          throw new Error("stop");
        });
      } catch {
        // the config carries on
      }
      ns.httpRoute("after"); // after-throw
      ns.destinationRule("rule", { host: "rule.example.com" }); // rule-after-throw
    });
    expect(found["HTTPRoute after"]).toBe(`${FILE}:${lineOf("after-throw")}:10`);
    expect(found["DestinationRule rule"]).toBe(`${FILE}:${lineOf("rule-after-throw")}:10`);
  });
});

describe("withoutCallSites", () => {
  it("gives every draft declared inside it the placeholder location, and the lines come back after it", () => {
    // A first run that asks for locations, so the methods capture their callers on entry from then on.
    origins((mesh) => mesh.namespace("warm").httpRoute("warm"));
    const inside = withoutCallSites(() =>
      origins((mesh) => {
        const ns = mesh.namespace("shop");
        ns.httpRoute("a");
        ns.destinationRule("b", { host: ns.service("b") });
      }),
    );
    expect(inside).toEqual({ "Namespace shop": "<unknown>:undefined:undefined", "HTTPRoute a": "<unknown>:undefined:undefined", "DestinationRule b": "<unknown>:undefined:undefined" });
    const after = origins((mesh) => {
      mesh.namespace("shop").httpRoute("a"); // after-off
    });
    expect(after["HTTPRoute a"]).toBe(`${FILE}:${lineOf("after-off")}:30`);
  });
});
