import { describe, expect, test } from "vitest";
import { exitCodeOf } from "./exit-code.js";
import { failOnOption, jsonOption, readFailOn } from "./options.js";

describe("shared options", () => {
  test("--json and --fail-on read the same in every command's help", () => {
    expect(jsonOption("one JSON object", "the summary").description).toBe("Print one JSON object on stdout instead of the summary");
    expect(failOnOption("Exit 1")).toEqual({ type: "string", valueHint: "error|warning", default: "error", description: "Exit 1 when a finding is at least this severe" });
  });

  test("--fail-on takes error or warning; anything else is a usage mistake", () => {
    expect(readFailOn("warning", "meshform test")).toBe("warning");
    expect(() => readFailOn("info", "meshform test")).toThrow("option '--fail-on' must be error or warning, not 'info'; see 'meshform test --help'");
  });
});

describe("exitCodeOf", () => {
  const warning = { code: "W", severity: "warning", message: "w" } as const;
  const info = { code: "I", severity: "info", message: "i" } as const;

  test.each([
    [[], {}, 0],
    [[warning, info], {}, 0],
    [[warning], { failOn: "warning" }, 1],
    [[info], { failOn: "warning" }, 0],
    [[{ ...warning, severity: "error" }], {}, 1],
    [[], { stale: true }, 1],
  ] as const)("%j with %j exits %i", (issues, outcome, code) => {
    expect(exitCodeOf(issues, outcome)).toBe(code);
  });
});
