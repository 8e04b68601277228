// @ts-check
// A writer process for test/write-faults.test.ts: runs @meshform/render's compiled writeTree over
// emitted files read from a JSON file, through a file system that counts its operations and, when
// asked, kills this very process with SIGKILL just before operation N, as a crash would.
//
// Usage: node write-child.mjs <out> <files.json> [kill-at] [lock-wait-ms]
// Prints one JSON line on success: { ops, commitAt, written, removed }, where commitAt is the
// operation that put the commit plan in place (the commit point).
import { lstatSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { writeTree } from "@meshform/render";

const [out, filesPath, killArg, waitArg] = process.argv.slice(2);
if (out === undefined || filesPath === undefined) throw new Error("usage: node write-child.mjs <out> <files.json> [kill-at]");
const killAt = Number(killArg ?? 0);
/** @type {{ path: string; content: string }[]} */
const files = JSON.parse(readFileSync(filesPath, "utf8"));

let ops = 0;
let commitAt = 0;
let journalRenames = 0;

/** @param {unknown} error */
const missing = (error) => /** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT";

/**
 * @template {unknown[]} A
 * @template R
 * @param {(...args: A) => R} operation
 * @returns {(...args: A) => Promise<R>}
 */
function counted(operation) {
  return async (...args) => {
    ops += 1;
    if (ops === killAt) process.kill(process.pid, "SIGKILL");
    return operation(...args);
  };
}

/** @type {import("@meshform/render").WriteFs} */
const fs = {
  readFile: counted((path) => {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  }),
  writeFile: counted((path, content) => writeFileSync(path, content, "utf8")),
  rename: counted((from, to) => {
    renameSync(from, to);
    if (to.endsWith(".meshform-journal") && ++journalRenames === 2) commitAt = ops;
  }),
  unlink: counted((path) => {
    try {
      unlinkSync(path);
    } catch (error) {
      if (!missing(error)) throw error;
    }
  }),
  mkdir: counted((path) => mkdirSync(path)),
  rmdir: counted((path) => rmdirSync(path)),
  removeTree: counted((path) => rmSync(path, { recursive: true, force: true })),
  entryType: counted((path) => {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return undefined;
    if (stats.isSymbolicLink()) return "link";
    return stats.isFile() ? "file" : stats.isDirectory() ? "directory" : "other";
  }),
};

const summary = await writeTree(out, files, { fs, allowRemoval: true, lockWaitMs: Number(waitArg ?? 30_000) });
process.stdout.write(`${JSON.stringify({ ops, commitAt, written: summary.written.length, removed: summary.removed.length })}\n`);
