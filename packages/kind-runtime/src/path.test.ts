import { describe, expect, it } from "vitest";
import { formatPath } from "./path.js";

describe("formatPath", () => {
  it.each<[readonly PropertyKey[], string]>([
    [["spec", "rules", 0, "backendRefs", 1, "weight"], "spec.rules[0].backendRefs[1].weight"],
    [["spec"], "spec"],
    [[], ""],
    [[0, "name"], "[0].name"],
    [["metadata", "labels", "app.kubernetes.io/name"], 'metadata.labels["app.kubernetes.io/name"]'],
    [["metadata", "annotations", "sidecar.istio.io/inject"], 'metadata.annotations["sidecar.istio.io/inject"]'],
    [["spec", "x-kubernetes-thing"], "spec.x-kubernetes-thing"],
    [["data", "with space"], 'data["with space"]'],
    [["data", 'say "hi"'], 'data["say \\"hi\\""]'],
    [["spec", ""], 'spec[""]'],
  ])("formats %j as %s", (path, want) => {
    expect(formatPath(path)).toBe(want);
  });
});
