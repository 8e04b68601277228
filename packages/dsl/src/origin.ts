import type { SourceLocation } from "@meshform/diagnostics";
import { fileURLToPath } from "node:url";

const DSL_SOURCE = /[\\/]packages[\\/]dsl[\\/](?:src|dist)[\\/]|[\\/]@meshform[\\/]dsl[\\/]/;
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/** The first stack frame outside this package (test files count as the user's code). */
function locate(stack: string | undefined): SourceLocation {
  for (const line of stack?.split("\n").slice(1) ?? []) {
    const match = FRAME.exec(line.trim());
    if (!match || match[1]!.startsWith("node:") || /[\\/]node_modules[\\/]/.test(match[1]!)) continue;
    if (DSL_SOURCE.test(match[1]!) && !/\.test\.ts$/.test(match[1]!)) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: "<unknown>" };
}

/**
 * Where the user's code called into the DSL: the first stack frame outside this package. It is
 * how an error names the line of mesh.config.ts a resource came from.
 *
 * The stack is captured now but read only when a location is asked for: formatting a stack
 * (through source maps, under tsx) costs far more than capturing it, and most resources never
 * need their line. A caller that knows how many of this package's frames lie between it and the
 * user's code (a public method calling it through one helper) passes that number, and only that
 * much of the stack is captured: a config that adds thousands of resources pays for a few frames
 * each instead of ten.
 */
export function captureOrigin(dslFrames?: number): SourceLocation {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  if (dslFrames !== undefined) Error.stackTraceLimit = dslFrames + 2; // this package's frames, the user's, and one to spare
  try {
    Error.captureStackTrace(holder, captureOrigin);
  } finally {
    Error.stackTraceLimit = limit;
  }
  let located: SourceLocation | undefined;
  const get = (): SourceLocation => (located ??= locate(`Error\n${holder.stack?.split("\n").slice(1).join("\n") ?? ""}`));
  return {
    get file() {
      return get().file;
    },
    get line() {
      return get().line;
    },
    get column() {
      return get().column;
    },
  };
}
