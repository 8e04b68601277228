/**
 * Timing helpers shared by the benchmarks: run a child process and time it, medians, and the
 * one-line JSON report a child prints last.
 */
import { spawn } from "node:child_process";

/** What a finished child left behind. */
export interface ChildRun {
  /** Wall time from spawn to exit, in milliseconds. */
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command args` in `cwd` and times it from spawn to exit.
 *
 * @throws Error naming the command and its stderr when it exits non-zero
 */
export function runChild(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolvePromise({ wallMs, stdout, stderr });
      else reject(new Error(`${[command, ...args].join(" ")} exited with ${code}:\n${stderr || stdout}`));
    });
  });
}

/** Runs a TypeScript file under Node with tsx loaded in-process (no wrapper process). */
export function runTsChild(file: string, args: readonly string[], cwd: string): Promise<ChildRun> {
  return runChild(process.execPath, ["--import", "tsx", file, ...args], cwd);
}

/** The JSON object a child printed on its last stdout line. */
export function parseReport<T>(run: ChildRun): T {
  const last = run.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The peak resident set size of this process so far, in MiB (`maxRSS` is in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
