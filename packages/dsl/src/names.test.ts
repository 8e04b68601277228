import { describe, expect, test } from "vitest";
import { NAME_RULES, objectNameRule, type NameRuleId } from "./names.js";

const cases: Record<NameRuleId, { readonly valid: readonly string[]; readonly invalid: readonly string[] }> = {
  dns1123Label: { valid: ["shop", "1-team", "a", "a".repeat(63)], invalid: ["Shop", "team.a", "-a", "a-", "", "a_b", "a".repeat(64)] },
  dns1123Subdomain: { valid: ["reviews", "reviews.v1", "1.2.3", "a".repeat(253)], invalid: ["Reviews", "a..b", ".a", "a b", "../../etc", "", "a".repeat(254)] },
  dns1035Label: { valid: ["api", "api-v2", "a"], invalid: ["1st", "Shop", "my shop", "a\nb", "../../etc", "a.b", "", "a".repeat(64)] },
  sectionName: { valid: ["http", "https-443", "a.b"], invalid: ["HTTP", "http_80", "", "a".repeat(254)] },
  qualifiedName: { valid: ["app", "app.kubernetes.io/name", "App_Name", "a".repeat(63)], invalid: ["team name", "/app", "example.com/", "Example.com/app", "-app", "a".repeat(64)] },
  labelValue: { valid: ["", "gold", "v1.2_3", "A"], invalid: ["gold plated", "-x", "x-", "a".repeat(64)] },
  port: { valid: ["1", "80", "65535"], invalid: ["0", "65536", "8.5", "-1"] },
};

describe("the Kubernetes name rules", () => {
  for (const [id, { valid, invalid }] of Object.entries(cases) as [NameRuleId, (typeof cases)[NameRuleId]][]) {
    test.each(valid)(`${id} accepts %j`, (value) => expect(NAME_RULES[id].problem(value)).toBeUndefined());
    test.each(invalid)(`${id} refuses %j`, (value) => expect(NAME_RULES[id].problem(value)).toEqual(expect.any(String)));
  }

  test("each rule says what is wrong in the API server's words", () => {
    expect(NAME_RULES.dns1035Label.problem("1st")).toBe(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
    expect(NAME_RULES.dns1123Label.problem("a".repeat(64))).toBe("must be no more than 63 characters");
    expect(NAME_RULES.dns1123Subdomain.problem("a".repeat(254))).toBe("must be no more than 253 characters");
    expect(NAME_RULES.qualifiedName.problem("Example.com/app")).toMatch(/^prefix part a lowercase RFC 1123 subdomain must consist of/);
    expect(NAME_RULES.port.problem("0")).toBe("must be between 1 and 65535, inclusive");
  });

  test("a kind's object names follow its rule: Services DNS-1035, Namespaces RFC 1123 labels, the rest subdomains", () => {
    expect(objectNameRule("Service")).toBe(NAME_RULES.dns1035Label);
    expect(objectNameRule("Namespace")).toBe(NAME_RULES.dns1123Label);
    expect(objectNameRule("HTTPRoute")).toBe(NAME_RULES.dns1123Subdomain);
  });
});
