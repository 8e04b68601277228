/**
 * The CEL environment the rules are evaluated in: the standard definitions of @bufbuild/cel
 * (macros, operators, `duration`, `timestamp`, conversions, RE2 `matches`) with `int(string)` and
 * `uint(string)` read as cel-go reads them, its strings
 * extension, and the Kubernetes libraries the CRDs' rules call (URL, IP and CIDR, quantity,
 * format, lists, regex `find`/`findAll`). Built once per process, the first time a rule needs the
 * evaluator (see `runtime.ts`).
 */
import type { CelEnv } from "@bufbuild/cel";
import { conversionFunctions } from "./lib-convert.js";
import { formatFunctions } from "./lib-format.js";
import { listFunctions } from "./lib-lists.js";
import { netFunctions } from "./lib-net.js";
import { quantityFunctions } from "./lib-quantity.js";
import { cachedRe2, regexFunctions } from "./lib-regex.js";
import { urlFunctions } from "./lib-url.js";
import { celExtensions, celRuntime } from "./runtime.js";

let environment: CelEnv | undefined;

/** The one CEL environment of the process, built (and `@bufbuild/cel` loaded) on first use. */
export function celEnvironment(): CelEnv {
  environment ??= celRuntime().celEnv({
    funcs: [
      ...conversionFunctions(),
      ...celExtensions().strings,
      ...urlFunctions(),
      ...netFunctions(),
      ...quantityFunctions(),
      ...formatFunctions(),
      ...listFunctions(),
      ...regexFunctions(),
    ],
    re2: cachedRe2,
  });
  return environment;
}

/** Whether the environment defines a function or method named `name` (`format.dns1123Label` included). */
export function hasFunction(name: string): boolean {
  return celEnvironment().funcs.find(name) !== undefined;
}
