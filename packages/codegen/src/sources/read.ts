import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { SpecError } from "../errors.js";

/** One parsed document of an input file: a CRD, an OpenAPI document, or something to skip. */
export interface SpecDocument {
  /** The file path or URL it came from. */
  readonly file: string;
  /** Its 0-based position in a multi-document file. */
  readonly index: number;
  /** The parsed value. */
  readonly value: unknown;
}

const SPEC_FILE = /\.(ya?ml|json)$/i;

function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** Parses the text of one input: JSON as one document, YAML as one or more. */
export function parseSpecText(file: string, text: string): SpecDocument[] {
  if (/\.json$/i.test(file) || /^\s*\{/.test(text)) {
    try {
      return [{ file, index: 0, value: JSON.parse(text) as unknown }];
    } catch (error) {
      throw new SpecError("SPEC_PARSE_FAILED", { file }, `not valid JSON: ${(error as Error).message}`);
    }
  }
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  return list.flatMap((doc, index) => {
    const problem = doc.errors[0];
    if (problem) {
      const start = problem.linePos?.[0];
      // The parser's first line ends with its own " at line L, column C:"; the position is shown once, up front.
      const reason = problem.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      const where = start ? ` (line ${start.line}, column ${start.col})` : "";
      throw new SpecError("SPEC_PARSE_FAILED", { file, document: index }, `not valid YAML${where}: ${reason}`);
    }
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    return value === null || value === undefined ? [] : [{ file, index, value }];
  });
}

async function listFolder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of names) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFolder(path)));
    else if (SPEC_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

async function readInput(input: string): Promise<{ file: string; text: string }[]> {
  if (isUrl(input)) {
    let response: Response;
    try {
      response = await fetch(input);
    } catch (error) {
      throw new SpecError("SPEC_READ_FAILED", { file: input }, `cannot fetch: ${(error as Error).message}`);
    }
    if (!response.ok) throw new SpecError("SPEC_READ_FAILED", { file: input }, `cannot fetch: HTTP ${response.status}`);
    return [{ file: input, text: await response.text() }];
  }
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new SpecError("SPEC_READ_FAILED", { file: input }, "no such file or folder");
  }
  const files = info.isDirectory() ? await listFolder(input) : [input];
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, "utf8") })));
}

/**
 * Reads spec inputs: files (YAML, multi-document, or JSON), folders (every `.yaml`, `.yml` and
 * `.json` inside, sorted by name) and http(s) URLs.
 *
 * @throws SpecError when an input cannot be read or parsed
 */
export async function readSpecDocuments(inputs: readonly string[]): Promise<SpecDocument[]> {
  const texts = (await Promise.all(inputs.map(readInput))).flat();
  return texts.flatMap(({ file, text }) => parseSpecText(file, text));
}
