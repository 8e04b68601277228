import { parseManifests } from "@meshform/validate";
import { describe, expect, test } from "vitest";
import { selects, stringMap } from "./read.js";

describe("stringMap", () => {
  test("keeps the string entries of a map, a __proto__ key as an ordinary key, and never touches Object.prototype", () => {
    const [document] = parseManifests("labels: { app: shop, __proto__: web, n: 1 }\n", "m.yaml").documents;
    const labels = stringMap((document?.object as { labels: unknown }).labels);
    expect(Object.entries(labels)).toEqual([["app", "shop"], ["__proto__", "web"]]);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    const selector = stringMap(JSON.parse('{"__proto__": "web"}'));
    expect([selects(selector, labels), selects(selector, { app: "shop" })]).toEqual([true, false]);
  });

  test("gives the same entries for a map of strings, one with other values, and one without a prototype", () => {
    expect(stringMap({ app: "shop", tier: "web" })).toEqual({ app: "shop", tier: "web" });
    expect(stringMap({ app: "shop", replicas: 3, on: true, nested: { a: "b" } })).toEqual({ app: "shop" });
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { app: "shop" });
    const copied = stringMap(bare);
    expect(Object.entries(copied)).toEqual([["app", "shop"]]);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect([stringMap(undefined), stringMap(["a"]), stringMap("a")]).toEqual([{}, {}, {}]);
  });
});
