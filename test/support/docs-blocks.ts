// What the docs test needs: the fenced code blocks of a Markdown file, each ```ts block turned
// into a TypeScript file that tsc can check and vitest can run, and tsc's report mapped back to
// the lines of the Markdown file.

/** One fenced code block of a Markdown file. */
export interface DocBlock {
  /** The Markdown file, as the report names it (e.g. `docs/dsl.md`). */
  readonly doc: string;
  /** The 1-based line of the opening fence. */
  readonly line: number;
  /** The language of the fence (`ts`, `sh`, `text`...), `""` when none is given. */
  readonly lang: string;
  /** The words after the language: flags (`no-check`, `fails`) and `key=value` pairs (`file=mesh.config.ts`). */
  readonly flags: ReadonlySet<string>;
  readonly attributes: ReadonlyMap<string, string>;
  /** The code, without the fences and without the fence's indentation. */
  readonly code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/;

/** Every fenced code block of `markdown`, in order. */
export function readBlocks(markdown: string, doc: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent = "", fence = "", lang = "", info = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j += 1) {
      const text = lines[j]!;
      if (text.trim().startsWith(fence[0]!.repeat(fence.length)) && text.trim().replace(/[`~]/g, "") === "") break;
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
    }
    const words = info.split(/\s+/).filter((word) => word !== "");
    blocks.push({
      doc,
      line: i + 1,
      lang,
      flags: new Set(words.filter((word) => !word.includes("="))),
      attributes: new Map(words.filter((word) => word.includes("=")).map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)] as [string, string])),
      code: body.join("\n"),
    });
    i = j;
  }
  return blocks;
}

/** Whether a block is TypeScript that the docs test checks. */
export function isCheckedTs(block: DocBlock): boolean {
  return (block.lang === "ts" || block.lang === "typescript") && !block.flags.has("no-check");
}

/**
 * The opening of a fragment's file: the names every fragment of the docs may use without declaring
 * them. A fragment is the body of the callback of `defineMesh`, where `mesh` is the MeshBuilder;
 * `app` is the namespace `bookinfo` in ambient mode, `istioSystem` the root namespace, and
 * `gateway` an ingress gateway there with the listeners `http` and `https`.
 */
export const FRAGMENT_PREAMBLE = `import { attribute, claim, compile, defineMesh, fromNamespaces, fromPrincipals, header, requestPrincipal, type MeshBuilder, type NamespaceBuilder } from "@meshform/dsl";
export default defineMesh({}, (mesh: MeshBuilder) => {
  const app: NamespaceBuilder = mesh.namespace("bookinfo", { dataplane: "ambient" });
  const istioSystem: NamespaceBuilder = mesh.root;
  const gateway = istioSystem.gateway("ingress", {
    listeners: {
      http: { port: 80, protocol: "HTTP", allowedRoutes: "All" },
      https: { port: 443, protocol: "HTTPS", hostname: "*.example.com", tls: { mode: "Terminate", certificates: [{ name: "example-com-cert" }] }, allowedRoutes: "All" },
    },
  });
  {`;

const FRAGMENT_END = ["  }", "});"];

/** A block as a TypeScript file, and for each of its lines the Markdown line it came from. */
export interface CheckFile {
  readonly block: DocBlock;
  /** `module`: the block is a whole file; `fragment`: it was put in the callback of defineMesh. */
  readonly mode: "module" | "fragment";
  readonly text: string;
  /** `origins[i]` is the Markdown line of the file's line i + 1, `undefined` for a line the test added. */
  readonly origins: readonly (number | undefined)[];
}

/** The first line of each `import` statement of `lines` and its last line (imports may span lines). */
function importRanges(lines: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^import\s/.test(lines[i]!)) continue;
    let end = i;
    while (end < lines.length - 1 && !/\bfrom\s+["'][^"']+["'];?\s*$|^import\s+["'][^"']+["'];?\s*$/.test(lines[end]!)) end += 1;
    ranges.push([i, end]);
    i = end;
  }
  return ranges;
}

/**
 * The file tsc checks for a ```ts block. A block that imports `@meshform/dsl` or exports something
 * is a whole file and is written as it is. Any other block is a fragment: its imports go first,
 * then {@link FRAGMENT_PREAMBLE}, then its other lines, inside a block statement of the callback
 * (so it may declare names the preamble declares too).
 */
export function toCheckFile(block: DocBlock): CheckFile {
  const lines = block.code.split("\n");
  const firstCodeLine = block.line + 1;
  const whole = /^import\s[^;]*["']@meshform\/dsl["']/m.test(block.code) || /^export\s/m.test(block.code);
  if (whole) return { block, mode: "module", text: `${block.code}\n`, origins: lines.map((_, i) => firstCodeLine + i) };
  const imports = importRanges(lines);
  const inImport = (i: number) => imports.some(([start, end]) => i >= start && i <= end);
  const out: string[] = [];
  const origins: (number | undefined)[] = [];
  const push = (text: string, origin: number | undefined) => {
    out.push(text);
    origins.push(origin);
  };
  lines.forEach((text, i) => inImport(i) && push(text, firstCodeLine + i));
  for (const text of FRAGMENT_PREAMBLE.split("\n")) push(text, undefined);
  lines.forEach((text, i) => !inImport(i) && push(`    ${text}`, firstCodeLine + i));
  for (const text of FRAGMENT_END) push(text, undefined);
  return { block, mode: "fragment", text: `${out.join("\n")}\n`, origins };
}

/** One error of tsc's report, placed in the Markdown file. */
export interface DocTypeError {
  /** `docs/dsl.md:123` (the line of the code), or the fence's line when the error is in lines the test added. */
  readonly at: string;
  readonly message: string;
}

const TSC_LINE = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/**
 * tsc's report (`--pretty false`) as errors placed in the Markdown files. `files` maps the path tsc
 * prints (relative to where it ran, or absolute) to the file written for a block.
 */
export function mapTscReport(report: string, fileOf: (path: string) => CheckFile | undefined): DocTypeError[] {
  const errors: DocTypeError[] = [];
  for (const text of report.split("\n")) {
    const match = TSC_LINE.exec(text.trim());
    if (match) {
      const [, path = "", line = "0", , code = "", message = ""] = match;
      const file = fileOf(path);
      if (file === undefined) {
        errors.push({ at: path, message: `${code}: ${message}` });
        continue;
      }
      const origin = file.origins[Number(line) - 1];
      const at = origin === undefined ? `${file.block.doc}:${file.block.line} (in the code the test adds to this block)` : `${file.block.doc}:${origin}`;
      errors.push({ at, message: `${code}: ${message}` });
    } else if (text.startsWith("  ") && errors.length > 0) {
      const last = errors.pop()!;
      errors.push({ ...last, message: `${last.message} ${text.trim()}` });
    }
  }
  return errors;
}
