import { randomBytes } from "node:crypto";

/** Where a stream of output goes; `process.stdout` and `process.stderr` are ones. */
export interface OutputStream {
  write(text: string): unknown;
  /** Whether it is a terminal; colour is used only then. */
  readonly isTTY?: boolean;
}

/** The streams and environment a run of the CLI talks to. */
export interface CliIo {
  /** Results: help, the version, summaries, JSON. */
  readonly stdout: OutputStream;
  /** Diagnostics: errors and warnings. */
  readonly stderr: OutputStream;
  /** The environment, read for `NO_COLOR`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The CLI's streams in a real process. When the reader goes away (`meshform validate --json … |
 * head`), writing fails with `EPIPE`: the stream then takes no more output, and the run finishes
 * as it would have (a write it started completes) instead of crashing on the failed write.
 */
export function processIo(): CliIo {
  return { stdout: closable(process.stdout), stderr: closable(process.stderr), env: process.env };
}

const closables = new WeakMap<NodeJS.WriteStream, OutputStream>();

/** A process stream that drops output once writing to it has failed. */
function closable(stream: NodeJS.WriteStream): OutputStream {
  let output = closables.get(stream);
  if (output === undefined) {
    let open = true;
    stream.on("error", () => {
      open = false;
    });
    output = { isTTY: stream.isTTY, write: (text: string) => open && stream.write(text) };
    closables.set(stream, output);
  }
  return output;
}

/** Text styles for one stream; each is the identity when the stream gets no colour. */
export interface Palette {
  readonly enabled: boolean;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly heading: (text: string) => string;
}

/**
 * What the palette writes for `ESC [` (the start of a style sequence) until {@link printLine}
 * turns it into the real one: a private-use character and a number drawn when the CLI starts. A
 * name in a config, a manifest or a file cannot hold it, so {@link printLine} can escape every
 * control character the text brings and still colour what meshform itself colours.
 */
const STYLE_KEY = `\uE000${randomBytes(8).toString("hex")}`;
const STYLE_START = `${STYLE_KEY}[`;
const PALETTE_STYLE = new RegExp(`${STYLE_KEY}\\[[0-9;]*m`, "g");

const style =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `${STYLE_START}${open}m${text}${STYLE_START}${close}m` : text;

/** The palette of a stream: colour only on a terminal, and only without `NO_COLOR` (no-color.org). */
export function paletteFor(stream: OutputStream, env: CliIo["env"]): Palette {
  const enabled = stream.isTTY === true && !env.NO_COLOR;
  const bold = style(enabled, 1, 22);
  const underline = style(enabled, 4, 24);
  return {
    enabled,
    red: style(enabled, 31, 39),
    yellow: style(enabled, 33, 39),
    bold,
    dim: style(enabled, 90, 39),
    heading: (text) => underline(bold(text)),
  };
}

/** Removes colour: ANSI style sequences (citty's help) and the palette's, for a plain stream. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001B\[[0-9;]*m/g, "").replace(PALETTE_STYLE, "");
}

/**
 * Marks the ANSI style sequences of text meshform trusts (citty's help, built from meshform's own
 * definitions) as the palette's, so that {@link printLine} keeps them.
 */
export function adoptStyle(text: string): string {
  return text.replace(/\u001B\[([0-9;]*m)/g, (_, rest: string) => `${STYLE_START}${rest}`);
}

/**
 * The characters a terminal may act on instead of showing: C0 controls but line feed and tab,
 * DEL, C1 controls, and the Unicode bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which reorder the text around them.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** {@link UNSAFE} without the global flag (and so without state), to test a line. */
const HAS_UNSAFE = new RegExp(UNSAFE.source);

/** `\u001b` for ESC: the escape JavaScript and JSON read back as the same character. */
function escapeCharacter(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Makes text safe to show on a terminal: every control character but line feed and tab, and
 * every bidirectional override, becomes a visible escape such as `\u001b`, `\u0000` or
 * `\u202e`; then the colours of {@link paletteFor} become real style sequences. Inside a JSON
 * string each escape means the character it replaces, so JSON text stays JSON with the same value.
 *
 * @example
 * ```ts
 * escapeControl("\u001b[31mred\u0000"); // "\\u001b[31mred\\u0000"
 * ```
 */
export function escapeControl(text: string): string {
  const escaped = HAS_UNSAFE.test(text) ? text.replace(UNSAFE, escapeCharacter) : text;
  return escaped.includes(STYLE_KEY) ? escaped.replaceAll(STYLE_START, "\u001B[") : escaped;
}

/**
 * Writes one line to a stream, through {@link escapeControl}: a value from a config, a manifest
 * or the file system cannot move the cursor, rewrite the screen or reorder the line; only the
 * colours meshform adds itself (through {@link paletteFor}) are written as style sequences.
 * Every human-readable line the CLI prints goes through here.
 */
export function printLine(stream: OutputStream, text: string): void {
  stream.write(`${escapeControl(text)}\n`);
}

/**
 * Writes a value to a stream as JSON indented by two spaces. Strings keep their exact value; the
 * characters {@link escapeControl} escapes are written as JSON escapes (`\u001b`).
 */
export function printJson(stream: OutputStream, value: unknown): void {
  stream.write(`${escapeControl(JSON.stringify(value, null, 2))}\n`);
}
