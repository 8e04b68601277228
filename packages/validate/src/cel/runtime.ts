/**
 * The CEL evaluator and the RE2 engine, loaded the first time a rule needs them. A resource whose
 * rules all hold on the direct path (`direct.ts`), with their parses stored (`parsed.ts`), never
 * needs `@bufbuild/cel`, its protobuf runtime or its RE2 engine: about 130 modules that are most
 * of the start-up of `meshform validate` on one file. The checks are synchronous, so the packages
 * are loaded synchronously, through `require` (each ships a CommonJS build beside its ES modules;
 * its values are recognised across the two builds, as it marks them with global symbols).
 */
import { createRequire } from "node:module";

type CelModule = typeof import("@bufbuild/cel");
type CelExtModule = typeof import("@bufbuild/cel/ext");
type Re2Module = typeof import("@bufbuild/re2");

let cel: CelModule | undefined;
let celExt: CelExtModule | undefined;
let re2: Re2Module | undefined;

/** `@bufbuild/cel`, loaded on first use. */
export function celRuntime(): CelModule {
  return (cel ??= createRequire(import.meta.url)("@bufbuild/cel") as CelModule);
}

/** `@bufbuild/cel/ext` (the strings extension), loaded on first use. */
export function celExtensions(): CelExtModule {
  return (celExt ??= createRequire(import.meta.url)("@bufbuild/cel/ext") as CelExtModule);
}

/** `@bufbuild/re2`, loaded on first use. */
export function re2Engine(): Re2Module {
  return (re2 ??= createRequire(import.meta.url)("@bufbuild/re2") as Re2Module);
}

/** Whether `@bufbuild/cel` has been loaded in this process (for tests of the lazy loading). */
export function celRuntimeLoaded(): boolean {
  return cel !== undefined;
}
