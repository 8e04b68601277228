// The generation cache: the I/O edge that keeps, per key (cache-key.ts), the files a plan had and
// the shape of its trees, so that a run over an unchanged mesh takes them from there. Only a plan without a
// single issue is kept. A damaged, foreign or unreadable entry is a miss, never an error: the run
// then plans as if there were no cache.
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Resource } from "@meshform/dsl";
import type { EmittedFile } from "@meshform/render";
import { CACHE_FORMAT } from "./cache-key.js";

/** Where the generation cache lives, and how many entries it keeps. */
export interface GenerationCacheOptions {
  /** The cache's folder; created when missing. */
  readonly folder: string;
  /**
   * What identifies the code of the pipeline; entries made by other code never match.
   * @defaultValue the engine's own build (`buildIdentity()`); without one (the engine runs from its sources) the cache is not used
   */
  readonly build?: string;
  /** How many entries are kept; the least recently used go first. @defaultValue 8 */
  readonly maxEntries?: number;
}

/**
 * One tree of a cached plan: a `PlannedTree` whose resources are runs of indices, `[start, stop)`,
 * into the plan's resources (which the entry does not hold: they are compiled again when read).
 */
export interface CachedTree {
  readonly environment?: string;
  readonly cluster?: string;
  readonly folder: string;
  readonly folders: readonly string[];
  readonly namespaces: number;
  readonly runs: readonly (readonly [number, number])[];
}

/** What an entry gives back: the parts of a plan that follow from its key. */
export interface CachedPlan {
  /** How many resources the plan compiled. */
  readonly resourceCount: number;
  readonly trees: readonly CachedTree[];
  readonly files: readonly EmittedFile[];
  readonly namespaces: number;
}

/** What {@link writeCachedPlan} keeps: a plan's files, and its trees with their resources. */
export interface PlanToCache {
  readonly resources: readonly Resource[];
  readonly trees: readonly (Omit<CachedTree, "runs"> & { readonly resources: readonly Resource[] })[];
  readonly files: readonly EmittedFile[];
  readonly namespaces: number;
}

/** The last line of an entry: what the rest holds, and its digest. */
interface Trailer {
  readonly format: number;
  readonly key: string;
  /** sha256 of every byte before the trailer's line. */
  readonly digest: string;
  readonly namespaces: number;
  readonly resourceCount: number;
  readonly trees: readonly CachedTree[];
  /** Each file's path and length in UTF-16 code units, in order. */
  readonly files: readonly (readonly [string, number])[];
}

const ENTRY_SUFFIX = ".plan";

function entryPath(folder: string, key: string): string {
  return join(folder, `${key}${ENTRY_SUFFIX}`);
}

/**
 * The entry of a key, or `undefined` when there is none or it cannot be trusted (another format,
 * another key, a digest that does not match, a length that does not add up).
 */
export function readCachedPlan(folder: string, key: string): CachedPlan | undefined {
  const path = entryPath(folder, key);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    const end = bytes.lastIndexOf(0x0a);
    if (end < 0) return undefined;
    const trailer = JSON.parse(bytes.toString("utf8", end + 1)) as Trailer;
    if (trailer.format !== CACHE_FORMAT || trailer.key !== key) return undefined;
    if (createHash("sha256").update(bytes.subarray(0, end)).digest("hex") !== trailer.digest) return undefined;
    const text = bytes.toString("utf8", 0, end);
    const files: EmittedFile[] = [];
    let at = 0;
    for (const [filePath, length] of trailer.files) {
      files.push({ path: filePath, content: text.slice(at, at + length) });
      at += length;
    }
    if (at !== text.length) return undefined;
    const now = new Date();
    utimesSync(path, now, now); // recently used: the last to go
    return { resourceCount: trailer.resourceCount, trees: trailer.trees, files, namespaces: trailer.namespaces };
  } catch {
    return undefined;
  }
}

/** The runs of consecutive indices, `[start, stop)`, of a tree's resources in the plan's. */
function runsOf(tree: readonly Resource[], indexOf: ReadonlyMap<Resource, number>): [number, number][] {
  const runs: [number, number][] = [];
  for (const resource of tree) {
    const index = indexOf.get(resource);
    if (index === undefined) throw new Error("a tree holds a resource the plan does not");
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === index) last[1] = index + 1;
    else runs.push([index, index + 1]);
  }
  return runs;
}

/**
 * Appends text to a file through one buffer of a megabyte, hashing what it writes. Each text is
 * encoded straight into the buffer: at N = 100 000 a plan's files are 150 MB of text, and a new
 * buffer or joined string per chunk was garbage enough to cost full collections of a heap that
 * holds the whole plan.
 */
class BufferedWriter {
  static readonly #SIZE = 1 << 20;
  readonly #fd: number;
  readonly #hash = createHash("sha256");
  readonly #buffer = Buffer.allocUnsafe(BufferedWriter.#SIZE);
  #used = 0;

  constructor(fd: number) {
    this.#fd = fd;
  }

  write(text: string): void {
    // A UTF-8 encoding takes at most three bytes per UTF-16 code unit.
    if (this.#used + text.length * 3 > BufferedWriter.#SIZE) {
      this.flush();
      if (text.length * 3 > BufferedWriter.#SIZE) {
        this.#put(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.#used += this.#buffer.write(text, this.#used, "utf8");
  }

  flush(): void {
    if (this.#used === 0) return;
    this.#put(this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }

  #put(bytes: Buffer): void {
    this.#hash.update(bytes);
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(this.#fd, bytes, offset);
  }

  digest(): string {
    this.flush();
    return this.#hash.digest("hex");
  }
}

/**
 * Keeps a plan under its key: written to a temporary file, then renamed, so a reader sees the
 * whole entry or none; then the least recently used entries beyond `maxEntries` are deleted.
 * Returns whether the entry was written: a cache that cannot be written costs the next run its
 * speed, nothing else.
 */
export function writeCachedPlan(options: GenerationCacheOptions, key: string, plan: PlanToCache): boolean {
  const { folder } = options;
  const path = entryPath(folder, key);
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(folder, { recursive: true });
    fd = openSync(temp, "w");
    const writer = new BufferedWriter(fd);
    // Only a tree that holds part of the resources (one cluster's) needs their indices.
    const indexOf = new Map<Resource, number>();
    if (plan.trees.some((tree) => tree.resources !== plan.resources)) plan.resources.forEach((resource, index) => indexOf.set(resource, index));
    for (const file of plan.files) writer.write(file.content);
    const trailer: Trailer = {
      format: CACHE_FORMAT,
      key,
      digest: writer.digest(),
      namespaces: plan.namespaces,
      resourceCount: plan.resources.length,
      trees: plan.trees.map(({ resources, ...tree }) => ({ ...tree, runs: resources === plan.resources ? [[0, resources.length]] : runsOf(resources, indexOf) })),
      files: plan.files.map((file) => [file.path, file.content.length] as const),
    };
    writeSync(fd, `\n${JSON.stringify(trailer)}`);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    return false;
  }
  pruneEntries(folder, options.maxEntries ?? 8);
  return true;
}

/** Deletes the least recently used entries beyond `keep`, and temporary files a killed run left an hour ago or more. */
function pruneEntries(folder: string, keep: number): void {
  try {
    const now = Date.now();
    const entries: { path: string; used: number }[] = [];
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (name.endsWith(ENTRY_SUFFIX)) entries.push({ path, used: statSync(path).mtimeMs });
      else if (name.endsWith(".tmp") && now - statSync(path).mtimeMs > 3_600_000) unlinkSync(path);
    }
    entries.sort((a, b) => b.used - a.used);
    for (const { path } of entries.slice(keep)) unlinkSync(path);
  } catch {
    // another run pruned at the same time: nothing is lost
  }
}
