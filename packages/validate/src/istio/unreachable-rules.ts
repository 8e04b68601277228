/**
 * The webhook's warnings about VirtualService rules that can never match: a rule after one without
 * matches, a match that repeats an earlier one, and a URI prefix match an earlier prefix covers.
 */
import type { VirtualServiceSpec, VirtualServiceSpecHttp, VirtualServiceSpecHttpMatch } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, entriesOf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

type Rule = { name?: string; match?: readonly object[] };

/** A JSON form of a match that ignores its name and unset (zero) fields, with sorted keys. */
function canonical(value: unknown): string | undefined {
  if (value === undefined || value === null || value === false || value === "" || value === 0) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item) ?? "null");
    return items.length === 0 ? undefined : `[${items.join(",")}]`;
  }
  if (typeof value !== "object") return JSON.stringify(value);
  const fields = Object.keys(value).sort().flatMap((key) => {
    const text = canonical((value as Record<string, unknown>)[key]);
    return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
  });
  return fields.length === 0 ? undefined : `{${fields.join(",")}}`;
}

function nameOf(item: { name?: string }, index: number): string {
  return item.name !== undefined && item.name !== "" ? quote(item.name) : `#${index}`;
}

type PrefixMatch = {
  index: number; rule: string; match: string; prefix: string; port: number; method: string; authority: string;
  headers: Map<string, string>; queryParams: Map<string, string>; withoutHeaders: Map<string, string>;
};

function exactOrPrefix(match: { exact?: string; prefix?: string } | undefined): string {
  if ((match?.exact ?? "") !== "") return `exact:${match?.exact}`;
  if ((match?.prefix ?? "") !== "") return `prefix:${match?.prefix}`;
  return "";
}

function prefixMatchOf(match: VirtualServiceSpecHttpMatch, index: number, rule: string, name: string): PrefixMatch | undefined {
  const prefix = match.uri?.prefix ?? "";
  if (prefix === "") return undefined;
  const map = (entries: { [key: string]: { exact?: string; prefix?: string } } | undefined): Map<string, string> =>
    new Map(entriesOf(entries).map(([key, value]) => [key, exactOrPrefix(value)]));
  return {
    index, rule, match: name, prefix, port: match.port ?? 0,
    method: exactOrPrefix(match.method) || "exact:GET", authority: exactOrPrefix(match.authority),
    headers: map(match.headers), queryParams: map(match.queryParams), withoutHeaders: map(match.withoutHeaders),
  };
}

function mapCovered(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  return [...a].every(([key, value]) => b.has(key) && (value === b.get(key) || value.startsWith(b.get(key) ?? "")));
}

/** Whether the earlier prefix match `a` takes every request the later `b` would. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return mapCovered(a.headers, b.headers) && mapCovered(a.queryParams, b.queryParams) && mapCovered(a.withoutHeaders, b.withoutHeaders);
}

function ineffective(out: Findings, path: FieldPath, rule: string, match: string, earlier: string): void {
  warn(out, path, `virtualService rule ${rule} match ${match} is not used (duplicate/overlapping match in rule ${earlier})`);
}

function analyzeRules(rules: readonly Rule[], path: FieldPath, out: Findings, named: boolean, minor: number): PrefixMatch[] {
  const seen = new Map<string, number>();
  const prefixes: PrefixMatch[] = [];
  let emptyAt = -1;
  const ruleName = (index: number): string => (named ? nameOf(rules[index] ?? {}, index) : `#${index}`);
  for (const [index, rule] of rules.entries()) {
    const matches = rule.match ?? [];
    if (matches.length === 0) {
      if (emptyAt >= 0) warn(out, [...path, index], `virtualService rule ${ruleName(index)} not used (only the last rule can have no matches)`);
      emptyAt = index;
      continue;
    }
    let duplicates = 0;
    for (const [matchIndex, match] of matches.entries()) {
      // From 1.27 a match after a rule without matches is reported as unreachable.
      if (emptyAt >= 0 && atLeast(minor, 27)) {
        warn(out, [...path, index], `virtualService rule ${ruleName(index)} not used (route without matches defined before)`);
        continue;
      }
      const matchName = named ? nameOf(match as { name?: string }, matchIndex) : `#${matchIndex}`;
      const key = canonical(named ? { ...match, name: undefined } : match) ?? "";
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        ineffective(out, [...path, index, "match", matchIndex], ruleName(index), matchName, ruleName(earlier));
        duplicates++;
        continue;
      }
      seen.set(key, index);
      const prefix = named ? prefixMatchOf(match as VirtualServiceSpecHttpMatch, index, ruleName(index), matchName) : undefined;
      if (prefix !== undefined) prefixes.push(prefix);
    }
    if (duplicates === matches.length) warn(out, [...path, index], `virtualService rule ${ruleName(index)} not used (all matches used by prior rules)`);
  }
  return prefixes;
}

function analyzeOverlaps(prefixes: readonly PrefixMatch[], out: Findings): void {
  for (const [index, a] of prefixes.entries()) {
    for (const b of prefixes.slice(index + 1)) {
      if (b.prefix === a.prefix || !covers(a, b)) continue;
      ineffective(out, ["spec", "http", b.index], b.rule, `${b.match} of prefix ${b.prefix}`, `${a.match} of prefix ${a.prefix} on ${a.rule}`);
    }
  }
}

/** Adds the webhook's unreachable-rule warnings for the HTTP, TCP and TLS routes of a VirtualService, as Istio 1.`minor` gives them. */
export function analyzeUnreachableRules(spec: VirtualServiceSpec, out: Findings, minor = NEWEST_MINOR): void {
  const http: readonly VirtualServiceSpecHttp[] = spec.http ?? [];
  analyzeOverlaps(analyzeRules(http, ["spec", "http"], out, true, minor), out);
  analyzeRules(spec.tcp ?? [], ["spec", "tcp"], out, false, minor);
  analyzeRules(spec.tls ?? [], ["spec", "tls"], out, false, minor);
}
