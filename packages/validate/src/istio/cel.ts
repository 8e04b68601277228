/**
 * CEL syntax checks for Telemetry access-log filters, through the package's CEL engine
 * (`@bufbuild/cel`): the webhook parses the expression and rejects what does not parse.
 */
import { parse } from "@bufbuild/cel";

/** Istio's access-log filter rule: the expression parses as CEL. */
export function celSyntaxError(expression: string): string | undefined {
  try {
    parse(expression);
    return undefined;
  } catch (error) {
    return `must be a valid CEL expression, ${error instanceof Error ? error.message : String(error)}`;
  }
}
