// CONTRACT SKELETON: to be implemented (egress through an egress gateway, one intent).
import type { BuilderContext } from "../draft-store.js";
import type { Patchable } from "../refs.js";

/** The options of egress through an egress gateway. */
export interface EgressOptions {
  readonly host: string;
}

/** What an egress intent wrote. */
export interface EgressRef {
  readonly serviceEntry: Patchable;
}

/** Egress named `name` in `namespace`. */
export function addEgress(_ctx: BuilderContext, _namespace: string, _name: string, _options: EgressOptions): EgressRef {
  throw new Error("not built yet");
}
