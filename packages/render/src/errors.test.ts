import { open } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { describeFileSystemFailure, RenderError } from "./errors.js";
import { MeshformError } from "@meshform/diagnostics";

describe("RenderError", () => {
  test("is a MeshformError, so the CLI prints it as an error line", () => {
    const error = new RenderError("RENDER_PATH_CONFLICT", "generated/a.yaml: move it away");
    expect([error instanceof MeshformError, error.code, error.name]).toEqual([true, "RENDER_PATH_CONFLICT", "RenderError"]);
  });
});

describe("describeFileSystemFailure", () => {
  test("gives the system's reason and code without the path, and what to do", async () => {
    const failure = await open("/nonexistent-folder/.a.yaml.meshform-tmp", "w").catch((error: unknown) => error);
    expect(describeFileSystemFailure(failure)).toBe(
      "no such file or directory (ENOENT): a folder on the way is missing, or a symbolic link points nowhere; create the folder or remove the link",
    );
  });

  test("names the fix for a folder this user may not write", () => {
    const failure = Object.assign(new Error("EACCES: permission denied, open '/srv/generated/.x.meshform-tmp'"), { code: "EACCES" });
    expect(describeFileSystemFailure(failure)).toBe(
      "permission denied (EACCES): let this user write there (the permissions or owner of the file or its folder), or write elsewhere",
    );
  });

  test("keeps a message it does not know the form of", () => {
    expect(describeFileSystemFailure(Object.assign(new Error("EWHAT: odd, x"), { code: "EWHAT" }))).toBe("odd (EWHAT)");
    expect(describeFileSystemFailure(new Error("disk on fire"))).toBe("disk on fire");
    expect(describeFileSystemFailure("plain")).toBe("plain");
  });
});
