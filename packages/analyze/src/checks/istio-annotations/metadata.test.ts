/**
 * The generated table of Istio's annotations and labels is exactly what the script makes of
 * `../shared/specs`, and the lookups read it per release. Where the specs are absent the
 * regeneration check skips with a message, unless `MESHFORM_REQUIRE_SPECS=1` (CI), where it fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { annotationsAt, isAlpha, ISTIO_RELEASES, labelsAt, NEWEST_ISTIO_RELEASE } from "./metadata.js";
import { annotationsSource } from "./metadata-source.js";

const root = fileURLToPath(new URL("../../../../../", import.meta.url));
const specs = resolve(root, "../shared/specs");
const specsPresent = existsSync(specs);
const specsRequired = process.env.MESHFORM_REQUIRE_SPECS === "1";

if (!specsPresent && !specsRequired) {
  console.warn(`annotation table: regeneration check skipped, the upstream specs are absent (${specs}); set MESHFORM_REQUIRE_SPECS=1 to fail instead`);
}

describe.skipIf(!specsPresent && !specsRequired)("the generated annotation table", () => {
  test("is committed exactly as scripts/annotations.ts writes it (run `pnpm codegen`)", () => {
    expect(specsPresent, `MESHFORM_REQUIRE_SPECS=1 but the upstream specs are absent: ${specs}`).toBe(true);
    const committed = readFileSync(new URL("../../generated/annotations.ts", import.meta.url), "utf8");
    expect(committed === annotationsSource(specs)).toBe(true);
  });
});

describe("Istio's lists per release", () => {
  test("hold the seven releases, the newest read by default", () => {
    expect(ISTIO_RELEASES).toEqual(["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10", "1.29.6", "1.30.3"]);
    expect(NEWEST_ISTIO_RELEASE).toBe("1.30.3");
  });

  test("give each release its own entry where the list changed", () => {
    expect(annotationsAt("1.29.6").get("networking.istio.io/traffic-distribution")?.resources).toEqual(["Service", "ServiceEntry"]);
    expect(annotationsAt().get("networking.istio.io/traffic-distribution")?.resources).toEqual(["Namespace", "Service", "ServiceEntry"]);
    expect(annotationsAt("1.24.6").get("traffic.sidecar.istio.io/kubevirtInterfaces")?.deprecated).toBe(false);
    expect(annotationsAt("1.25.5").get("traffic.sidecar.istio.io/kubevirtInterfaces")?.deprecated).toBe(true);
    expect(labelsAt("1.27.9").get("istio.io/rev")?.featureStatus).toBe("Alpha");
    expect(labelsAt("1.28.10").get("istio.io/rev")?.featureStatus).toBe("Beta");
    expect([labelsAt("1.29.6").has("istio.io/ingress-use-waypoint"), labelsAt().has("istio.io/ingress-use-waypoint")]).toEqual([false, true]);
    expect(annotationsAt("1.0.0").size).toBe(0);
  });

  test("read an entry without a feature status as alpha, as Istio does", () => {
    const entry = annotationsAt().get("traffic.sidecar.istio.io/includeInboundPorts");
    expect([entry?.featureStatus, entry !== undefined && isAlpha(entry)]).toEqual([undefined, true]);
  });
});
