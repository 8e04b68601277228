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

/** The CLI's streams in a real process. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
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

const style =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `\u001B[${open}m${text}\u001B[${close}m` : text;

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

/** Removes ANSI colour sequences, for text coloured elsewhere (citty's help) that goes to a plain stream. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001B\[[0-9;]*m/g, "");
}

/** Writes one line to a stream. */
export function printLine(stream: OutputStream, text: string): void {
  stream.write(`${text}\n`);
}

/** Writes a value to a stream as JSON indented by two spaces. */
export function printJson(stream: OutputStream, value: unknown): void {
  printLine(stream, JSON.stringify(value, null, 2));
}
