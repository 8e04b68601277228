/**
 * CEL syntax checks for Telemetry access-log filters, through the package's CEL engine
 * (`@bufbuild/cel`): the webhook parses the expression and rejects what does not parse.
 */
import { celRuntime } from "../cel/runtime.js";

/** Istio's access-log filter rule: the expression parses as CEL. */
export function celSyntaxError(expression: string): string | undefined {
  try {
    celRuntime().parse(expression);
    return undefined;
  } catch (error) {
    return `must be a valid CEL expression, ${error instanceof Error ? error.message : String(error)}`;
  }
}
