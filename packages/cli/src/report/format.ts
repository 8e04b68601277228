/** Small pieces of text every report uses. */

/** `1 file`, `3 files`: a count with its noun, plural unless it is one. */
export function formatCount(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A run time in seconds with one decimal: `1.2s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
