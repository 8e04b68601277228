import { describe, expect, it } from "vitest";
import { ISTIO_ADMISSION_KINDS } from "./admission.js";
import { istioAdmissionChecks } from "./istio/index.js";

describe("ISTIO_ADMISSION_KINDS", () => {
  it("names exactly the kinds Istio's admission checks cover", () => {
    expect([...ISTIO_ADMISSION_KINDS].sort()).toEqual(Object.keys(istioAdmissionChecks).sort());
  });
});
