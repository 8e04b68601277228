/**
 * How much of the CRDs' CEL the engine covers: every rule of every kind meshform ships, counted
 * as evaluated, skipped (transition rules, which only apply to updates) or a gap (not checked).
 */
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { kinds as istioKinds } from "@meshform/istio";
import { kinds as k8sKinds } from "@meshform/k8s";
import type { KindEntry } from "@meshform/kind-runtime";
import { compileRule } from "./cel/compile.js";

/** The coverage of a set of rules. */
export interface RuleCoverage {
  /** Rules over every kind version (a rule shared by several versions counts for each). */
  readonly rules: number;
  /** Distinct rule texts; each is compiled once per process. */
  readonly distinct: number;
  /** Distinct rule texts the engine evaluates. */
  readonly compiled: number;
  /** Distinct transition rules (they read `oldSelf`): skipped, as they never apply to a create. */
  readonly transition: number;
  /** Distinct rule texts the engine cannot evaluate, with the reason. */
  readonly gaps: readonly { readonly rule: string; readonly reason: string }[];
}

/** Compiles every rule of `entries` (by default, every kind meshform ships) and counts the outcome. */
export function describeRuleCoverage(entries: readonly KindEntry[] = [...k8sKinds, ...istioKinds, ...gatewayKinds, ...experimentalKinds]): RuleCoverage {
  const texts = new Set<string>();
  let rules = 0;
  for (const { info } of entries) {
    for (const rule of info.rules) {
      rules += 1;
      texts.add(rule.rule);
      if (rule.messageExpression !== undefined) texts.add(rule.messageExpression);
    }
  }
  let compiled = 0;
  let transition = 0;
  const gaps: { rule: string; reason: string }[] = [];
  for (const text of texts) {
    const result = compileRule(text);
    if (result.kind === "program") compiled += 1;
    else if (result.kind === "transition") transition += 1;
    else gaps.push({ rule: text, reason: result.reason });
  }
  return { rules, distinct: texts.size, compiled, transition, gaps };
}
