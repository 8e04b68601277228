// meshform used as a dependency, the way a platform team's monorepo takes it: the packages are
// packed as they are published (`pnpm pack`), a separate pnpm workspace in a temporary folder
// depends on the tarballs, its build script runs `meshform generate` on its own mesh.config.ts,
// and kustomize builds the result.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasKubectl, KUSTOMIZE_SKIP_REASON, kustomizeBuild, kustomizeRequired, sortedByIdentity } from "./support/kustomize.js";
import { celInvalidRoute } from "./support/manifests.js";
import {
  dependencyClosure,
  listWorkspacePackages,
  missingEntryPoints,
  packPackage,
  runCommand,
  writeConsumerWorkspace,
  type CommandOutcome,
  type PackedPackage,
  type WorkspacePackage,
} from "./support/pack.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");

/** What the consumer depends on directly. */
const DIRECT = ["@meshform/cli", "@meshform/dsl"];

const MESH_CONFIG = `import { defineMesh } from "@meshform/dsl";
// The typed kinds, through @meshform/dsl alone: the consumer depends on no kinds package directly.
import { sidecar } from "@meshform/dsl/istio/networking.istio.io/v1";

export default defineMesh({}, (mesh) => {
  mesh.mtls("STRICT");
  const shop = mesh.namespace("shop", { dataplane: "ambient" });
  shop.gateway("shop-gateway", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } });
  const legacy = mesh.namespace("legacy", { managed: false });
  mesh.resource(sidecar({ metadata: { name: "default", namespace: legacy.name }, spec: { egress: [{ hosts: ["./*", "istio-system/*"] }] } }));
  // @ts-expect-error: the types know the protocols, so a typo does not compile
  void (() => shop.gateway("typo", { listeners: { http: { port: 80, protocol: "HTTPX" } } }));
});
`;

/**
 * The consumer's TypeScript settings: as strict as a platform team's, with
 * \`exactOptionalPropertyTypes\`, every declaration file checked and no Node types, which the
 * packages' published declarations must not need. (zod's own declarations name \`URL\`, which the
 * DOM library declares.)
 */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023", "DOM"],
    types: [],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
  },
  files: ["mesh.config.ts"],
};

/** The TypeScript the workspace uses, for the consumer to type-check with. */
const TYPESCRIPT_VERSION = "7.0.2";

/** What the config declares, as kustomize prints it. */
const EXPECTED_OBJECTS = [
  {
    apiVersion: "v1",
    kind: "Namespace",
    // Argo CD never deletes or prunes a Namespace meshform writes unless the config allows it.
    metadata: { name: "shop", labels: { "istio.io/dataplane-mode": "ambient" }, annotations: { "argocd.argoproj.io/sync-options": "Delete=false,Prune=false" } },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "shop-gateway", namespace: "shop" },
    spec: { gatewayClassName: "istio", listeners: [{ name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "All" } } }] },
  },
  { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "istio-system" }, spec: { mtls: { mode: "STRICT" } } },
  { apiVersion: "networking.istio.io/v1", kind: "Sidecar", metadata: { name: "default", namespace: "legacy" }, spec: { egress: [{ hosts: ["./*", "istio-system/*"] }] } },
];

let dir: string;
let packages: WorkspacePackage[];
let packed: PackedPackage[];
let app: string;
let install: CommandOutcome;
let build: CommandOutcome;

/** The outcome in a form whose failure shows pnpm's output. */
const summary = (outcome: CommandOutcome) => ({ code: outcome.code, output: outcome.code === 0 ? "" : `${outcome.stdout}${outcome.stderr}` });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-pack-"));
  packages = dependencyClosure(await listWorkspacePackages(ROOT), DIRECT);
  packed = await Promise.all(packages.map((pkg) => packPackage(pkg, join(dir, "tarballs"))));
  app = await writeConsumerWorkspace({
    dir: join(dir, "workspace"),
    packed,
    dependencies: DIRECT,
    devDependencies: { typescript: TYPESCRIPT_VERSION },
    scripts: { build: "meshform generate", typecheck: "tsc -p tsconfig.json" },
    files: { "mesh.config.ts": MESH_CONFIG, "tsconfig.json": `${JSON.stringify(CONSUMER_TSCONFIG, null, 2)}\n`, "invalid-route.yaml": celInvalidRoute("shop") },
  });
  install = await runCommand("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"], join(dir, "workspace"), 75_000);
  build = install.code === 0 ? await runCommand("pnpm", ["run", "build"], app, 20_000) : { code: null, stdout: "", stderr: "not run: the install failed" };
}, 110_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the packed packages", () => {
  it("are every @meshform package the CLI and the DSL depend on", () => {
    expect(packages.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(["@meshform/cli", "@meshform/diagnostics", "@meshform/dsl", "@meshform/gateway-api", "@meshform/istio", "@meshform/k8s", "@meshform/kind-runtime", "@meshform/render"]));
  });

  it("hold every file their exports and bins point at, and no test output", () => {
    const problems = packages.flatMap((pkg, index) => {
      const files = packed[index]!.files;
      const missing = missingEntryPoints(pkg, packed[index]!).map((target) => `${pkg.name}: ${target} is not in the tarball`);
      const stray = files.filter((file) => file.startsWith(".") || file.includes("/.")).map((file) => `${pkg.name}: ${file} should not be published`);
      return [...missing, ...stray];
    });
    expect(problems).toEqual([]);
  });
});

describe("a separate pnpm workspace that depends on the tarballs", () => {
  it("installs them", () => {
    expect(summary(install)).toEqual({ code: 0, output: "" });
  });

  it("runs `meshform generate` from its build script", async () => {
    expect(summary(build)).toEqual({ code: 0, output: "" });
    expect(build.stdout).toMatch(/^generate: 3 namespaces, 4 resources, 11 files \(11 written, 0 unchanged, 0 removed\) in \d+\.\ds$/m);
    const entries = await readdir(join(app, "generated"), { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => relative(join(app, "generated"), join(e.parentPath, e.name)));
    expect(files.sort()).toEqual([
      ".meshform-owned.json",
      "istio-system/README.md",
      "istio-system/kustomization.yaml",
      "istio-system/peerauthentication_security.istio.io_default.yaml",
      "kustomization.yaml",
      "legacy/README.md",
      "legacy/kustomization.yaml",
      "legacy/sidecar_networking.istio.io_default.yaml",
      "shop/README.md",
      "shop/gateway_gateway.networking.k8s.io_shop-gateway.yaml",
      "shop/kustomization.yaml",
      "shop/namespace_shop.yaml",
    ]);
  });

  it("type-checks its mesh.config.ts against the published declarations, strictly and without Node types", async () => {
    const typecheck = await runCommand("pnpm", ["run", "typecheck"], app, 60_000);
    expect(summary(typecheck)).toEqual({ code: 0, output: "" });
  });

  it("validates its generated tree with `meshform validate`, which starts from the bundled CLI", async () => {
    const cliFiles = packed[packages.findIndex((pkg) => pkg.name === "@meshform/cli")]!.files;
    expect(cliFiles).toEqual(expect.arrayContaining(["dist/bundle/validate.cjs", "dist/bundle/import.cjs"]));
    expect(cliFiles.filter((file) => file.endsWith(".cache"))).toEqual([]);
    // The first run compiles the bundle and caches it in the installed package; the second uses the cache.
    for (let run = 0; run < 2; run += 1) {
      const validate = await runCommand("pnpm", ["exec", "meshform", "validate", "--strict", "generated"], app, 20_000);
      expect({ code: validate.code, stdout: validate.stdout, stderr: validate.stderr }).toEqual({
        code: 0,
        stdout: "Found 0 errors and 0 warnings in 4 documents (8 files)\n",
        stderr: "",
      });
    }
    // Errors that need the CEL evaluator (durations) and the positions of fields (yaml): packages
    // the bundle loads lazily, from the installed @meshform/validate's own dependencies.
    const invalid = await runCommand("pnpm", ["exec", "meshform", "validate", "invalid-route.yaml"], app, 20_000);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe("Found 2 errors and 0 warnings in 1 document (1 file)\n");
    expect(invalid.stderr).toContain("line 9 spec.rules[0].matches[0].path: Invalid value");
    expect(invalid.stderr).toContain("line 10 spec.rules[0].timeouts: Invalid value: \"object\": backendRequest timeout cannot be longer than request timeout");
  });

  it("has a meshform binary that prints the packed version", async () => {
    const version = await runCommand("pnpm", ["exec", "meshform", "--version"], app, 20_000);
    expect({ code: version.code, stdout: version.stdout }).toEqual({ code: 0, stdout: "0.1.0\n" });
  });

  if (!hasKubectl && kustomizeRequired) {
    it("kubectl is on PATH (MESHFORM_REQUIRE_KUSTOMIZE=1)", () => expect.fail(KUSTOMIZE_SKIP_REASON));
  }

  it.skipIf(!hasKubectl)(hasKubectl ? "gets output that kubectl kustomize builds into the declared objects" : KUSTOMIZE_SKIP_REASON, () => {
    expect(build.code).toBe(0);
    expect(sortedByIdentity(kustomizeBuild(join(app, "generated")))).toEqual(sortedByIdentity(EXPECTED_OBJECTS));
  });
});
