import { parse } from "@bufbuild/cel";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { kinds as istioKinds } from "@meshform/istio";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { PARSED_RULES } from "../generated/parsed-rules.js";
import { parsedRulesSource } from "./parsed-source.js";
import { encodeParsed, storedParseOf } from "./parsed.js";

describe("rules parsed ahead of time", () => {
  it("are committed exactly as the script writes them (run scripts/parse-rules.ts after regenerating the kinds)", () => {
    const committed = readFileSync(new URL("../generated/parsed-rules.ts", import.meta.url), "utf8");
    expect(committed === parsedRulesSource()).toBe(true);
  });

  const stored = Object.keys(PARSED_RULES);
  const shipped = new Set([...gatewayKinds, ...experimentalKinds, ...istioKinds].flatMap((entry) => entry.info.rules.flatMap((rule) => [rule.rule, rule.messageExpression ?? []].flat())));

  it("hold every rule text of the shipped kinds (run scripts/parse-rules.ts after regenerating them)", () => {
    expect([...shipped].filter((text) => !stored.includes(text))).toEqual([]);
  });

  it("are exactly what the parser gives for each stored text", () => {
    for (const text of stored) expect([text, storedParseOf(text)?.expr]).toEqual([text, parse(text).expr]);
  });

  it("give a fresh copy each time, and nothing for a text that is not stored", () => {
    const [text] = stored;
    if (text === undefined) throw new Error("nothing stored");
    expect(storedParseOf(text)?.expr).not.toBe(storedParseOf(text)?.expr);
    expect(storedParseOf(`${text} && true`)).toBeUndefined();
  });

  it("are not stored where JSON cannot keep a value", () => {
    expect(encodeParsed({ a: [1n, 2.5, "x"] })).toEqual({ a: [{ $bigint: "1" }, 2.5, "x"] });
    expect(encodeParsed({ a: new Uint8Array([1]) })).toBeUndefined();
    expect(encodeParsed({ a: Number.NaN })).toBeUndefined();
  });
});
