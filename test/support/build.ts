// Vitest's global setup: compiles the packages' `dist/` (scripts/build.js) before the tests run.
// The tests import the sources, but those that run the `meshform` binary or pack the packages use
// what Node uses, the compiled JavaScript, which must be that of the sources under test.
//
// It also gives the run a generation cache of its own (`MESHFORM_CACHE_DIR`, which the test
// workers inherit), deleted at the end: a binary run by a test never reuses a plan an earlier test
// run stored in the workspace's `node_modules/.cache`, and a test that wants a cache sets its own.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): () => void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/build.js", import.meta.url))], { stdio: "inherit" });
  const cache = mkdtempSync(join(tmpdir(), "meshform-test-cache-"));
  process.env.MESHFORM_CACHE_DIR = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
