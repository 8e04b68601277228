#!/usr/bin/env node
/**
 * The `meshform` executable.
 *
 * meshform's packages publish their TypeScript sources (their `exports` point at `src/*.ts`), so
 * something must compile them as they load. This file is plain JavaScript that Node runs as it
 * is: it registers tsx's ESM loader through its API (`tsx/esm/api`), then imports `src/bin.ts`.
 * `tsx` is resolved from this package's own dependencies, so the binary works from any folder and
 * from another pnpm workspace that depends on `@meshform/cli`, without a global tsx, `npx` (which
 * may download) or `env -S` in the shebang (which not every `env` supports). Needs Node 20.6 or
 * later, for `module.register`.
 */
import { register } from "tsx/esm/api";

register();
await import("../src/bin.ts");
