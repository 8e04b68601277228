/**
 * Regular expressions: `matches` with RE2 semantics (the evaluator's RE2 engine, each pattern
 * compiled once per process), and the Kubernetes regex library's `find(regex)`, `findAll(regex)`
 * and `findAll(regex, limit)`, which need match positions and so run on JavaScript's engine after
 * translating RE2 syntax (`(?i)` and the other leading flags, `(?P<name>…)`, `\z`).
 */
import type { CelFunc } from "@bufbuild/cel";
import { celRuntime, re2Engine } from "./runtime.js";

const re2Cache = new Map<string, { test(text: string): boolean }>();
const jsCache = new Map<string, RegExp>();

/** The evaluator's RE2 hook, caching each compiled pattern for the life of the process. */
export const cachedRe2 = {
  compile(pattern: string): { test(text: string): boolean } {
    let matcher = re2Cache.get(pattern);
    if (matcher === undefined) {
      matcher = re2Engine().RE2JS.compile(pattern);
      re2Cache.set(pattern, matcher);
    }
    return matcher;
  },
};

/** Translates an RE2 pattern to a global JavaScript `RegExp`: leading `(?flags)` become flags. */
export function toJsRegExp(pattern: string): RegExp {
  let regexp = jsCache.get(pattern);
  if (regexp === undefined) {
    const flags = /^\(\?([imsU]+)\)/.exec(pattern);
    const body = (flags ? pattern.slice(flags[0].length) : pattern).replace(/\(\?P</g, "(?<").replace(/\\z/g, "$(?![\\s\\S])").replace(/\\A/g, "^");
    const js = [...new Set((flags?.[1] ?? "").replace("U", "").split(""))].join("");
    regexp = new RegExp(body, `gu${js}`);
    jsCache.set(pattern, regexp);
  }
  regexp.lastIndex = 0;
  return regexp;
}

/** The regex functions, for the CEL environment. */
export function regexFunctions(): readonly CelFunc[] {
  const { CelScalar, celMethod, listType } = celRuntime();
  return [
  celMethod("find", CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return toJsRegExp(pattern).exec(this)?.[0] ?? "";
  }),
  celMethod("findAll", CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (pattern) {
    return [...this.matchAll(toJsRegExp(pattern))].map((m) => m[0]);
  }),
  celMethod("findAll", CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (pattern, limit) {
    const all = [...this.matchAll(toJsRegExp(pattern))].map((m) => m[0]);
    return limit < 0n ? all : all.slice(0, Number(limit));
  }),
  ];
}
