// What `meshform generate` prints when the output folder refuses to be written, when names are as
// long as Kubernetes allows, and when a name holds control characters: one `error: …` line, exit 1,
// no stack, the tree as it was; files that fit; escaped text. Each runs the real binary.
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { runMeshform, scratchFolder } from "../testing.js";

const ROOT = scratchFolder("cli-generate-errors");

/** A config with the namespace `shop`, its Gateway `edge`, and what `extra` adds inside the callback. */
function config(extra = ""): string {
  return `import { defineMesh } from "@meshform/dsl";
import { destinationRule } from "@meshform/istio/networking.istio.io/v1";

export default defineMesh({}, (mesh) => {
  const shop = mesh.namespace("shop");
  shop.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
  shop.service("reviews");
${extra}});
`;
}

/** A DestinationRule in `shop` by its name, as a line of a config's callback. */
const rule = (name: string) => `  mesh.resource(destinationRule({ metadata: { name: ${JSON.stringify(name)}, namespace: "shop" }, spec: { host: "reviews" } }));\n`;

/** A fresh folder with `mesh.config.ts`, after a first successful `generate` when `generated` is true. */
async function project(text: string, generated = true): Promise<string> {
  const folder = join(ROOT, randomUUID());
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "mesh.config.ts"), text);
  if (generated) expect((await runMeshform(["generate"], folder)).code).toBe(0);
  return folder;
}

/** Every entry under `folder` (files with their text, links with their target), by relative path. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const tree: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    const key = relative(folder, path);
    if (entry.isSymbolicLink()) tree[key] = `-> ${await readlink(path)}`;
    else if (entry.isFile()) tree[key] = await readFile(path, "utf8");
    else if (entry.isDirectory()) tree[`${key}/`] = "";
  }
  return tree;
}

/** Runs `meshform generate …args` and checks what every refused run shares: exit 1, one error, no stack, no bug report. */
async function refused(folder: string, ...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runMeshform(["generate", ...args], folder);
  expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
  expect(stderr).toMatch(/^error: /);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("This is a bug");
  return stderr;
}

beforeAll(async () => {
  await mkdir(ROOT, { recursive: true });
});
afterAll(async () => {
  await rm(ROOT, { recursive: true, force: true });
});

describe("a RenderError prints as one error line, and the tree stays as it was", () => {
  test("a hand-written file where meshform would write names the file and says to move it away", async () => {
    const folder = await project(config());
    await writeFile(join(folder, "mesh.config.ts"), config(rule("reviews")));
    await writeFile(join(folder, "generated/shop/destinationrule_networking.istio.io_reviews.yaml"), "# ours\n");
    const before = await snapshot(folder);
    const stderr = await refused(folder);
    expect(stderr).toContain("shop/destinationrule_networking.istio.io_reviews.yaml");
    expect(stderr).toMatch(/did not write.*move (it|them) away/);
    expect(await snapshot(folder)).toEqual(before);
  });

  test("--out naming a file says it is a file", async () => {
    const folder = await project(config(), false);
    await writeFile(join(folder, "out.yaml"), "# a file\n");
    const before = await snapshot(folder);
    const stderr = await refused(folder, "--out", "out.yaml");
    expect(stderr).toContain(`${join(folder, "out.yaml")} is a file`);
    expect(await snapshot(folder)).toEqual(before);
  });

  test("a namespace folder that is a symbolic link names it", async () => {
    const folder = await project(config());
    await rename(join(folder, "generated/shop"), join(folder, "shop-elsewhere"));
    await symlink(join(folder, "shop-elsewhere"), join(folder, "generated/shop"));
    const before = await snapshot(folder);
    const stderr = await refused(folder);
    expect(stderr).toContain(`${join(folder, "generated/shop")} is a symbolic link`);
    expect(await snapshot(folder)).toEqual(before);
  });

  test("an output folder that is a dangling symbolic link names it", async () => {
    const folder = await project(config(), false);
    await symlink(join(folder, "nowhere"), join(folder, "generated"));
    const before = await snapshot(folder);
    const stderr = await refused(folder);
    expect(stderr).toContain(join(folder, "generated"));
    expect(stderr).toContain("(ENOENT): a folder on the way is missing, or a symbolic link points nowhere; create the folder or remove the link");
    expect(await snapshot(folder)).toEqual(before);
  });

  test("an output folder another run is writing names it and the pid", async () => {
    const folder = await project(config());
    await writeFile(join(folder, "mesh.config.ts"), config(rule("reviews")));
    // This test's own process stands for the other run: alive, on this host.
    const lock = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    await writeFile(join(folder, ".generated.meshform-lock"), JSON.stringify(lock));
    const before = await snapshot(folder);
    const stderr = await refused(folder);
    expect(stderr).toContain(`${join(folder, "generated")} (pid ${process.pid})`);
    expect(await snapshot(folder)).toEqual(before);
  });

  test("a folder that cannot be written names it and the reason", async () => {
    const folder = await project(config());
    await writeFile(join(folder, "mesh.config.ts"), config(rule("reviews")));
    const shop = join(folder, "generated/shop");
    const unlock = readOnly(shop);
    try {
      const before = await snapshot(folder);
      const stderr = await refused(folder);
      expect(stderr).toMatch(/cannot (write|create)/);
      expect(stderr).toContain(shop);
      expect(stderr).toMatch(/\((EACCES|EPERM)\): check the permissions,? .*of the file and of its folder, or use another path/);
      expect(await snapshot(folder)).toEqual(before);
    } finally {
      unlock();
    }
  });
});

/**
 * Makes a folder refuse writes, and returns what undoes it: `chmod` for a user, the immutable
 * attribute (`chattr +i`) for root, whom permissions do not stop.
 */
function readOnly(folder: string): () => void {
  if (process.getuid?.() !== 0) {
    execFileSync("chmod", ["a-w", folder]);
    return () => execFileSync("chmod", ["u+w", folder]);
  }
  execFileSync("chattr", ["+i", folder]);
  return () => execFileSync("chattr", ["-i", folder]);
}

describe("names as long as Kubernetes allows", () => {
  /** A longest DNS-1123 subdomain: labels of 63, 63, 63 and 61 characters, 253 with the dots. */
  const longest = ["r".repeat(63), "e".repeat(63), "v".repeat(63), "s".repeat(61)].join(".");
  const hasKubectl = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;

  test("a 253-character name is written to a file whose name fits, and kustomize builds the tree", async () => {
    const folder = await project(config(rule(longest)), false);
    const { code, stderr } = await runMeshform(["generate"], folder);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const files = (await readdir(join(folder, "generated/shop"))).filter((name) => name.startsWith("destinationrule_"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^destinationrule_networking\.istio\.io_[rev.]+__[0-9a-f]{16}\.yaml$/);
    expect(files[0]!.length).toBeLessThanOrEqual(200);
    const written = await readFile(join(folder, "generated/shop", files[0]!), "utf8");
    expect(written).toContain(`name: ${longest}`);
    expect((await runMeshform(["generate", "--check"], folder)).code).toBe(0);
    if (!hasKubectl) return;
    const built = parseAllDocuments(execFileSync("kubectl", ["kustomize", join(folder, "generated/shop")], { encoding: "utf8" })).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    expect(built.filter((object) => object.kind === "DestinationRule").map((object) => object.metadata.name)).toEqual([longest]);
  });
});

describe("control characters in names are shown escaped", () => {
  test("a name with an ANSI escape and a NUL is escaped in the issue report, nothing is written", async () => {
    const folder = await project(config(rule("\u001b[31mred") + rule("a\u0000b")), false);
    const { code, stdout, stderr } = await runMeshform(["generate"], folder);
    expect(code).toBe(1);
    expect(stdout + stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(stderr).toContain("\\u001b[31mred");
    expect(stderr).toContain("a\\u0000b");
    expect(await readdir(folder)).toEqual(["mesh.config.ts"]);
  });

  test("--json keeps the exact names", async () => {
    const folder = await project(config(rule("\u001b[31mred")), false);
    const { code, stdout } = await runMeshform(["generate", "--json"], folder);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.stringify(JSON.parse(stdout))).toContain(JSON.stringify("\u001b[31mred").slice(1, -1));
  });
});

describe("ordinary mistakes in how generate is called", () => {
  test("--config naming a folder says so and names the file to pass", async () => {
    const folder = await project(config(), false);
    await mkdir(join(folder, "deploy"));
    const stderr = await refused(folder, "--config", "deploy");
    expect(stderr).toBe("error: deploy: is a folder, not a config file (pass --config deploy/mesh.config.ts)\n");
    expect(await readdir(folder)).toEqual(["deploy", "mesh.config.ts"]);
  });
});
