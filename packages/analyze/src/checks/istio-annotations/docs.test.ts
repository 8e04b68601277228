/** Each page of this folder's codes draws its code with its example, and none of it with its silent case. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { analyzeYaml } from "../../testing.js";
import { ISTIO_ANNOTATIONS_CHECKS } from "./index.js";

const page = (code: string) => readFileSync(new URL(`../../../../../docs/analysis/${code}.md`, import.meta.url), "utf8");
const block = (text: string, heading: string) => new RegExp(`## ${heading}[\\s\\S]*?\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(text)?.[1];

describe("docs/analysis pages of the annotation checks", () => {
  test.each(ISTIO_ANNOTATIONS_CHECKS.map((c) => [c.code, c] as const))("%s: the example draws it, the silent case does not", (code, check) => {
    const text = page(code);
    expect(text.split("\n")[2]).toBe(`Severity **${check.severity}** · annotations and deprecations · istioctl **${check.istioctlCode ?? ""}** · checked by \`packages/analyze/src/checks/istio-annotations/${code.toLowerCase().replaceAll("_", "-")}.ts\``);
    const example = block(text, "Example");
    const silent = block(text, "Silent");
    expect([example !== undefined && analyzeYaml(example).filter((i) => i.code === code).length, silent !== undefined && analyzeYaml(silent).some((i) => i.code === code)]).toEqual([1, false]);
  });
});
