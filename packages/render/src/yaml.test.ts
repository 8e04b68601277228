import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { formatYaml } from "./yaml.js";
import { isPlainSafe } from "./yaml-scalar.js";

/** Reads YAML as kubectl does (1.1) and as the `yaml` package does by default (1.2). */
function readBoth(text: string): [unknown, unknown] {
  return [parse(text, { version: "1.1" }), parse(text)];
}

const scalars: [name: string, given: unknown, want: string][] = [
  ["a plain word", "istio", "istio\n"],
  ["a path", "/api/v1", "/api/v1\n"],
  ["a host with a port", "reviews:9080", "reviews:9080\n"],
  ["a label key with a slash", "istio.io/rev", "istio.io/rev\n"],
  ["brackets inside", "a[0]", "a[0]\n"],
  ["a YAML 1.1 boolean", "on", '"on"\n'],
  ["a boolean in another case", "YES", '"YES"\n'],
  ["the single-letter boolean", "y", '"y"\n'],
  ["null", "Null", '"Null"\n'],
  ["tilde", "~", '"~"\n'],
  ["an exponent", "1e3", '"1e3"\n'],
  ["a bare exponent", "e3", '"e3"\n'],
  ["hex", "0x1F", '"0x1F"\n'],
  ["octal 1.2", "0o17", '"0o17"\n'],
  ["octal 1.1", "0755", '"0755"\n'],
  ["underscores", "1_000", '"1_000"\n'],
  ["a leading dot", ".5", '".5"\n'],
  ["a sign", "+1", '"+1"\n'],
  ["infinity", ".inf", '".inf"\n'],
  ["not a number", ".NaN", '".NaN"\n'],
  ["sexagesimal", "190:20:30", '"190:20:30"\n'],
  ["a date", "2001-12-14", '"2001-12-14"\n'],
  ["a version", "1.24.0", '"1.24.0"\n'],
  ["a wildcard host", "*.example.com", '"*.example.com"\n'],
  ["a comment sign", "# x", '"# x"\n'],
  ["an inner comment", "a #b", '"a #b"\n'],
  ["a colon and space", "a: b", '"a: b"\n'],
  ["a trailing colon", "a:", '"a:"\n'],
  ["a merge key", "<<", '"<<"\n'],
  ["the YAML 1.1 value key", "=", '"="\n'],
  ["an empty string", "", '""\n'],
  ["a leading space", " a", '" a"\n'],
  ["a trailing space", "a ", '"a "\n'],
  ["a quote inside", 'say "hi"', 'say "hi"\n'],
  ["a quote first", '"hi"', '"\\"hi\\""\n'],
  ["a newline", "a\nb", '"a\\nb"\n'],
  ["a tab", "a\tb", '"a\\tb"\n'],
  ["a control character", "a\u0007", '"a\\x07"\n'],
  ["YAML 1.1 line breaks", "a\u0085b\u2028c", '"a\\x85b\\u2028c"\n'],
  ["a byte-order mark", "\ufeffa", '"\\ufeffa"\n'],
  ["a lone surrogate", "\ud800", '"\\ud800"\n'],
  ["non-ASCII text", "héllo 😀", '"héllo 😀"\n'],
  ["a backslash", "a\\d+", "a\\d+\n"],
  ["an integer", 9080, "9080\n"],
  ["a negative float", -0.5, "-0.5\n"],
  ["negative zero", -0, "0\n"],
  ["a small float", 1.5e-7, "1.5e-7\n"],
  ["a large number", 1e21, "1.0e+21\n"],
  ["true", true, "true\n"],
  ["null value", null, "null\n"],
  ["an empty object", {}, "{}\n"],
  ["an empty array", [], "[]\n"],
];

describe("formatYaml on scalars", () => {
  test.each(scalars)("writes %s", (_name, given, want) => {
    expect(formatYaml(given)).toBe(want);
    const [v11, v12] = readBoth(want);
    expect(v11).toEqual(given === -0 ? 0 : given);
    expect(v12).toEqual(given === -0 ? 0 : given);
  });
});

describe("formatYaml on collections", () => {
  test("writes nested objects and arrays in block style, keys in insertion order, YAML 1.1 words quoted as keys too", () => {
    const given = {
      z: 1,
      a: { list: ["x", { k: "v", n: [1, 2] }, [3, [4]], {}, []], empty: {} },
      on: "off",
      skipped: undefined,
    };
    expect(formatYaml(given)).toBe(
      [
        "z: 1",
        "a:",
        "  list:",
        "    - x",
        "    - k: v",
        '      "n":',
        "        - 1",
        "        - 2",
        "    - - 3",
        "      - - 4",
        "    - {}",
        "    - []",
        "  empty: {}",
        '"on": "off"',
        "",
      ].join("\n"),
    );
  });

  test("writes a key longer than YAML's implicit-key limit as an explicit key", () => {
    const key = "k".repeat(1200);
    const text = formatYaml({ [key]: { a: 1 }, b: [{ [key]: "v" }] });
    expect(text).toBe(`? ${key}\n:\n  a: 1\nb:\n  - ? ${key}\n    : v\n`);
    expect(readBoth(text)).toEqual([{ [key]: { a: 1 }, b: [{ [key]: "v" }] }, { [key]: { a: 1 }, b: [{ [key]: "v" }] }]);
  });
});

describe("formatYaml on values that are not JSON", () => {
  test.each([
    ["NaN", { spec: { weight: Number.NaN } }, "spec.weight: NaN is not plain JSON data and cannot be written as YAML"],
    ["Infinity", [Number.POSITIVE_INFINITY], "[0]: Infinity is not plain JSON data and cannot be written as YAML"],
    ["a Date", { at: new Date(0) }, "at: a Date object is not plain JSON data and cannot be written as YAML"],
    ["a function", { f: () => 1 }, "f: a function is not plain JSON data and cannot be written as YAML"],
    ["an undefined item", { list: [1, undefined] }, "list[1]: undefined is not plain JSON data and cannot be written as YAML"],
    ["a bigint", { n: 1n }, "n: a bigint is not plain JSON data and cannot be written as YAML"],
  ])("refuses %s", (_name, given, message) => {
    expect(() => formatYaml(given)).toThrowError(message);
  });
});

/** Pieces that make strings YAML readers disagree on, glued together at random. */
const PIECES = ["y", "N", "on", "Off", "true", "null", "~", "1", "0", "e", "x", "o", "b", "_", ".", "-", "+", ":", " ", "#", "?", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "\\", "\n", "\t", "\r", "<<", "=", "2001-12-14", "12:30", ".inf", "\u2028", "\u0085", "\ufeff", "é", "😀", "\u0000"];

const tricky = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 5 }).map((pieces) => pieces.join("")),
  fc.string(),
  fc.string({ unit: "binary" }),
);

const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tricky,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(tricky, tie("json"), { maxKeys: 4 }),
  ),
}));

describe("formatYaml read back", () => {
  test("YAML 1.1 and 1.2 readers both read any JSON value back as it was", () => {
    fc.assert(
      fc.property(json, (value) => {
        const want = JSON.parse(JSON.stringify(value)) as unknown;
        const text = formatYaml(value);
        const [v11, v12] = readBoth(text);
        expect(v11).toEqual(want);
        expect(v12).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  test("a string written plain is read back as that string", () => {
    fc.assert(
      fc.property(tricky, (text) => {
        fc.pre(isPlainSafe(text));
        expect(readBoth(`k: ${text}\n`)).toEqual([{ k: text }, { k: text }]);
      }),
      { numRuns: 400 },
    );
  });
});
