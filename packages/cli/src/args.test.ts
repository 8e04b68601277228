import { describe, expect, test } from "vitest";
import { readOptions, splitInputs } from "./args.js";

const options = {
  crd: { type: "string", valueHint: "file", multiple: true },
  out: { type: "string", valueHint: "dir" },
  product: { type: "string", default: "Custom" },
  check: { type: "boolean" },
} as const;

const read = (argv: string[]) => readOptions(argv, options, "meshform test");

describe("readOptions", () => {
  test("collects a repeatable option in order and fills defaults", () => {
    expect(read(["--crd", "a.yaml", "--out", "out", "--crd=b.yaml"])).toEqual({
      values: { crd: ["a.yaml", "b.yaml"], out: "out", product: "Custom", check: false },
      given: ["crd", "out"],
    });
  });

  test("reads --flag and --no-flag", () => {
    expect(read(["--check"]).values.check).toBe(true);
    expect(read(["--check", "--no-check"]).values.check).toBe(false);
  });

  test("a trailing -- is allowed", () => {
    expect(read(["--out", "x", "--"]).given).toEqual(["out"]);
  });

  test.each([
    [["--nope"], "unknown option '--nope'"],
    [["--nope=1"], "unknown option '--nope'"],
    [["-x"], "unknown option '-x'"],
    [["--no-out"], "unknown option '--no-out'"],
    [["--out"], "option '--out' needs a value (--out <dir>)"],
    [["--out", "--check"], "option '--out' needs a value (--out <dir>)"],
    [["--product"], "option '--product' needs a value (--product <value>)"],
    [["--out", "a", "--out", "b"], "option '--out' is given more than once"],
    [["--check=yes"], "option '--check' takes no value"],
    [["stray"], "unexpected argument 'stray'"],
    [["--", "extra"], "unexpected argument 'extra'"],
  ])("%j is a usage mistake", (argv, message) => {
    expect(() => read(argv)).toThrow(expect.objectContaining({ name: "UsageError", code: "USAGE", message: `${message}; see 'meshform test --help'` }));
  });
});

describe("splitInputs", () => {
  test("takes words, - and everything after -- as inputs, and a string option's next word as its value", () => {
    expect(splitInputs(["a.yaml", "--out", "x", "-", "--check", "dir/", "--", "--odd.yaml"], options, "meshform test")).toEqual({
      inputs: ["a.yaml", "-", "dir/", "--odd.yaml"],
      options: ["--out", "x", "--check"],
    });
  });

  test("no input is a usage mistake", () => {
    expect(() => splitInputs(["--check"], options, "meshform test")).toThrow("no input given: name files, folders, or - for standard input; see 'meshform test --help'");
  });
});
