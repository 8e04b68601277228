/**
 * Where each document of a YAML stream starts, found by a scan of its lines instead of a parse
 * with positions: on large inputs (tens of thousands of documents) a positional parse costs
 * seconds, and the config's comments need only each document's first line.
 */

const DASH = 45;
const DOT = 46;
const SPACE = 32;
const TAB = 9;
const CR = 13;

/**
 * The 1-based line of the first content line of each non-empty document of `text`, in order: the
 * numbering of `parseManifests`' documents (a document of comments and blank lines only is empty,
 * as kubectl reads it). JSON input is one document starting at its first line.
 */
export function documentStartLines(text: string): number[] {
  const starts: number[] = [];
  let pending: number | undefined;
  let lineNumber = 0;
  // Each line is read in place: no list of lines, and inside a document only a line's first
  // characters are looked at. Its end is found by `indexOf`, which scans far faster than a loop
  // over the characters.
  for (let at = 0; at <= text.length; ) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    lineNumber += 1;
    const first = text.charCodeAt(at);
    if (first === DASH && text.startsWith("---", at) && (end - at === 3 || endsMarker(text.charCodeAt(at + 3)))) {
      if (pending !== undefined) starts.push(pending);
      pending = undefined;
      const rest = text.slice(at + 3, end).trim();
      if (rest !== "" && !rest.startsWith("#")) pending = lineNumber;
    } else if (first === DOT && text.startsWith("...", at) && text.slice(at + 3, end).trim() === "") {
      if (pending !== undefined) starts.push(pending);
      pending = undefined;
    } else if (pending === undefined) {
      const content = firstContent(text, at, end);
      if (content >= 0 && text[content] !== "#" && text[content] !== "%") pending = lineNumber;
    }
    at = end + 1;
  }
  if (pending !== undefined) starts.push(pending);
  return starts;
}

/** Whether a character after `---` leaves it a document marker: a space, a tab, or the `\r` of a CRLF line end. */
function endsMarker(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/** The position of the first character of `text[from, to)` that `String.prototype.trim` keeps, or -1. */
function firstContent(text: string, from: number, to: number): number {
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c === SPACE || (c >= TAB && c <= CR)) continue;
    if (c > 127 && BLANK.test(text[i]!)) continue;
    return i;
  }
  return -1;
}

/** What `trim` removes: white space and line terminators. */
const BLANK = /^\s$/;
