// Ready-made pieces of block YAML lines, kept between calls. A mesh repeats a few keys (`name`,
// `port`, `apiVersion`) at the same indentation thousands of times, often with the same value
// (`port: 9080`, `kind: HTTPRoute` in a run of files): the start of each key's line is formatted
// once, and the last whole `key: scalar` line of each is reused when the same value comes again,
// with no scalar formatting and no string building. What is kept is bounded: one line per key and
// line start, no key or line longer than MAX_KEPT_LENGTH, and at most MAX_CACHED_KEYS keys and
// MAX_CACHED_STARTS line starts in all.
import { formatString } from "./yaml-scalar.js";

/** Implicit keys longer than this are written as explicit `? key` entries (YAML caps them at 1024). */
export const MAX_IMPLICIT_KEY = 1000;

/** Longest key or line kept: a long value seldom comes again, and would hold on to its memory. */
const MAX_KEPT_LENGTH = 256;
/** Most keys kept over all line starts; further keys are formatted on each use. */
const MAX_CACHED_KEYS = 10_000;
/** Most line starts kept; deeper nesting than that gets new ones on each use. */
const MAX_CACHED_STARTS = 1_000;

let keysLeft = MAX_CACHED_KEYS;

/** Stands for "no line remembered yet": equal to no value. */
const NOTHING: unique symbol = Symbol("nothing");

/** One key written at one line start: the start of its line, and the last scalar line written. */
export class KeyLine {
  /** `<start><key>:` then a line break: the line above a block value. */
  readonly blockLine: string;
  /** `<start><key>: `: what a scalar value follows on the same line. */
  readonly scalarStart: string;
  #value: unknown = NOTHING;
  #line = "";

  /** The key `key` (formatted as a YAML scalar) written at `start`. */
  constructor(start: LineStart, key: string) {
    const name = formatString(key);
    const head = name.length > MAX_IMPLICIT_KEY ? `${start.prefix}? ${name}\n${start.indent}:` : `${start.prefix}${name}:`;
    this.blockLine = `${head}\n`;
    this.scalarStart = `${head} `;
  }

  /** The whole line of this key with `value` when `value` is the last scalar {@link lineWith} had; else `undefined`. */
  lineOf(value: unknown): string | undefined {
    return value === this.#value ? this.#line : undefined;
  }

  /**
   * The whole line of this key with a value written inline as `inline`. A primitive value is
   * remembered with its line, unless the line is long; an empty collection is not, as it may not
   * be empty next time.
   */
  lineWith(value: unknown, inline: string): string {
    const line = `${this.scalarStart}${inline}\n`;
    if ((value === null || typeof value !== "object") && line.length <= MAX_KEPT_LENGTH) {
      this.#value = value;
      this.#line = line;
    }
    return line;
  }
}

/**
 * What a group of block lines starts with: an indentation, or an indentation and `- ` marks for
 * the first line of a list item. Knows its keys and the line starts nested below it.
 */
export class LineStart {
  /** What the first line of an entry starts with. */
  readonly prefix: string;
  /** Spaces as wide as {@link prefix}: what the further lines of an entry start with. */
  readonly indent: string;
  /** {@link prefix} then `- `: the start of a list item written inline. */
  readonly itemMark: string;
  readonly #keys = new Map<string, KeyLine>();
  #nested: LineStart | undefined;
  #item: LineStart | undefined;

  /** The line start `prefix` (spaces, possibly followed by `- ` marks). */
  constructor(prefix: string) {
    this.prefix = prefix;
    this.indent = " ".repeat(prefix.length);
    this.itemMark = `${prefix}- `;
  }

  /** The line start of a block value under an entry: two spaces deeper than {@link indent}. */
  nested(): LineStart {
    return (this.#nested ??= lineStartOf(`${this.indent}  `));
  }

  /** The line start of the first line of a list item written here as a block: {@link itemMark}. */
  item(): LineStart {
    return (this.#item ??= lineStartOf(this.itemMark));
  }

  /** How `key` is written at this line start. */
  keyLine(key: string): KeyLine {
    let line = this.#keys.get(key);
    if (line === undefined) {
      line = new KeyLine(this, key);
      if (keysLeft > 0 && key.length <= MAX_KEPT_LENGTH) {
        keysLeft--;
        this.#keys.set(key, line);
      }
    }
    return line;
  }
}

const starts = new Map<string, LineStart>();

/** The line start `prefix`, the same object on every call while fewer than the maximum are kept. */
export function lineStartOf(prefix: string): LineStart {
  let start = starts.get(prefix);
  if (start === undefined) {
    start = new LineStart(prefix);
    if (starts.size < MAX_CACHED_STARTS) starts.set(prefix, start);
  }
  return start;
}

/** The line start of a top-level document: no indentation. */
export const TOP_LEVEL: LineStart = lineStartOf("");
