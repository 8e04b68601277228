import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UsageError } from "../errors.js";
import { refuseOutputFolder } from "./out-folder.js";

let dir: string;
let repo: string;
let config: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-out-"));
  repo = join(dir, "home", "ada", "repo");
  await mkdir(join(repo, "mesh"), { recursive: true });
  await symlink(join(repo, "mesh"), join(dir, "link-to-mesh"));
  config = join(repo, "mesh", "mesh.config.ts");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Why `out` (relative to the config's folder) is refused, or `undefined`. */
function refusal(out: string): string | undefined {
  try {
    refuseOutputFolder(out, config, "mesh.config.ts", join(repo, "mesh"), join(dir, "home", "ada"));
    return undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return error.message.slice(0, error.message.indexOf(";"));
  }
}

describe("refuseOutputFolder", () => {
  test("accepts a folder of its own, new or existing, beside or below the config", () => {
    expect([refusal("generated"), refusal("../deploy/generated"), refusal(join(dir, "elsewhere"))]).toEqual([undefined, undefined, undefined]);
  });

  test("refuses the home folder, however it is spelled", () => {
    expect(refusal("../..")).toBe("--out ../.. is the home folder");
    expect(refusal(join(dir, "home", "ada") + "/")).toBe(`--out ${join(dir, "home", "ada")}/ is the home folder`);
  });

  test("refuses the config's folder through a link, and a folder above it", () => {
    expect(refusal(join(dir, "link-to-mesh"))).toBe(`--out ${join(dir, "link-to-mesh")} is the folder that holds mesh.config.ts: meshform would share it with the config and your repository`);
    expect(refusal("..")).toBe("--out .. holds mesh.config.ts in a folder below it: meshform would share it with the config and your repository");
  });

  test("refuses an empty --out and a file-system root, with what to pass instead", () => {
    expect(refusal(" ")).toBe(`--out is empty, which would write into the current folder (${join(repo, "mesh")})`);
    expect(() => refuseOutputFolder("/", config, "mesh.config.ts", "/")).toThrow(
      "--out / is a file-system root; meshform replaces and deletes files in its output folder, so it needs a folder of its own: pass one such as --out generated; see 'meshform generate --help'",
    );
  });
});
