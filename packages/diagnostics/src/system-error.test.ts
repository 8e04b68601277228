import { open } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { describeFileSystemFailure, isSystemError } from "./system-error.js";

describe("describeFileSystemFailure", () => {
  test("gives the system's reason and code without the path, and what to do", async () => {
    const failure = await open("/nonexistent-folder/.a.yaml.meshform-tmp", "w").catch((error: unknown) => error);
    expect(isSystemError(failure)).toBe(true);
    expect(describeFileSystemFailure(failure)).toBe(
      "no such file or directory (ENOENT): a folder on the way is missing, or a symbolic link points nowhere; create the folder or remove the link",
    );
  });

  test("names the fix for a path this user may not use", () => {
    const failure = Object.assign(new Error("EACCES: permission denied, open '/srv/generated/.x.meshform-tmp'"), { code: "EACCES", syscall: "open" });
    expect(describeFileSystemFailure(failure)).toBe("permission denied (EACCES): check the permissions and owner of the file and of its folder, or use another path");
  });

  test("keeps a message it does not know the form of", () => {
    expect(describeFileSystemFailure(Object.assign(new Error("EWHAT: odd, x"), { code: "EWHAT" }))).toBe("odd (EWHAT)");
    expect(describeFileSystemFailure(new Error("disk on fire"))).toBe("disk on fire");
    expect(describeFileSystemFailure("plain")).toBe("plain");
  });
});

describe("isSystemError", () => {
  test("takes only errors with a code and the call that failed", () => {
    expect(isSystemError(Object.assign(new Error("EIO: i/o error"), { code: "EIO", syscall: "read" }))).toBe(true);
    expect(isSystemError(Object.assign(new Error("x"), { code: "X" }))).toBe(false);
    expect(isSystemError({ code: "EIO", syscall: "read" })).toBe(false);
    expect(isSystemError(null)).toBe(false);
  });
});
