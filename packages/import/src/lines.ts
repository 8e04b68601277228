/**
 * Where each document of a YAML stream starts, found by a scan of its lines instead of a parse
 * with positions: on large inputs (tens of thousands of documents) a positional parse costs
 * seconds, and the config's comments need only each document's first line.
 */

/**
 * The 1-based line of the first content line of each non-empty document of `text`, in order: the
 * numbering of `parseManifests`' documents (a document of comments and blank lines only is empty,
 * as kubectl reads it). JSON input is one document starting at its first line.
 */
export function documentStartLines(text: string): number[] {
  const starts: number[] = [];
  let pending: number | undefined;
  let lineNumber = 0;
  // One split of the text: each character is looked at once, whatever the number of documents.
  for (const line of text.split("\n")) {
    lineNumber += 1;
    if (line.startsWith("---") && (line.length === 3 || line[3] === " " || line[3] === "\t" || line[3] === "\r")) {
      if (pending !== undefined) starts.push(pending);
      pending = undefined;
      const rest = line.slice(3).trim();
      if (rest !== "" && !rest.startsWith("#")) pending = lineNumber;
      continue;
    }
    if (line.startsWith("...") && line.slice(3).trim() === "") {
      if (pending !== undefined) starts.push(pending);
      pending = undefined;
      continue;
    }
    const trimmed = line.trim();
    if (pending === undefined && trimmed !== "" && !trimmed.startsWith("#") && !trimmed.startsWith("%")) pending = lineNumber;
  }
  if (pending !== undefined) starts.push(pending);
  return starts;
}
