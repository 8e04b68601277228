/** What to do about a file-system failure, by its code. */
const FIXES: Readonly<Record<string, string>> = {
  EACCES: "check the permissions and owner of the file and of its folder, or use another path",
  EPERM: "check the permissions, owner and attributes (lsattr) of the file and of its folder, or use another path",
  EROFS: "the file system is mounted read-only; use a folder on a writable one",
  ENOSPC: "the disk is full; free some space",
  EDQUOT: "the disk quota is used up; free some space",
  ENOENT: "a folder on the way is missing, or a symbolic link points nowhere; create the folder or remove the link",
  ENOTDIR: "a file stands where a folder is needed on the way; move it away",
  EISDIR: "a folder stands where a file is needed; move it away",
  ELOOP: "symbolic links on the way point at each other; remove the loop",
  ENAMETOOLONG: "the path is too long for the file system; use a shorter one",
  EMFILE: "too many files are open; raise the limit (ulimit -n)",
  ENFILE: "too many files are open on this system; close some programs",
  EBUSY: "another program holds it; close that program",
  EXDEV: "a folder on the way is on another file system (a mount); use a folder that is not split across mounts",
  EIO: "the device reported an error; check the disk",
};

/** A Node.js system error: `ENOENT`, `EACCES`... with the call that failed. */
export interface SystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
}

/** Whether `value` is a Node.js system error, such as `ENOENT` from `open` or `EACCES` from `mkdir`. */
export function isSystemError(value: unknown): value is SystemError {
  const { code, syscall } = (value ?? {}) as { code?: unknown; syscall?: unknown };
  return value instanceof Error && typeof code === "string" && typeof syscall === "string";
}

/**
 * A file-system failure as people read it: the system's reason without the path it was raised
 * for (often a temporary one), its code, and what to do, e.g. `permission denied (EACCES): check
 * the permissions and owner of the file and of its folder, or use another path`. Anything else
 * gives its message as it is.
 */
export function describeFileSystemFailure(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (typeof code !== "string" || !message.startsWith(`${code}: `)) return message;
  const reason = message.slice(code.length + 2).split(", ")[0];
  const fix = Object.hasOwn(FIXES, code) ? `: ${FIXES[code]}` : "";
  return `${reason} (${code})${fix}`;
}
