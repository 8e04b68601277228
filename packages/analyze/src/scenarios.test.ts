/**
 * The project's scenario as analysis sees it: the guide's YAML as written draws the findings an
 * Istio reviewer would raise, and the generated example (the guide corrected) is clean.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyzeMesh } from "./analyze.js";
import type { AnalyzedResource } from "./types.js";
import { pathText, readYaml } from "./testing.js";

const GUIDE = fileURLToPath(new URL("../../../../shared/scenarios/asm-guide/asm-guide.yaml", import.meta.url));
const GENERATED = fileURLToPath(new URL("../../../generated/", import.meta.url));
const guideNote = existsSync(GUIDE) ? "" : " (skipped: ../shared/scenarios/asm-guide/asm-guide.yaml is not present)";

/** Every resource of the YAML files under `folder`. */
function readTree(folder: string): AnalyzedResource[] {
  const files = readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml")).sort();
  return files.flatMap((file) => readYaml(readFileSync(join(folder, file), "utf8"), file));
}

describe("the guide's YAML as written", () => {
  test.skipIf(guideNote !== "")(`draws the findings an Istio reviewer would raise${guideNote}`, () => {
    const resources = readYaml(readFileSync(GUIDE, "utf8"), "asm-guide.yaml");
    const issues = analyzeMesh(resources);
    expect(issues.map((i) => [i.severity, i.code, `${i.resource?.kind} ${i.resource?.namespace}/${i.resource?.name}`, pathText(i.path), i.source?.line])).toEqual([
      ["warning", "SERVICE_NOT_FOUND", "HTTPRoute istio-system/internal-canary-route", "spec.parentRefs[0]", 51],
      ["warning", "ROUTE_NOT_ENFORCED", "HTTPRoute istio-system/internal-canary-route", "spec.parentRefs[0]", 51],
      ["warning", "SERVICE_NOT_FOUND", "HTTPRoute istio-system/internal-canary-route", "spec.rules[0].backendRefs[0]", 56],
      ["warning", "SERVICE_NOT_FOUND", "HTTPRoute istio-system/internal-canary-route", "spec.rules[0].backendRefs[1]", 59],
      ["warning", "EXTERNAL_POLICY_NOT_ENFORCED", "DestinationRule istio-system/external-svc-dr", "spec.trafficPolicy.connectionPool", 85],
      ["warning", "HTTP_SETTINGS_ON_NON_HTTP_PORT", "DestinationRule istio-system/external-svc-dr", "spec.trafficPolicy.connectionPool.http", 86],
      ["error", "SOURCE_IDENTITY_AT_INGRESS", "AuthorizationPolicy istio-system/gateway-auth", "spec.rules[0].from[0].source.principals", 116],
      ["error", "REQUEST_AUTHENTICATION_MISSING", "AuthorizationPolicy istio-system/gateway-auth", "spec.rules[0].when[0].key", 118],
    ]);
    expect(issues.filter((i) => i.code !== "SERVICE_NOT_FOUND").map((i) => i.message)).toEqual([
      "HTTPRoute attaches to Service istio-system/reviews-svc, but neither the Service nor namespace istio-system uses a waypoint (istio.io/use-waypoint), and in ambient mode only a waypoint applies routes to a Service, so nothing enforces this route",
      "DestinationRule sets a circuit breaker for host api.external.com, which ServiceEntry istio-system/external-svc-se declares and no waypoint serves (neither it nor namespace istio-system is labelled istio.io/use-waypoint), and ambient namespace default sees both: in ambient mode only a waypoint that serves the ServiceEntry applies a DestinationRule's traffic policy, never ztunnel, so requests from ambient workloads to api.external.com go out without the circuit breaker",
      "connectionPool.http has no effect: host api.external.com is served on port 443 as TLS (ServiceEntry istio-system/external-svc-se), which Istio proxies as an opaque stream without seeing HTTP requests",
      "source.principals matches the caller's mTLS identity, but the callers of ingress Gateway istio-system/prod-gateway are clients outside the mesh, which have none: the condition never matches, so the policy allows nothing and every request is denied",
      "request.auth.claims[iss] is set only for requests whose JWT a RequestAuthentication validated, and no RequestAuthentication of the set covers Gateway istio-system/prod-gateway: the condition never matches, so the policy allows nothing and every request is denied",
    ]);
  });
});

describe("the generated example", () => {
  test("is clean once the Services the config names with namespace.service() are declared external, and the config's suppression is given", () => {
    const resources = readTree(GENERATED);
    expect(resources.length).toBeGreaterThan(0);
    const external = { services: ["default/reviews-svc", "default/reviews-v1", "default/reviews-v2"] };
    expect(analyzeMesh(resources, { external }).map((i) => [i.severity, i.code, `${i.resource?.kind} ${i.resource?.namespace}/${i.resource?.name}`])).toEqual([
      ["info", "DESTINATION_RULE_CA_CERTIFICATES_MISSING", "DestinationRule istio-system/external-svc-dr"],
    ]);
    const suppressions = [{ code: "IST0128", reason: "api.external.com presents a certificate of a public CA", resource: "DestinationRule istio-system/external-svc-dr" }];
    expect(analyzeMesh(resources, { external, suppressions })).toEqual([]);
  });
});
