// YAML scalars that read back the same in YAML 1.1 (kubectl, kustomize, Argo CD) and YAML 1.2.
// A string is written plain only when no reader of either version could take it for anything
// else; otherwise it is double-quoted with escapes, on one line. Multi-line strings are
// double-quoted too: one rule, no block-scalar chomping or indentation corner cases.

/** Booleans and nulls of YAML 1.1 and 1.2, compared in lower case. */
const KEYWORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);

/** The first letters of {@link KEYWORDS} in either case: a string starting otherwise is none of them. */
const KEYWORD_FIRST = new Uint8Array(128);
for (const word of KEYWORDS) {
  KEYWORD_FIRST[word.charCodeAt(0)] = 1;
  KEYWORD_FIRST[word.toUpperCase().charCodeAt(0)] = 1;
}

/** `e3`, `E+5`: the `yaml` package's YAML 1.1 float pattern takes a bare exponent for a number. */
const EXPONENT_ONLY = /^[eE][-+]?[0-9]+$/;

/**
 * First characters that keep a string plain: letters and a few punctuation marks that are no
 * indicator in either YAML version and start no number, keyword, merge key or value token.
 */
const PLAIN_FIRST = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  PLAIN_FIRST[code] = /[A-Za-z_/$()^;\\]/.test(char) ? 1 : 0;
}

/**
 * Whether `text` can be written as a plain scalar and read back as the same string by YAML 1.1
 * and 1.2 readers. Deliberately conservative: printable ASCII only, no indicator or digit, sign or
 * dot first, no `: ` / ` #` / trailing `:`, no leading or trailing space, no boolean or null word,
 * no bare exponent.
 */
export function isPlainSafe(text: string): boolean {
  const length = text.length;
  if (length === 0) return false;
  const first = text.charCodeAt(0);
  if (first >= 128 || PLAIN_FIRST[first] === 0) return false;
  for (let i = 1; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
    if (code === 0x3a /* : */ && (i === length - 1 || text.charCodeAt(i + 1) === 0x20)) return false;
    if (code === 0x23 /* # */ && text.charCodeAt(i - 1) === 0x20) return false;
  }
  if (text.charCodeAt(length - 1) === 0x20) return false;
  if ((first === 0x65 || first === 0x45) && EXPONENT_ONLY.test(text)) return false;
  return length > 5 || KEYWORD_FIRST[first] === 0 || !KEYWORDS.has(text.toLowerCase());
}

/** Writes `text` as a one-line double-quoted YAML scalar, escaping what is not printable. */
export function quoteYaml(text: string): string {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) break;
    i++;
  }
  if (i === length) return `"${text}"`;
  let out = `"${text.slice(0, i)}`;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) {
      out += code === 0x22 ? '\\"' : code === 0x5c ? "\\\\" : text[i];
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += text.slice(i, i + 2);
      i++;
    } else {
      out += escapeCode(code, text[i] as string);
    }
  }
  return `${out}"`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Escapes one UTF-16 unit outside printable ASCII, or returns it when YAML prints it as it is. */
function escapeCode(code: number, char: string): string {
  if (code === 0x0a) return "\\n";
  if (code === 0x09) return "\\t";
  if (code === 0x0d) return "\\r";
  if (code < 0xa0) return `\\x${code.toString(16).padStart(2, "0")}`;
  const printable =
    code !== 0x2028 && code !== 0x2029 && code !== 0xfeff && code < 0xfffe && (code < 0xd800 || code > 0xdfff);
  return printable ? char : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Formats a string as a plain scalar when that is safe, else double-quoted. */
export function formatString(text: string): string {
  return isPlainSafe(text) ? text : quoteYaml(text);
}

/**
 * Formats a finite number so that YAML 1.1 and 1.2 readers both read it as that number: an
 * exponent always follows a mantissa with a dot (`1.0e+21`), as YAML 1.1 floats require.
 * `-0` is written `0`, as JSON.stringify does.
 */
export function formatNumber(value: number): string {
  if (value === 0) return "0";
  const text = String(value);
  if (text.includes("e") && !text.includes(".")) return text.replace("e", ".0e");
  return text;
}
