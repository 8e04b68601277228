import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { fileNameOf, isDnsSubdomain, MAX_FILE_NAME } from "./names.js";
import { isSafePath } from "./owned.js";

/** A longest valid DNS-1123 subdomain: labels of 63, 63, 63 and 61 characters, 253 with the dots. */
const LONGEST = ["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61)].join(".");

describe("fileNameOf", () => {
  test("names a file <kind>_<group>_<name>.yaml, or <kind>_<name>.yaml in the core group", () => {
    expect(fileNameOf("gateway.networking.k8s.io", "Gateway", "public")).toBe("gateway_gateway.networking.k8s.io_public.yaml");
    expect(fileNameOf("", "ConfigMap", "settings")).toBe("configmap_settings.yaml");
  });

  test("keeps a name of exactly the limit whole, and shortens one a character longer", () => {
    const exact = "n".repeat(MAX_FILE_NAME - "configmap_.yaml".length);
    expect(fileNameOf("", "ConfigMap", exact)).toBe(`configmap_${exact}.yaml`);
    expect(fileNameOf("", "ConfigMap", `${exact}n`)).toMatch(/^configmap_n+__[0-9a-f]{16}\.yaml$/);
  });

  test("fits every valid name: the longest group and name give a readable, safe name of at most the limit", () => {
    expect([LONGEST.length, isDnsSubdomain(LONGEST)]).toEqual([253, true]);
    const file = fileNameOf(LONGEST, "HTTPRoute", LONGEST);
    const full = `httproute_${LONGEST}_${LONGEST}`;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 16);
    expect(file).toBe(`${full.slice(0, MAX_FILE_NAME - 23)}__${hash}.yaml`);
    expect(Buffer.byteLength(file)).toBe(MAX_FILE_NAME);
    expect(isSafePath(`shop/${file}`)).toBe(true);
  });

  test("gives the same resource the same name, and names that share their first characters different ones", () => {
    const base = "x".repeat(240);
    expect(fileNameOf("example.com", "Widget", `${base}a`)).toBe(fileNameOf("example.com", "Widget", `${base}a`));
    const names = new Set(["a", "b", "c", "aa", "a.b"].map((end) => fileNameOf("example.com", "Widget", `${base}${end}`)));
    expect(names.size).toBe(5);
    expect(fileNameOf("example.com", "Widget", `${base}a`)).not.toBe(fileNameOf("example.org", "Widget", `${base}a`));
  });

  test("a shortened name never equals a whole one: only shortened names hold '__'", () => {
    const shortened = fileNameOf("", "ConfigMap", LONGEST);
    expect(shortened).toContain("__");
    expect(fileNameOf("", "ConfigMap", "settings")).not.toContain("__");
  });
});
