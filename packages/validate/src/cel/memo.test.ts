import { celList, isCelError, parse, plan, type CelResult, type CelValue } from "@bufbuild/cel";
import fc from "fast-check";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { kinds as istioKinds } from "@meshform/istio";
import { describe, expect, it } from "vitest";
import { toCelValue } from "./convert.js";
import { compileRule } from "./compile.js";
import { celEnvironment } from "./env.js";
import { keyOf, memoize, plainKeyOf, selfReadsOf, type SelfRead } from "./memo.js";

describe("selfReadsOf", () => {
  it("names each chain of fields a rule reads from self, and whether only presence matters", () => {
    expect(selfReadsOf(parse("has(self.a.b) && self.c == 'x' && size(self.c) > 0").expr)).toEqual([
      { path: ["a", "b"], use: "presence" },
      { path: ["c"], use: "value" },
      { path: ["c"], use: "size" },
    ]);
  });

  it("reads self itself when a rule is about a scalar self", () => {
    expect(selfReadsOf(parse("duration(self) >= duration('1ms')").expr)).toEqual([{ path: [], use: "value" }]);
  });

  it("follows constant indexes, and notes where only a size matters", () => {
    expect(selfReadsOf(parse("(self.size() > 0 ? self[0].matches.size() : 0) + size(self['a-b'][1].x) <= 8").expr)).toEqual([
      { path: [], use: "size" },
      { path: [0, "matches"], use: "size" },
      { path: ["a-b", 1, "x"], use: "size" },
    ]);
  });

  it("reads the whole value where self is iterated or indexed by a variable", () => {
    expect(selfReadsOf(parse("self.all(x, x > 0)").expr)).toEqual([{ path: [], use: "value" }]);
    expect(selfReadsOf(parse("self.items[self.at].port > 0").expr)).toEqual([
      { path: ["items"], use: "value" },
      { path: ["at"], use: "value" },
    ]);
  });

  it("gives no reads when a comprehension rebinds the name self", () => {
    expect(selfReadsOf(parse("[1, 2].all(self, self > 0)").expr)).toBeUndefined();
  });
});

describe("memoize", () => {
  function counted(reads: string): { run: (self: unknown) => CelResult; calls: () => number } {
    let calls = 0;
    const parsed = selfReadsOf(parse(reads).expr);
    if (parsed === undefined) throw new Error("no reads");
    const run = memoize((self) => {
      calls += 1;
      return calls;
    }, parsed);
    return { run, calls: () => calls };
  }

  it("evaluates once per combination of the values read", () => {
    const { run, calls } = counted("self.type == 'Exact' && self.value != ''");
    const first = run(toCelValue({ type: "Exact", value: "/", other: 1 }));
    expect(run(toCelValue({ type: "Exact", value: "/", other: 2 }))).toBe(first);
    expect(run(toCelValue({ type: "Exact", value: "/a" }))).not.toBe(first);
    expect(calls()).toBe(2);
  });

  it("tells values of different types, absent fields and presence apart", () => {
    const { run, calls } = counted("has(self.a) || self.b == 1");
    for (const b of [1, "1", 1.5, true, null]) run(toCelValue({ b }));
    run(toCelValue({}));
    run(toCelValue({ a: { x: 1 } }));
    run(toCelValue({ a: { y: 2 } }));
    expect(calls()).toBe(7);
  });

  it("remembers by size where only sizes are read, and tells a missing item apart", () => {
    const { run, calls } = counted("(self.size() > 0 ? self[0].m.size() : 0) + (self.size() > 1 ? self[1].m.size() : 0)");
    const first = run(toCelValue([{ m: [1, 2], name: "a" }]));
    expect(run(toCelValue([{ m: ["x", "y"], name: "b" }]))).toBe(first);
    run(toCelValue([{ m: [1, 2] }, { m: [] }]));
    run(toCelValue([{ m: { a: 1, b: 2 } }]));
    run(toCelValue([]));
    expect(calls()).toBe(4);
  });

  it("tells false apart from an absent field", () => {
    const { run, calls } = counted("self.on == false");
    run(toCelValue({ on: false }));
    run(toCelValue({}));
    run(toCelValue({ on: false }));
    expect(calls()).toBe(2);
  });

  it("does not remember an evaluation that reads a map or a list whole", () => {
    const { run, calls } = counted("self.items.exists(x, x == 1)");
    run(toCelValue({ items: [1] }));
    run(toCelValue({ items: [1] }));
    run(celList([]));
    expect(calls()).toBe(3);
  });

  it("keeps compiled rules' results exact: a failure stays a failure", () => {
    const rule = compileRule("(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true");
    if (rule.kind !== "program") throw new Error(rule.kind);
    for (let i = 0; i < 3; i += 1) {
      expect(rule.run(toCelValue({ type: "PathPrefix", value: "/" }))).toBe(true);
      expect(rule.run(toCelValue({ type: "PathPrefix", value: "x" }))).toBe(false);
      expect(rule.run(toCelValue({ type: "RegularExpression", value: "x" }))).toBe(true);
    }
  });
});

describe("remembered results of the shipped rules", () => {
  /** Every distinct rule text of the shipped kinds the cache can key, with what it reads. */
  const keyed = [...new Set([...gatewayKinds, ...experimentalKinds, ...istioKinds].flatMap((e) => e.info.rules.map((r) => r.rule)))]
    .filter((text) => !text.includes("__") && !text.includes("oldSelf") && compileRule(text).kind === "program")
    .map((text) => ({ text, parsed: parse(text) }))
    .flatMap(({ text, parsed }) => {
      const reads = selfReadsOf(parsed.expr);
      return reads === undefined ? [] : [{ text, reads, program: plan(celEnvironment(), parsed) as (b: { self: CelValue }) => CelResult }];
    });

  /** A result as comparable data: an evaluation error by its message. */
  const outcome = (result: CelResult): unknown => (isCelError(result) ? `error: ${result.message}` : typeof result === "bigint" ? `${result}n` : result);

  const scalar = fc.oneof(fc.constantFrom("", "/", "/a//b", "Exact", "PathPrefix", "RegularExpression", "Service", "10s", "1ms", "0.5ms", "a.b"), fc.integer({ min: -2, max: 70_000 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom("type", "value", "name", "port"), scalar, { maxKeys: 3 }));

  /** A value that has something (or nothing) at each place a rule reads. */
  function valueFor(reads: readonly SelfRead[]): fc.Arbitrary<unknown> {
    return fc.tuple(...reads.map(() => fc.option(value, { nil: undefined })), value).map(([...parts]) => {
      const root = parts.pop();
      if (reads.some((read) => read.path.length === 0)) return root;
      const self: Record<string, unknown> = {};
      reads.forEach((read, i) => {
        let node: unknown = self;
        for (const [depth, step] of read.path.entries()) {
          if (node === null || typeof node !== "object" || parts[i] === undefined) return;
          const at = node as Record<string | number, unknown>;
          if (depth === read.path.length - 1) at[step] = parts[i];
          else node = at[step] ??= typeof read.path[depth + 1] === "number" ? [] : {};
        }
      });
      return self;
    });
  }

  it("covers the rules that read only scalars, presence and sizes", () => {
    expect(keyed.length).toBeGreaterThan(40);
  });

  it("are what evaluating afresh gives, on any value", () => {
    for (const { text, reads, program } of keyed) {
      const remembered = memoize((self) => program({ self: self as CelValue }), reads);
      fc.assert(
        fc.property(fc.array(valueFor(reads), { minLength: 1, maxLength: 8 }), (values) => {
          for (const self of [...values, ...values]) expect([text, outcome(remembered(toCelValue(self)))]).toEqual([text, outcome(program({ self: toCelValue(self) }))]);
        }),
        { numRuns: 30 },
      );
    }
  });
});

describe("plainKeyOf", () => {
  const reads = selfReadsOf(parse("has(self.a.b) && self.c == 'x' && size(self.d) > 0 && self.e[1] == 2 && self.f.size() == 1").expr) ?? [];
  const scalar = fc.oneof(fc.constantFrom("", "x", "1"), fc.integer({ min: -3, max: 3 }), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-0));
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("tree"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e", "f"), tie("tree"), { maxKeys: 4 })),
  }));

  it("is the key of the value converted to CEL, on any value", () => {
    expect(reads.length).toBe(5);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e", "f"), tree, { maxKeys: 6 }), (self) => {
        expect(plainKeyOf(self, reads)).toBe(keyOf(toCelValue(self), reads));
      }),
      { numRuns: 500 },
    );
  });

  it("tells an int from a double and a string, and has no key for a list read whole", () => {
    const [read] = selfReadsOf(parse("self.c == 1").expr) ?? [];
    if (read === undefined) throw new Error("no read");
    expect(new Set([plainKeyOf({ c: 1 }, [read]), plainKeyOf({ c: 1.5 }, [read]), plainKeyOf({ c: "1" }, [read]), plainKeyOf({}, [read])]).size).toBe(4);
    expect(plainKeyOf({ c: [1] }, [read])).toBeUndefined();
  });
});
