import type { SourceLocation } from "@meshform/diagnostics";
import { fileURLToPath } from "node:url";

const DSL_SOURCE = /[\\/]packages[\\/]dsl[\\/]src[\\/]|[\\/]@meshform[\\/]dsl[\\/]/;
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/**
 * Where the user's code called into the DSL: the first stack frame outside this package. It is
 * how an error names the line of mesh.config.ts a resource came from.
 */
export function captureOrigin(): SourceLocation {
  const stack = new Error().stack?.split("\n").slice(1) ?? [];
  for (const line of stack) {
    const match = FRAME.exec(line.trim());
    if (!match || match[1]!.startsWith("node:") || /[\\/]node_modules[\\/]/.test(match[1]!)) continue;
    if (DSL_SOURCE.test(match[1]!) && !/\.test\.ts$/.test(match[1]!)) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: "<unknown>" };
}
