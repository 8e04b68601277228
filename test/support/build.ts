// Vitest's global setup: compiles the packages' `dist/` (scripts/build.js) before the tests run.
// The tests import the sources, but those that run the `meshform` binary or pack the packages use
// what Node uses, the compiled JavaScript, which must be that of the sources under test.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/build.js", import.meta.url))], { stdio: "inherit" });
}
