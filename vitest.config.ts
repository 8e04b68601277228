import { defineConfig } from "vitest/config";

// The workspace's packages resolve to their TypeScript sources (the `source` condition of their
// `exports`), not to the compiled `dist/` that Node uses. The others are Vite's own for Node.
const conditions = ["source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { enabled: false },
    testTimeout: 60_000,
    pool: "threads",
    // Vitest's default on a 2-core machine is one worker: the CPU-bound suites then leave the other
    // core idle while the end-to-end suites wait on child processes. Two workers use both.
    maxWorkers: 2,
    globalSetup: ["test/support/build.ts"],
  },
});
