/**
 * Plain scalars that end in `:` inside a flow collection, read as Kubernetes' YAML reader reads
 * them. In `addresses: [1.2.3.4, 001:db8::]`, go-yaml v2 (behind sigs.k8s.io/yaml, kubectl,
 * kustomize and Argo CD) ends a plain scalar in a flow collection only at `,`, `[`, `]`, `{`,
 * `}` or at a `:` followed by a space, tab or line break, so the second item is the string
 * `001:db8::`. js-yaml also ends it at a `:` followed by a flow indicator, and reads
 * `{ "001:db8:": null }`. Such a scalar can only be a string (no number, boolean or null ends in
 * `:`), so quoting it gives the value Kubernetes reads without changing any other value, or the
 * line of anything.
 */

/** A quick test for the text this module rewrites: a character of a plain scalar, `:`, a flow indicator. */
const CANDIDATE = /[^\s'"\]}]:[,\]}[{]/;

/**
 * `text` with every plain scalar inside a flow collection that ends in `:` (before a flow
 * indicator) written as a double-quoted scalar; `text` itself when it has none. Block scalars
 * (`|`, `>`), quoted scalars and comments are left as they are.
 */
export function quoteFlowColonScalars(text: string): string {
  if (!CANDIDATE.test(text)) return text;
  const scanner = new Scanner(text);
  return scanner.run();
}

// --- internal ---

const FLOW_INDICATORS = new Set([",", "[", "]", "{", "}"]);

function isBlank(char: string | undefined): boolean {
  return char === undefined || char === " " || char === "\t" || char === "\n" || char === "\r";
}

class Scanner {
  private out = "";
  private pos = 0;
  private depth = 0;
  /** Whether the next token at flow depth 0 starts a node (after indentation, `- `, `: ` or `? `). */
  private nodeStart = true;
  /** The indentation of the line holding a block scalar indicator while its content is skipped, else -1. */
  private blockIndent = -1;

  constructor(private readonly text: string) {}

  run(): string {
    const { text } = this;
    let lineStart = true;
    while (this.pos < text.length) {
      if (lineStart) {
        lineStart = false;
        if (this.skipBlockScalarLine()) {
          lineStart = true;
          continue;
        }
        if (this.depth === 0) this.nodeStart = true;
      }
      const char = text[this.pos]!;
      if (char === "\n") {
        this.copy(1);
        lineStart = true;
      } else if (char === " " || char === "\t" || char === "\r") {
        this.copy(1);
      } else if (char === "#" && (this.pos === 0 || isBlank(text[this.pos - 1]))) {
        const end = text.indexOf("\n", this.pos);
        this.copy((end < 0 ? text.length : end) - this.pos);
      } else if (char === "'" || char === '"') {
        this.copyQuoted(char);
        this.nodeStart = false;
      } else if (this.depth > 0) {
        this.flowToken(char);
      } else {
        this.blockToken(char);
      }
    }
    return this.out;
  }

  private copy(count: number): void {
    this.out += this.text.slice(this.pos, this.pos + count);
    this.pos += count;
  }

  /** Skips a line of a block scalar's content; notes where its content ends. */
  private skipBlockScalarLine(): boolean {
    if (this.blockIndent < 0) return false;
    const { text } = this;
    const end = text.indexOf("\n", this.pos);
    const line = text.slice(this.pos, end < 0 ? text.length : end);
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== "" && indent <= this.blockIndent) {
      this.blockIndent = -1;
      return false;
    }
    this.copy(line.length + (end < 0 ? 0 : 1));
    return true;
  }

  private copyQuoted(quote: string): void {
    const { text } = this;
    let i = this.pos + 1;
    while (i < text.length) {
      const char = text[i]!;
      if (quote === '"' && char === "\\") i += 2;
      else if (char === quote && quote === "'" && text[i + 1] === "'") i += 2;
      else if (char === quote) {
        i += 1;
        break;
      } else i += 1;
    }
    this.copy(i - this.pos);
  }

  private blockToken(char: string): void {
    const { text } = this;
    if (this.nodeStart && (char === "[" || char === "{")) {
      this.depth += 1;
      this.copy(1);
      return;
    }
    if (this.nodeStart && (char === "|" || char === ">")) {
      const end = text.indexOf("\n", this.pos);
      const lineStart = text.lastIndexOf("\n", this.pos - 1) + 1;
      const line = text.slice(lineStart, end < 0 ? text.length : end);
      this.blockIndent = line.length - line.trimStart().length;
      this.copy((end < 0 ? text.length : end) - this.pos);
      return;
    }
    if ((char === "-" || char === "?" || char === ":") && isBlank(text[this.pos + 1])) {
      this.copy(1);
      this.nodeStart = true;
      return;
    }
    // A plain scalar (or an anchor, alias or tag) in block context: up to `: `, ` #` or the line's end.
    let i = this.pos;
    while (i < text.length && text[i] !== "\n" && !(text[i] === ":" && isBlank(text[i + 1])) && !(text[i] === "#" && isBlank(text[i - 1]))) i += 1;
    const token = text.slice(this.pos, i);
    this.copy(i - this.pos);
    // An anchor or a tag is followed by the node it names.
    this.nodeStart = /^[&!]\S*$/.test(token.trimEnd());
  }

  private flowToken(char: string): void {
    const { text } = this;
    if (char === "[" || char === "{") {
      this.depth += 1;
      this.copy(1);
      return;
    }
    if (char === "]" || char === "}") {
      this.depth -= 1;
      this.copy(1);
      if (this.depth === 0) this.nodeStart = false;
      return;
    }
    if (char === "," || (char === ":" && (isBlank(text[this.pos + 1]) || FLOW_INDICATORS.has(text[this.pos + 1]!) || text[this.pos + 1] === '"' || text[this.pos + 1] === "'"))) {
      this.copy(1);
      return;
    }
    // A plain scalar, as go-yaml v2 reads it in a flow collection.
    let i = this.pos;
    while (i < text.length && !FLOW_INDICATORS.has(text[i]!) && text[i] !== "\n" && !(text[i] === ":" && isBlank(text[i + 1])) && !(text[i] === "#" && isBlank(text[i - 1]))) i += 1;
    const token = text.slice(this.pos, i);
    const trimmed = token.trimEnd();
    if (trimmed.endsWith(":") && i < text.length && FLOW_INDICATORS.has(text[i]!)) {
      this.out += JSON.stringify(trimmed) + token.slice(trimmed.length);
      this.pos = i;
    } else {
      this.copy(i - this.pos);
    }
  }
}
