import { relative, resolve } from "node:path";
import { generateKinds } from "./plan/generate.js";
import type { GeneratedFile } from "./plan/types.js";
import { collectKinds } from "./sources/collect.js";
import type { SkippedDocument } from "./sources/kind-source.js";
import type { KindSelector } from "./sources/openapi.js";
import { readSpecDocuments } from "./sources/read.js";
import { diffTree, writeTree, type TreeDiff } from "./write.js";
import { BUILTIN_TARGETS, type BuiltinTarget } from "./builtin.js";
import { GENERATOR } from "./version.js";

/** One run of the generator over one product's releases into one folder. */
export interface CodegenTarget {
  /** The upstream project, e.g. `Istio`, or a label for a user's own CRDs. */
  readonly product: string;
  /**
   * Oldest first; the last is generated with types, each older one (of CRDs) with its own schemas
   * and metadata for `releases.ts`. Inputs are files, folders or URLs.
   */
  readonly releases: readonly { readonly release: string; readonly inputs: readonly string[] }[];
  /** Kinds to take from OpenAPI documents. */
  readonly select?: readonly KindSelector[];
  /** The output folder; the generator owns it whole. */
  readonly out: string;
  /** Where spec file names are shown relative to (headers stay the same on every machine). */
  readonly displayRoot: string;
  /** @defaultValue `"@meshform/kind-runtime"` */
  readonly runtimeSpecifier?: string;
  /** @defaultValue `"@meshform/k8s/meta/v1"` */
  readonly objectMetaSpecifier?: string;
  /** Compare only: write nothing. */
  readonly check?: boolean;
}

/** What a run did, or (with `check`) would do. */
export interface CodegenResult {
  readonly out: string;
  readonly files: readonly GeneratedFile[];
  readonly diff: TreeDiff;
  readonly skipped: readonly SkippedDocument[];
  readonly kinds: number;
}

function display(root: string): (file: string) => string {
  return (file) => (/^https?:/i.test(file) ? file : relative(root, file).split("\\").join("/"));
}

/**
 * Reads the inputs, generates the kinds and writes them (atomically), or with `check` only
 * compares.
 *
 * @throws SpecError for unreadable, malformed or unsupported inputs; nothing is written then
 */
export async function runCodegen(target: CodegenTarget): Promise<CodegenResult> {
  const skipped: SkippedDocument[] = [];
  const releases = [];
  for (const { release, inputs } of target.releases) {
    const documents = await readSpecDocuments(inputs);
    const collected = collectKinds(documents, target.select);
    skipped.push(...collected.skipped);
    releases.push({ release, kinds: collected.kinds });
  }
  const files = generateKinds({
    product: target.product,
    releases,
    runtimeSpecifier: target.runtimeSpecifier ?? "@meshform/kind-runtime",
    ...(target.objectMetaSpecifier !== undefined ? { objectMetaSpecifier: target.objectMetaSpecifier } : {}),
    displayPath: display(target.displayRoot),
    generator: GENERATOR,
  });
  const diff = await diffTree(target.out, files);
  const stale = diff.added.length + diff.changed.length + diff.removed.length > 0;
  if (!target.check && stale) await writeTree(target.out, files);
  return { out: target.out, files, diff, skipped, kinds: releases.at(-1)?.kinds.length ?? 0 };
}

/** The {@link CodegenTarget} of one of meshform's own packages. */
export function builtinTarget(builtin: BuiltinTarget, specs: string, root: string, check = false): CodegenTarget {
  return {
    product: builtin.product,
    releases: builtin.releases.map((r) => ({ release: r.release, inputs: r.inputs.map((i) => resolve(specs, i)) })),
    ...(builtin.select !== undefined ? { select: builtin.select } : {}),
    out: resolve(root, builtin.out),
    displayRoot: specs,
    ...(builtin.objectMetaSpecifier !== undefined ? { objectMetaSpecifier: builtin.objectMetaSpecifier } : {}),
    check,
  };
}

/** Regenerates (or with `check` compares) every kinds tree meshform ships. */
export async function runBuiltinCodegen(options: { specs: string; root: string; check?: boolean }): Promise<CodegenResult[]> {
  const results: CodegenResult[] = [];
  for (const builtin of BUILTIN_TARGETS) {
    results.push(await runCodegen(builtinTarget(builtin, options.specs, options.root, options.check)));
  }
  return results;
}
