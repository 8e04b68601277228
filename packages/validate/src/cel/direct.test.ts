import { isCelError, parse, type CelResult } from "@bufbuild/cel";
import fc from "fast-check";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { kinds as istioKinds } from "@meshform/istio";
import { describe, expect, it } from "vitest";
import { compileRule, unescapePropertyName } from "./compile.js";
import { toCelValue } from "./convert.js";
import { directProgramOf, UNDECIDED, type DirectProgram } from "./direct.js";

/** The rule compiled as the validator compiles it (field names unescaped), with its direct form. */
function compiled(text: string): { direct: DirectProgram | undefined; run: (self: unknown) => CelResult } {
  const rule = compileRule(text);
  if (rule.kind !== "program") throw new Error(`${text}: ${rule.kind}`);
  return { direct: rule.direct, run: (self) => rule.run(toCelValue(self)) };
}

function direct(text: string, self: unknown): boolean | typeof UNDECIDED {
  const program = compiled(text).direct;
  if (program === undefined) throw new Error(`no direct form: ${text}`);
  return program(self);
}

describe("directProgramOf", () => {
  it.each([
    ["(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true", { type: "PathPrefix", value: "/a" }, true],
    ["(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true", { type: "PathPrefix", value: "a" }, false],
    ["(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true", { type: "RegularExpression" }, true],
    ["self.value.matches(r\"\"\"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$\"\"\")", { value: "/a%2F" }, true],
    ["self.value.matches('^(?i)abc$')", { value: "ABC" }, true],
    ["size(self.name) == 2", { name: "é😀" }, true],
    ["self.name.size() <= 1", { name: "😀" }, true],
    ["self.all(p1, self.exists_one(p2, p1.name == p2.name))", [{ name: "a" }, { name: "b" }], true],
    ["self.all(p1, self.exists_one(p2, p1.name == p2.name))", [{ name: "a" }, { name: "a" }], false],
    ["self.exists(x, x == 'b')", { a: 1, b: 2 }, true],
    ["has(self.a) && !has(self.b)", { a: 0 }, true],
    ["has(self.matches[0].path)", { matches: [{ path: {} }] }, true],
    ["(self.size() > 0 ? self[0].m.size() : 0) + (self.size() > 1 ? self[1].m.size() : 0) <= 3", [{ m: [1, 2] }, { m: { a: 1 } }], true],
    ["self.a < 2 && self.b == 1 && self.c != 1", { a: 1.5, b: 1, c: "1" }, true],
    ["self.x + 'b' == 'ab' && -self.n == 2 - 4", { x: "a", n: 2 }, true],
    ["'b' in self.tags && !('c' in self.labels)", { tags: ["a", "b"], labels: { a: "1" } }, true],
    ["((has(self.s) && has(self.s.m)) ? self.s.m : {}).size() > 0", {}, false],
    ["self.__namespace__ == 'a'", { namespace: "a" }, true],
  ])("%s on %j is %s, as the evaluator says", (text, self, expected) => {
    expect(direct(text, self)).toBe(expected);
    expect(compiled(text).run(self)).toBe(expected);
  });

  it.each([
    ["a missing field", "self.missing > 1", { a: 1 }],
    ["an index out of range", "self[1] == 'a'", ["a"]],
    ["a comparison across types", "self.a < 'b'", { a: 1 }],
    ["a non-boolean condition", "self.a ? true : false", { a: 1 }],
    ["a non-boolean operand of &&", "self.a && true", { a: "yes" }],
    ["integer arithmetic on a double", "self.a + 1 > 0", { a: 1.5 }],
    ["an integer past 2^53", "self.a * self.a > 0", { a: 2 ** 40 }],
    ["lists compared whole", "self.a == self.b", { a: [1], b: [1] }],
    ["a method of another type", "self.a.startsWith('x')", { a: 1 }],
    ["a field of a list", "self.a.b == 1", { a: [] }],
    ["a function it lacks, on the path taken", "self.a == 'x' || isIP(self.a)", { a: "1.2.3.4" }],
    ["a pattern RE2 does not compile", "self.a.matches(self.p)", { a: "x", p: "(" }],
    ["a map key whose value is null", "'a' in self.m", { m: { a: null } }],
  ])("leaves %s to the evaluator", (_, text, self) => {
    expect(direct(text, self)).toBe(UNDECIDED);
  });

  it("decides without the function it lacks where that branch is not taken", () => {
    expect(direct("self.a == 'x' || isIP(self.a)", { a: "x" })).toBe(true);
  });

  it("has no direct form for a rule that always needs the evaluator", () => {
    for (const text of ["timestamp(self) > timestamp('2020-01-01T00:00:00Z')", "self.a == 1.0", "self.all(k, v, v > 0)", "url(self).getScheme() == 'https'"]) {
      expect(directProgramOf(parse(text).expr)).toBeUndefined();
    }
  });
});

describe("direct evaluation of duration()", () => {
  const rule = "duration(self) >= duration('1ms')";

  it.each([
    ["10s", true],
    ["1ms", true],
    ["999us", false],
    ["1h30m", true],
    ["1000000ns", true],
    ["999999ns", false],
    ["0s", false],
    ["2562047h47m16s854ms775us807ns", true],
  ])("decides %s as the evaluator does (%s)", (self, expected) => {
    expect(direct(rule, self)).toBe(expected);
    expect(compiled(rule).run(self)).toBe(expected);
  });

  it.each([["1.5s"], ["-1s"], ["0"], [""], ["1"], ["1d"], ["s"], [" 1s"], ["2562047h47m16s854ms775us808ns"]])("leaves %j to the evaluator", (self) => {
    expect(direct(rule, self)).toBe(UNDECIDED);
  });

  it("agrees with the evaluator wherever it decides, on any duration-like string", () => {
    const unit = fc.constantFrom("ns", "us", "µs", "μs", "ms", "s", "m", "h", "d", "");
    const part = fc.tuple(fc.oneof(fc.nat({ max: 5000 }).map(String), fc.constantFrom("0", "1.5", "-1", "99999999999999", "007")), unit).map(([amount, u]) => amount + u);
    const text = fc.oneof(fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("")), fc.string({ maxLength: 6 }));
    const rules = [rule, "duration(self) <= duration('1h')", "duration(self) > duration(self)"].map((r) => ({ r, ...compiled(r) }));
    let decided = 0;
    fc.assert(
      fc.property(text, (value) => {
        for (const { r, direct: decide, run } of rules) {
          const answer = decide!(value);
          if (answer === UNDECIDED) continue;
          decided += 1;
          expect([r, value, answer]).toEqual([r, value, outcome(run(value))]);
        }
      }),
      { numRuns: 2000 },
    );
    expect(decided).toBeGreaterThan(300);
  });
});

describe("direct evaluation of each operator", () => {
  const expressions = [
    "self.a == self.b", "self.a != self.b", "self.a < self.b", "self.a <= self.b", "self.a > self.b", "self.a >= self.b",
    "self.a + self.b == self.a", "self.a - self.b < 1", "self.a * self.b >= 0", "-self.a < 0", "!self.a", "self.a && self.b", "self.a || self.b",
    "self.a ? self.b == 1 : false", "self.a in self.l", "self.a in self.m", "size(self.a) > 1", "self.l.size() == 2", "self.m.size() == 1",
    "has(self.m.a)", "has(self.m.b)", "self.l[1] == self.a", "self.m['a'] == self.b", "self.l.all(x, x == self.a)", "self.l.exists(x, x != self.b)",
    "self.l.exists_one(x, x == 1)", "self.m.all(k, k != 'b')", "self.a.startsWith(self.b)", "self.a.endsWith('x')", "self.a.contains(self.b)",
    "self.a.matches(self.b)", "[self.a, 1].exists(x, x == self.b)",
  ];
  const scalar = fc.oneof(
    { arbitrary: fc.constantFrom("", "a", "x", "ab", "😀", "(", "^a"), weight: 2 },
    { arbitrary: fc.integer({ min: -2, max: 2 }), weight: 2 },
    fc.constantFrom(2 ** 53, -(2 ** 60), 0.5, -0),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.oneof({ arbitrary: scalar, weight: 4 }, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b"), scalar, { maxKeys: 2 }));
  const self = fc.record({ a: value, b: value, l: fc.array(value, { maxLength: 3 }), m: fc.dictionary(fc.constantFrom("a", "b"), value, { maxKeys: 2 }) }, { requiredKeys: [] });

  it("agrees with the evaluator wherever it decides, on any value", () => {
    for (const text of expressions) {
      const { direct: decide, run } = compiled(text);
      if (decide === undefined) throw new Error(`no direct form: ${text}`);
      let decided = 0;
      fc.assert(
        fc.property(self, (value) => {
          const answer = decide(value);
          if (answer === UNDECIDED) return;
          decided += 1;
          expect([text, value, answer]).toEqual([text, value, outcome(run(value))]);
        }),
        { numRuns: 1000 },
      );
      expect([text, decided > 0]).toEqual([text, true]);
    }
  }, 60_000);
});

describe("direct evaluation of the shipped rules", () => {
  const texts = [...new Set([...gatewayKinds, ...experimentalKinds, ...istioKinds].flatMap((e) => e.info.rules.map((r) => r.rule)))].filter(
    (text) => !text.includes("oldSelf"),
  );
  const rules = texts.flatMap((text) => {
    const rule = compileRule(text);
    if (rule.kind !== "program" || rule.direct === undefined) return [];
    return [{ text, decide: rule.direct, run: rule.run, ...vocabularyOf(parse(text).expr) }];
  });

  it("covers most of the rules", () => {
    expect(rules.length).toBeGreaterThan(texts.length / 2);
  });

  it("never disagrees with the evaluator, and decides a good share of values", () => {
    let decided = 0;
    let evaluated = 0;
    for (const { text, decide, run, fields, strings } of rules) {
      const scalar = fc.oneof(fc.constantFrom("", "/", "a", "😀", ...strings), fc.integer({ min: -3, max: 70_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
      const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
        tree: fc.oneof(
          { depthSize: "small", withCrossShrink: true },
          scalar,
          fc.array(tie("tree"), { maxLength: 3 }),
          fc.dictionary(fc.constantFrom(...fields, "other"), tie("tree"), { maxKeys: 4 }),
        ),
      }));
      const self = fc.oneof(fc.dictionary(fc.constantFrom(...fields, "other"), tree, { minKeys: 1, maxKeys: 6 }), tree);
      fc.assert(
        fc.property(self, (value) => {
          const answer = decide(value);
          const expected = outcome(run(toCelValue(value)));
          evaluated += 1;
          if (answer === UNDECIDED) return;
          decided += 1;
          expect([text, value, answer]).toEqual([text, value, expected]);
        }),
        { numRuns: 40 },
      );
    }
    expect(decided).toBeGreaterThan(evaluated / 4);
  }, 60_000);
});

/** The field names a parsed rule selects and the string constants it holds, to build values it reads. */
function vocabularyOf(expr: unknown): { fields: string[]; strings: string[] } {
  const fields = new Set<string>();
  const strings = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const kind = (node as { exprKind?: { case?: string; value?: { field?: string; constantKind?: { case?: string; value?: unknown } } } }).exprKind;
    if (kind?.case === "selectExpr" && typeof kind.value?.field === "string") fields.add(unescapePropertyName(kind.value.field));
    if (kind?.case === "constExpr" && kind.value?.constantKind?.case === "stringValue") strings.add(String(kind.value.constantKind.value));
    for (const [key, child] of Object.entries(node)) if (key !== "$typeName") walk(child);
  };
  walk(expr);
  return { fields: fields.size > 0 ? [...fields] : ["name"], strings: [...strings].slice(0, 20) };
}

function outcome(result: CelResult): unknown {
  return isCelError(result) ? "error" : result;
}
