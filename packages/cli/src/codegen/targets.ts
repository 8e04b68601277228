import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { BUILTIN_TARGETS, SpecError, builtinTarget, parseKindSelector, type CodegenTarget, type KindSelector } from "@meshform/codegen";
import { MeshformError, UsageError, type CliErrorCode } from "../errors.js";
import { findWorkspaceRoot } from "../workspace.js";

const COMMAND = "meshform codegen";

/** The option values that decide what `meshform codegen` generates; `codegenOptions` documents each. */
export interface CodegenRequest {
  readonly builtin: boolean;
  readonly specs: string | undefined;
  readonly crd: readonly string[];
  readonly openapi: readonly string[];
  readonly kind: readonly string[];
  readonly out: string | undefined;
  readonly product: string;
  readonly release: string;
  readonly "runtime-import": string;
  readonly "meta-import": string;
  readonly check: boolean;
}

/** The options that only user mode takes, and the one that only `--builtin` takes. */
const USER_ONLY = ["crd", "openapi", "kind", "out", "product", "release", "runtime-import", "meta-import"] as const;

/**
 * Turns the options of `meshform codegen` into generator targets: every built-in target with
 * `--builtin`, or one target for the user's CRDs and OpenAPI kinds.
 *
 * @param given - the options the command line named, to catch conflicts with `--builtin`
 * @param cwd - where relative paths start and the workspace search begins
 * @throws UsageError for missing or conflicting options
 * @throws MeshformError when `--builtin` runs outside the workspace or finds no specs folder
 */
export function planCodegenTargets(request: CodegenRequest, given: readonly string[], cwd: string): CodegenTarget[] {
  if (request.builtin) {
    const conflict = given.find((name) => (USER_ONLY as readonly string[]).includes(name));
    if (conflict !== undefined) throw new UsageError(`--builtin cannot be combined with --${conflict}`, COMMAND);
    return planBuiltinTargets(request, cwd);
  }
  if (given.includes("specs")) throw new UsageError("--specs applies only to --builtin", COMMAND);
  return [planUserTarget(request, cwd)];
}

// --- internal ---

function planBuiltinTargets(request: CodegenRequest, cwd: string): CodegenTarget[] {
  const root = findWorkspaceRoot(cwd);
  const specs = request.specs === undefined ? resolve(root, "..", "shared", "specs") : resolve(cwd, request.specs);
  if (!existsSync(specs)) throw new MeshformError<CliErrorCode>("SPECS_NOT_FOUND", `no specs folder at ${specs}; pass --specs <dir>`);
  return BUILTIN_TARGETS.map((target) => builtinTarget(target, specs, root, request.check));
}

function planUserTarget(request: CodegenRequest, cwd: string): CodegenTarget {
  if (request.crd.length === 0 && request.openapi.length === 0) {
    throw new UsageError("nothing to generate: give --crd <file|dir|url> or --openapi <file|url>, or --builtin", COMMAND);
  }
  if (request.openapi.length > 0 && request.kind.length === 0) {
    throw new UsageError("--openapi needs at least one --kind <[group/]version/Kind>", COMMAND);
  }
  if (request.openapi.length === 0 && request.kind.length > 0) {
    throw new UsageError("--kind selects kinds from --openapi documents; give --openapi too", COMMAND);
  }
  if (request.out === undefined) throw new UsageError("missing required option --out <dir>", COMMAND);
  return {
    product: request.product,
    releases: [{ release: request.release, inputs: [...request.crd, ...request.openapi] }],
    select: request.kind.map(readKindSelector),
    out: resolve(cwd, request.out),
    displayRoot: cwd,
    runtimeSpecifier: request["runtime-import"],
    objectMetaSpecifier: request["meta-import"],
    check: request.check,
  };
}

function readKindSelector(text: string): KindSelector {
  try {
    return parseKindSelector(text);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    throw new UsageError(`--kind ${error.message}`, COMMAND);
  }
}
