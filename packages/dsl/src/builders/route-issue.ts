import { addIssue, type BuilderContext } from "../draft-store.js";
import type { BuilderIssueCode, Draft } from "../model.js";

/** The route a builder writes: where its issues are recorded and what they name. */
export interface RouteSite {
  readonly ctx: BuilderContext;
  readonly draft: Draft;
  readonly namespace: string;
}

/**
 * The context a route's guarded methods, and its rules', check their calls in: the route's model,
 * and the route's own builder call as the path a sealed-mesh error names.
 */
export function guardContext(site: RouteSite): BuilderContext {
  return { model: site.ctx.model, path: site.draft.builder };
}

/**
 * Records what a route builder cannot write as asked (a weight out of range, a backend without a
 * port...) at the caller's line of mesh.config.ts; `compile` reports it. The builder then leaves
 * the faulty part out, so the same mistake is not reported twice.
 */
export function reportRoute(site: RouteSite, code: BuilderIssueCode, path: readonly (string | number)[], message: string, hint?: string): void {
  addIssue(site.ctx, { code, message, ...(hint !== undefined ? { hint } : {}), path, draft: site.draft });
}
