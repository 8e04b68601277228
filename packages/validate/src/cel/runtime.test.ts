import { describe, expect, it } from "vitest";
import { PARSED_RULES } from "../generated/parsed-rules.js";
import { createValidator } from "../validator.js";
import { missingFunctionsOf } from "./compile.js";
import { storedParseOf } from "./parsed.js";
import { celRuntime, celRuntimeLoaded } from "./runtime.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "../admission-rules.js";

const route = (weight: number) => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "reviews", namespace: "bookinfo" },
  spec: {
    parentRefs: [{ group: "", kind: "Service", name: "reviews" }],
    rules: [{ backendRefs: [{ name: "reviews-v1", port: 9080, weight }, { name: "reviews-v2", port: 9080, weight: 10 }] }],
  },
});

describe("the CEL evaluator, loaded when a rule first needs it", () => {
  it("is not loaded to check a resource whose rules all hold on the direct path, and is once a rule fails", () => {
    const validator = createValidator();
    expect(validator.validate(route(90))).toEqual([]);
    expect(celRuntimeLoaded()).toBe(false);
    const broken = { ...route(90), spec: { ...route(90).spec, rules: [{ matches: [{ path: { type: "PathPrefix", value: "/a//b" } }] }] } };
    expect(validator.validate(broken).map((i) => i.code)).toContain("CEL_RULE");
    expect(celRuntimeLoaded()).toBe(true);
  });

  it("has every function a stored rule calls, since compiling a stored parse does not check", () => {
    const texts = Object.keys(PARSED_RULES);
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((text) => missingFunctionsOf(storedParseOf(text)!.expr).length > 0)).toEqual([]);
    expect(missingFunctionsOf(celRuntime().parse("semver(self).major() > 1").expr)).toEqual(["major", "semver"]);
  });
});
