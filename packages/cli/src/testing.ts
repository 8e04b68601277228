/**
 * Helpers for the CLI's tests: run the real binary as a child process, or {@link main} in
 * process with captured streams.
 *
 * @internal
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "./output.js";

/** The installed executable, `bin/meshform.js`. */
export const BIN: string = fileURLToPath(new URL("../bin/meshform.js", import.meta.url));

/** The workspace's `.tmp/` folder, ignored by git. */
const WORKSPACE_TMP = fileURLToPath(new URL("../../../.tmp/", import.meta.url));

/**
 * A scratch folder of its own for a test file, `<workspace>/.tmp/<name>-<uuid>` (not created):
 * inside the workspace, so that configs written there resolve `@meshform/*` as in a user's
 * workspace, and outside every package, which `test/pack.test.ts` packs while other tests run.
 */
export function scratchFolder(name: string): string {
  return join(WORKSPACE_TMP, `${name}-${randomUUID()}`);
}

/** A billion-laughs document: nine levels of nine aliases, a few hundred bytes standing for 9^9 strings. */
export const ALIAS_BOMB: string = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...[..."bcdefghi"].map((name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(",")}]`)].join("\n");

/** A stream of 200 000 one-line Namespace documents, to show a large input is read without a crash. */
export const MANY_NAMESPACES: string = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n".repeat(200_000);

/** What a run of the CLI printed, and its exit code. */
export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/meshform.js …args` in `cwd` as a user would, without colour (`NO_COLOR=1`).
 *
 * @param input - what the command reads on standard input; it is empty when absent
 * @param env - variables to set in the command's environment, over this process's
 * @internal
 */
export function runMeshform(args: readonly string[], cwd: string, input?: string, env: Readonly<Record<string, string>> = {}): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.on("error", reject);
    child.stdin.end(input);
  });
}

/**
 * Every file under `folder`, hidden ones included, with its content in `encoding`, by path
 * relative to it, in sorted order.
 *
 * @internal
 */
export async function readFiles(folder: string, encoding: BufferEncoding = "utf8"): Promise<Record<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const paths = entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)));
  const tree: Record<string, string> = {};
  for (const path of paths.sort()) tree[path] = await readFile(join(folder, path), encoding);
  return tree;
}

/** Streams that record what is written, for running {@link main} in process. */
export interface CapturedIo {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/**
 * Creates recording streams; `tty` makes them claim to be terminals (so colour applies unless
 * `env` has `NO_COLOR`).
 *
 * @internal
 */
export function captureIo(options: { tty?: boolean; env?: Record<string, string> } = {}): CapturedIo {
  let stdout = "";
  let stderr = "";
  const isTTY = options.tty ?? false;
  return {
    io: {
      stdout: { isTTY, write: (text: string) => (stdout += text) },
      stderr: { isTTY, write: (text: string) => (stderr += text) },
      env: options.env ?? {},
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** Replaces the run time of a summary line (`in 1.2s`) with `in 0.0s`, so it can be compared. */
export function withoutTime(text: string): string {
  return text.replace(/ in \d+\.\ds$/gm, " in 0.0s");
}

/**
 * A small CRD (`example.com/v1` Widget), then a document that is not one, which codegen skips.
 *
 * @internal
 */
export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer, minimum: 1, description: How big the widget is. }
                color: { type: string, enum: [red, blue] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: not-a-crd }
`;
