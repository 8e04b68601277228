/**
 * Plain scalars as Kubernetes reads them. kubectl, kustomize and Argo CD read YAML with
 * sigs.k8s.io/yaml, which decodes it with go-yaml v2 (YAML 1.1 booleans, Go's number syntax) and
 * then converts the result to JSON. Each row gives the scalar as written, the JSON value
 * Kubernetes gets for it, and why, from go-yaml v2's resolver: a value in its table of names
 * (booleans, nulls, infinities), else, when it starts with a digit or a sign, a timestamp (kept
 * as a string when decoded into an interface), an integer by `strconv.ParseInt(s, 0, 64)` after
 * dropping `_`, an unsigned one, a float matching `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`,
 * a `0b` binary number; when it starts with `.`, a float by `strconv.ParseFloat`; anything else
 * is a string.
 */
import { describe, expect, it } from "vitest";
import { parseManifests } from "./parse.js";

const ROWS: readonly (readonly [written: string, json: unknown, why: string])[] = [
  ["on", true, "in the table of names: a YAML 1.1 boolean"],
  ["On", true, "in the table, in each of its three cases"],
  ["ON", true, "in the table"],
  ["oN", "oN", "not in the table: a string"],
  ["off", false, "in the table"],
  ["yes", true, "in the table"],
  ["Yes", true, "in the table"],
  ["no", false, "in the table"],
  ["NO", false, "in the table"],
  ["y", true, "in the table: `y` and `Y` are true"],
  ["Y", true, "in the table"],
  ["n", false, "in the table: `n` and `N` are false"],
  ["true", true, "in the table"],
  ["False", false, "in the table"],
  ["~", null, "in the table: null"],
  ["null", null, "in the table"],
  ["Null", null, "in the table"],
  ["", null, "an empty value is null"],
  ["0777", 511, "ParseInt base 0: a leading 0 is octal"],
  ["0o777", 511, "ParseInt base 0: 0o is octal"],
  ["0O17", 15, "ParseInt base 0 takes the prefix in either case"],
  ["08", 8, "ParseInt fails (8 is not octal), the float pattern matches: the float 8"],
  ["0x1F", 31, "ParseInt base 0: hexadecimal"],
  ["+0x1F", 31, "ParseInt takes a sign before the prefix"],
  ["0b101", 5, "ParseInt base 0: binary"],
  ["1_000", 1000, "`_` is dropped before ParseInt"],
  ["1__0", 10, "every `_` is dropped"],
  ["+1", 1, "ParseInt takes a sign"],
  ["-0777", -511, "a negative octal"],
  [".5", 0.5, "starts with a dot: ParseFloat"],
  ["+.5", 0.5, "a sign: not an integer, the float pattern matches"],
  ["1.", 1, "the float pattern allows a trailing dot"],
  ["1e3", 1000, "not an integer, the float pattern matches: the float 1000"],
  ["1E-2", 0.01, "the float pattern takes E and a signed exponent"],
  ["1:20", "1:20", "go-yaml v2 has no sexagesimal numbers: a string (YAML 1.1's 80)"],
  ["190:20:30", "190:20:30", "a string"],
  ["2001-12-14", "2001-12-14", "a timestamp, which go-yaml keeps as a string when decoding into an interface"],
  ["2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00", "a timestamp: a string"],
  ["1.2.3", "1.2.3", "no number pattern matches: a string"],
  ["0x", "0x", "ParseInt fails and no pattern matches: a string"],
  ["0b102", "0b102", "not binary: a string"],
  ["_1", "_1", "does not start with a digit, sign or dot: a string"],
  ["99999999999999999999", 1e20, "past 64 bits: ParseInt and ParseUint fail, the float pattern matches"],
  ["<<", "<<", "a merge key only as a key"],
];

function valueOf(written: string): unknown {
  const { documents, issue } = parseManifests(`v: ${written}\n`, "t.yaml");
  expect(issue).toBeUndefined();
  return (documents[0]?.object as { v: unknown }).v;
}

describe("plain scalars, resolved as Kubernetes' YAML reader resolves them", () => {
  it.each(ROWS)("%j is %j (%s)", (written, json) => {
    expect(valueOf(written)).toEqual(json);
  });

  it.each([
    [".inf", "+Inf"],
    ["-.Inf", "-Inf"],
    [".NaN", "NaN"],
  ])("%s is a float that JSON cannot hold: sigs.k8s.io/yaml refuses the document, and so does meshform", (written, name) => {
    expect(parseManifests(`apiVersion: v1\nkind: ConfigMap\ndata:\n  v: ${written}\n`, "t.yaml").issue).toEqual({
      code: "YAML_SYNTAX",
      severity: "error",
      message: `cannot read as YAML: error converting YAML to JSON: json: unsupported value: ${name}`,
      hint: "quote the value if it is a string",
      source: { file: "t.yaml", line: 1 },
    });
  });

  it("reads the key `y` as the boolean true, written back as the key \"true\", as sigs.k8s.io/yaml does", () => {
    expect(parseManifests("y: 1\n", "t.yaml").documents[0]?.object).toEqual({ true: 1 });
  });
});

const FLOWS: readonly (readonly [flow: string, json: unknown, why: string])[] = [
    ["[1.2.3.4, 001:db8::]", ["1.2.3.4", "001:db8::"], "a plain scalar ends at a flow indicator or at `: `, so `001:db8::` is one string"],
    ["[fe80::, ::1]", ["fe80::", "::1"], "both addresses are strings"],
    ["[a:, b]", ["a:", "b"], "`a:` before `,` is a string, not a one-pair map"],
    ["{a: b, c: d:}", { a: "b", c: "d:" }, "a value ending in `:` inside a map"],
    ["[a:b]", ["a:b"], "`:` followed by a letter never split the scalar"],
    ["[a: b]", [{ a: "b" }], "`: ` still makes a one-pair map"],
    ['{"a":1, "b":[2]}', { a: 1, b: [2] }, "JSON: `:` after a quoted key is a value indicator"],
    ['["x:", \'y:\']', ["x:", "y:"], "quoted scalars are as written"],
];

describe("plain scalars in flow collections, read as go-yaml v2 reads them", () => {
  it.each(FLOWS)("%s is %j (%s)", (flow, json) => {
    expect(parseManifests(`v: ${flow}\n`, "t.yaml").documents[0]?.object).toEqual({ v: json });
  });

  it("leaves block scalars, comments and block-context values alone, and keeps every line where it was", () => {
    const text = ["a: |", "  echo [x:]", "b: x:] # [y:]", "c:", "  - [p:, q]", "d: 1", ""].join("\n");
    const { documents } = parseManifests(text, "t.yaml");
    expect(documents[0]?.object).toEqual({ a: "echo [x:]\n", b: "x:]", c: [["p:", "q"]], d: 1 });
    expect(documents[0]?.lineOf(["d"])).toBe(6);
  });
});
