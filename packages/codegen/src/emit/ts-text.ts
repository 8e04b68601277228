/**
 * All quoting and escaping of emitted TypeScript lives here, so that no other module builds a
 * string literal, a property key, a regular expression or a doc comment by hand.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal in double quotes. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** A JSON value as a TypeScript expression, keys in a fixed order. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    // As in JSON, a property whose value is `undefined` is left out.
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${propertyKey(k)}: ${literal(v)}`);
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

/**
 * Translates an RE2 pattern (what the API server uses) to a JavaScript regular expression
 * literal. `(?i)` at the start becomes the `i` flag; `\z` and `\A` become `$` and `^`.
 *
 * @returns the literal, or `undefined` when JavaScript cannot express the pattern
 */
export function regexLiteral(pattern: string): string | undefined {
  let source = pattern;
  let flags = "";
  if (source.startsWith("(?i)")) {
    source = source.slice(4);
    flags = "i";
  }
  source = source.replace(/\\z/g, "$").replace(/\\A/g, "^");
  try {
    new RegExp(source, flags);
  } catch {
    return undefined;
  }
  return `/${escapeSlashes(source)}/${flags}`;
}

/** Escapes every `/` that is not already escaped, so the source fits in a regex literal. */
function escapeSlashes(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (char === "\\") {
      out += char + (source[i + 1] ?? "");
      i += 1;
    } else out += char === "/" ? "\\/" : char;
  }
  return out;
}

/**
 * Schema prose made safe for TSDoc: a line that starts with `@` would read as a tag, so it is
 * escaped. Tags the emitter adds itself are written after this.
 */
export function docText(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/^(\s*)@/, "$1\\@"))
    .join("\n");
}

/** A doc comment from lines of text, indented by `indent`; empty when there is nothing to say. */
export function docComment(lines: readonly string[], indent: string): string {
  const text = lines.join("\n").trim();
  if (text === "") return "";
  const body = text
    .replace(/\*\//g, "*\\/")
    .split("\n")
    .map((line) => line.trimEnd());
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** A PascalCase name turned camelCase: `HTTPRoute` → `httpRoute`. */
export function camelCase(name: string): string {
  const lead = /^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/.exec(name)?.[0] ?? "";
  return lead.toLowerCase() + name.slice(lead.length);
}

/** A PascalCase name turned kebab-case: `HTTPRoute` → `http-route`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}
