import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { MeshformError, type CliErrorCode } from "./errors.js";

/**
 * Finds meshform's own workspace: the nearest folder at or above `from` that holds
 * `pnpm-workspace.yaml` and meshform's generator (`packages/codegen`).
 *
 * @throws MeshformError (`WORKSPACE_NOT_FOUND`) when there is none
 */
export function findWorkspaceRoot(from: string): string {
  let folder = resolve(from);
  for (;;) {
    if (existsSync(join(folder, "pnpm-workspace.yaml"))) {
      if (existsSync(join(folder, "packages", "codegen", "package.json"))) return folder;
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  throw new MeshformError<CliErrorCode>(
    "WORKSPACE_NOT_FOUND",
    `--builtin regenerates meshform's own kinds and runs inside the meshform workspace, but ${resolve(from)} is not in it`,
  );
}
