import { describe, expect, it } from "vitest";
import { sinceOf } from "./availability.js";
import type { AvailabilityIndex } from "./kind-info.js";

const INDEX: AvailabilityIndex = {
  product: "Istio",
  releases: ["1.24.6", "1.30.3"],
  kinds: {
    "networking.istio.io/v1/DestinationRule": {
      since: "1.24.6",
      fields: { "spec.trafficPolicy.retryBudget": "1.30.3" },
    },
    "networking.istio.io/v1/VirtualService": { since: "1.24.6", fields: {} },
    "security.istio.io/v1/PeerAuthentication": { since: "1.30.3", fields: {} },
  },
};

describe("sinceOf", () => {
  it.each<[string, string, string | undefined, string | undefined]>([
    ["the kind version itself", "networking.istio.io/v1/DestinationRule", undefined, "1.24.6"],
    ["a kind version first in a later release", "security.istio.io/v1/PeerAuthentication", undefined, "1.30.3"],
    ["a field that came later", "networking.istio.io/v1/DestinationRule", "spec.trafficPolicy.retryBudget", "1.30.3"],
    ["a field under one that came later", "networking.istio.io/v1/DestinationRule", "spec.trafficPolicy.retryBudget.percent.value", "1.30.3"],
    ["a field as old as its kind", "networking.istio.io/v1/DestinationRule", "spec.trafficPolicy.loadBalancer", "1.24.6"],
    ["a field whose name starts like a later one", "networking.istio.io/v1/DestinationRule", "spec.trafficPolicy.retryBudgetX", "1.24.6"],
    ["a kind no compared release has", "networking.istio.io/v1/Gateway", undefined, undefined],
    ["a field of a kind no compared release has", "networking.istio.io/v1alpha3/DestinationRule", "spec.host", undefined],
  ])("gives the release of %s", (_name, key, field, want) => {
    const [apiVersion, kind] = [key.slice(0, key.lastIndexOf("/")), key.slice(key.lastIndexOf("/") + 1)];
    expect(sinceOf(INDEX, apiVersion, kind, field)).toBe(want);
  });
});
