// The generation cache's key: everything the stages after the config read, and nothing else. Two
// runs with the same key give the same files, byte for byte, so a run whose key has an entry can
// take its files from it instead of compiling, validating, analyzing and rendering again.
import { createHash, type Hash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Draft, MeshModel } from "@meshform/dsl";
import type { EnvironmentUnit } from "./environments.js";
import { packageFolder } from "./folders.js";

/** The key of a plan, or why it has none (and is neither looked up nor stored). */
export type CacheKey = { readonly key: string } | { readonly uncacheable: string };

/** Bumped when the entry's layout or the key's parts change, so that older entries never match. */
export const CACHE_FORMAT = 2;

/** A value the key cannot stand for: a function, a class instance, a symbol... The entry is not used. */
class Uncacheable extends Error {}

/**
 * The replacer of values the config gave without a builder's checks (a raw resource, a JSON patch):
 * what `JSON.stringify` would write alike for values the pipeline tells apart (`undefined`, `NaN`,
 * `-0`, a property of a class instance or a Map) is written apart, or makes the mesh uncacheable.
 */
function strictReplacer(this: unknown, key: string, _replaced: unknown): unknown {
  // The value itself, not what its `toJSON` made of it: a Date is not the string it writes as.
  const value: unknown = (this as Record<string, unknown>)[key];
  switch (typeof value) {
    case "undefined":
      return "\u0000undefined";
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? value : `\u0000number ${Object.is(value, -0) ? "-0" : String(value)}`;
    case "string":
      // A string that looks like one of the marks above stays apart from it.
      return value.startsWith("\u0000") ? `\u0000string ${value}` : value;
    case "object": {
      if (value === null || Array.isArray(value)) return value;
      const prototype: unknown = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || Object.getOwnPropertySymbols(value).length > 0) {
        throw new Uncacheable(`${key === "" ? "a value" : `'${key}'`} is not plain data`);
      }
      return value;
    }
    case "boolean":
      return value;
    default:
      throw new Uncacheable(`${key === "" ? "a value" : `'${key}'`} is a ${typeof value}`);
  }
}

/** What one draft is hashed as: its identity, its builder path and its body. */
type DraftParts = readonly [string, string, string | null, string, string, ...unknown[]];

function partsOf(draft: Draft): DraftParts {
  const { group, kind, namespace, name, builder, body, apiVersion } = draft;
  return apiVersion === undefined ? [group, kind, namespace ?? null, name, builder, body] : [group, kind, namespace ?? null, name, builder, apiVersion, body];
}

/**
 * Builder drafts written by one `JSON.stringify` call. At 23 000 drafts, one call per draft took
 * 95-175 ms, a call per 100 drafts 64-93 ms, and per 1 000 a little more again (measured in one
 * process, alternating).
 */
const DRAFTS_PER_CHUNK = 100;

/**
 * The drafts, in order. A builder's body is made from options its schema checked (strings, finite
 * numbers, booleans, plain objects and arrays), which `JSON.stringify` writes as they are, and
 * fast: consecutive builder drafts are written together, as one JSON array of their parts. A raw
 * resource (the only draft that says its own `apiVersion`) holds whatever the config passed, and
 * is written alone, through {@link strictReplacer}. Each JSON text ends with a newline, which no
 * JSON text holds, and a chunk (an array of arrays) never reads as one draft (an array whose
 * first item is a string): the hashed text stands for one list of drafts only. The origin is
 * left out: it only places issues, and a run with issues is never stored.
 */
function hashDrafts(hash: Hash, drafts: readonly Draft[]): void {
  let chunk: DraftParts[] = [];
  const flush = (): void => {
    if (chunk.length === 0) return;
    // Two updates: a newline appended to the chunk's text would copy the whole text first.
    hash.update(JSON.stringify(chunk));
    hash.update("\n");
    chunk = [];
  };
  for (const draft of drafts) {
    if (draft.apiVersion !== undefined) {
      flush();
      hash.update(`${JSON.stringify(partsOf(draft), strictReplacer)}\n`);
      continue;
    }
    chunk.push(partsOf(draft));
    if (chunk.length === DRAFTS_PER_CHUNK) flush();
  }
  flush();
}

/** A model's part of the key; throws {@link Uncacheable} when it cannot have one. */
function hashModel(hash: Hash, model: MeshModel): void {
  if (model.issues.length > 0) throw new Uncacheable("the config's builders reported issues");
  // A kind of the config's own carries a zod schema: code, which no key can stand for.
  if (model.kinds.length > 0) throw new Uncacheable("the config declares kinds of its own");
  const { drafts, patches, placements, suppressions, issues: _issues, kinds: _kinds, ...rest } = model;
  // Every other part of the model (targets, output, externals...), new ones included, as data.
  hash.update(JSON.stringify(rest, strictReplacer));
  hash.update(JSON.stringify(suppressions.map(({ code, reason, resource }) => [code, reason, resource ?? null])));
  hash.update(JSON.stringify(patches.map(({ target, operations }) => [target, operations]), strictReplacer));
  hash.update(JSON.stringify((placements ?? []).map(({ target, namespace, clusters }) => [target ?? null, namespace ?? null, clusters]), strictReplacer));
  hash.update(`\n${drafts.length}\n`);
  hashDrafts(hash, drafts);
}

/**
 * The key of a plan: the meshform build that computes it, the units planned (each environment
 * with its model) and the scope. Everything else a plan holds follows from these.
 *
 * @param build - what identifies the code of the pipeline (see {@link buildIdentity})
 * @param units - the units the run plans, in order
 * @param scope - the folders the plan covers, when the run is restricted to some environments
 */
export function cacheKeyOf(build: string, units: readonly EnvironmentUnit[], scope: readonly string[] | undefined): CacheKey {
  const hash = createHash("sha256");
  hash.update(`meshform generation cache ${CACHE_FORMAT}\n${build}\n${process.version}\n`);
  hash.update(JSON.stringify(scope ?? null));
  try {
    for (const unit of units) {
      hash.update(`\nunit ${JSON.stringify(unit.environment ?? null, strictReplacer)}\n`);
      hashModel(hash, unit.model);
    }
  } catch (error) {
    if (error instanceof Uncacheable) return { uncacheable: error.message };
    throw error;
  }
  return { key: hash.digest("hex") };
}

/** The file in a built package's `dist/` that holds the digest of the rest of it (`scripts/build.js` writes it). */
export const BUILD_ID_FILE = "build-id.txt";

/** The package folder this module is in, and whether it runs built (from `dist/`). */
function ownFolder(): { readonly folder: string; readonly built: boolean } {
  const file = fileURLToPath(import.meta.url);
  return { folder: dirname(dirname(file)), built: file.endsWith(".js") };
}

/**
 * What identifies the code that computes a plan: every package the engine runs, by name and
 * version, its own dependencies, and their dependencies, and for meshform's own packages the digest
 * of their built code. A rebuilt meshform, or an upgraded `yaml`, makes every key new.
 *
 * `undefined` when the engine runs from its sources (tests, a checkout without a build) or a
 * meshform package has no build digest: the cache is then not used, as nothing says when the
 * code changed.
 */
export function buildIdentity(): string | undefined {
  const own = ownFolder();
  if (!own.built) return undefined;
  const seen = new Map<string, string>();
  const pending = [own.folder];
  while (pending.length > 0) {
    const folder = pending.pop() as string;
    if (seen.has(folder)) continue;
    let manifest: { name?: string; version?: string; dependencies?: Record<string, string> };
    try {
      manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as typeof manifest;
    } catch {
      return undefined;
    }
    let part = `${manifest.name}@${manifest.version}`;
    if (manifest.name?.startsWith("@meshform/")) {
      const id = join(folder, "dist", BUILD_ID_FILE);
      if (!existsSync(id)) return undefined;
      part += ` ${readFileSync(id, "utf8").trim()}`;
    }
    seen.set(folder, part);
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const dependency = packageFolder(folder, name);
      if (dependency === undefined) return undefined;
      pending.push(dependency);
    }
  }
  return [...seen.values()].sort().join("\n");
}
