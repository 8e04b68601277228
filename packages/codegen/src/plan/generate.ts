import { SpecError } from "../errors.js";
import { computeAvailability } from "./availability.js";
import { planCrdKinds } from "./crd.js";
import { planOpenApiKinds } from "./openapi.js";
import { renderAvailability, renderKindsRegistry, renderReleases } from "./index-files.js";
import type { GeneratedFile, GenerateKindsOptions } from "./types.js";

/**
 * Generates the TypeScript kinds of the newest release in `options.releases`: for every served
 * version of every kind, its types, zod schema, metadata and factory; the shape shared by
 * versions with an identical schema once; `kinds.ts` (every kind with its schema) and
 * `availability.ts` (the first release that has each kind version and field). Every older
 * release of CRDs gets a module of its own schemas and metadata (`releases/<release>.ts`), and
 * `releases.ts` gives each release's kind entries; an object structure is declared once, in the
 * newest release that has it, and imported by the others.
 *
 * A pure function: the same options give the same files, in the same order.
 *
 * @throws SpecError for a malformed spec, an unresolvable `$ref` or an unsupported construct
 */
export function generateKinds(options: GenerateKindsOptions): GeneratedFile[] {
  const newest = options.releases.at(-1);
  if (newest === undefined || newest.kinds.length === 0) {
    throw new SpecError("SPEC_NO_KINDS", { file: newest?.release ?? "(no release)" }, "the inputs hold no CustomResourceDefinition and no selected OpenAPI kind");
  }
  const openApi = newest.kinds.filter((k) => k.definitions !== undefined);
  const crdReleases = options.releases.map((r) => ({ ...r, kinds: r.kinds.filter((k) => k.definitions === undefined) }));
  const availability = computeAvailability(options.product, crdReleases);
  const fromCrds = newest.kinds.some((k) => k.definitions === undefined)
    ? planCrdKinds(crdReleases, options, availability)
    : { files: [], kinds: [], releaseModules: [] };
  const fromOpenApi = planOpenApiKinds(openApi, options, newest.release);
  const kinds = [...fromCrds.kinds, ...fromOpenApi.kinds];
  const files = [...fromCrds.files, ...fromOpenApi.files];
  const paths = new Set<string>();
  for (const file of files) {
    if (paths.has(file.path)) throw new SpecError("SPEC_NAME_CLASH", { file: file.path }, "two kinds would be written to the same module");
    paths.add(file.path);
  }
  const header = { sources: [`${options.product} ${options.releases.map((r) => r.release).join(", ")}`], generator: options.generator };
  for (const openKind of openApi) {
    for (const version of openKind.versions) {
      const key = `${openKind.group === "" ? "" : `${openKind.group}/`}${version.name}/${openKind.kind}`;
      (availability.index.kinds as Record<string, { since: string; fields: Record<string, string> }>)[key] = { since: newest.release, fields: {} };
    }
  }
  const index = { ...availability.index, kinds: Object.fromEntries(Object.entries(availability.index.kinds).sort(([a], [b]) => (a < b ? -1 : 1))) };
  files.push(
    renderKindsRegistry(kinds, options.runtimeSpecifier, header),
    renderAvailability(index, options.runtimeSpecifier, header),
    renderReleases(options.product, newest.release, fromCrds.releaseModules, options.runtimeSpecifier, header),
  );
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
