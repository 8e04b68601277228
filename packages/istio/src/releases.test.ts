/**
 * Every Istio minor a managed mesh runs is checked by its own schema and CEL rules: `releases`
 * holds, per release, the kind entries of exactly that release's CRDs.
 */
import { describe, expect, it } from "vitest";
import type { KindEntry } from "@meshform/kind-runtime";
import { kinds, releases } from "@meshform/istio";

const RELEASES = ["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10", "1.29.6", "1.30.3"];

function entry(release: string, apiVersion: string, kind: string): KindEntry {
  const found = releases[release]?.find((e) => e.info.apiVersion === apiVersion && e.info.kind === kind);
  if (found === undefined) throw new Error(`no ${apiVersion} ${kind} in ${release}`);
  return found;
}

const withRetryBudget = {
  apiVersion: "networking.istio.io/v1",
  kind: "DestinationRule",
  metadata: { name: "reviews", namespace: "default" },
  spec: { host: "reviews", trafficPolicy: { retryBudget: { percent: 20 } } },
};

describe("releases", () => {
  it("lists every minor from 1.24 to 1.30, the newest being the generated kinds", () => {
    expect(Object.keys(releases)).toEqual(RELEASES);
    expect(releases["1.30.3"]).toBe(kinds);
  });

  it("gives each entry the metadata of its own release", () => {
    for (const release of RELEASES) {
      expect(releases[release]!.length).toBeGreaterThan(20);
      for (const { info } of releases[release]!) expect(info.source).toEqual({ file: `istio/${release}/crd-all.gen.yaml`, release });
    }
  });

  it("serves the kinds of each release", () => {
    expect(releases["1.24.6"]!.map((e) => e.info.kind)).not.toContain("TrafficExtension");
    expect(releases["1.30.3"]!.map((e) => e.info.kind)).toContain("TrafficExtension");
  });

  it("checks a field by the schema of the release it is validated for", () => {
    const verdicts = RELEASES.map((release) => entry(release, "networking.istio.io/v1", "DestinationRule").schema.safeParse(withRetryBudget).success);
    expect(verdicts).toEqual([false, false, false, true, true, true, true]);
  });

  it("carries each release's own CEL rules and defaults", () => {
    for (const release of RELEASES) {
      const { info } = entry(release, "networking.istio.io/v1", "DestinationRule");
      expect(info.rules.length).toBeGreaterThan(0);
      expect(Array.isArray(info.defaults)).toBe(true);
    }
  });
});
