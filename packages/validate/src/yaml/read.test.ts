import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ManifestFile } from "./parse.js";
import { readManifests } from "./read.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-read-"));
  await mkdir(join(dir, "tree/b"), { recursive: true });
  await mkdir(join(dir, "tree/.github"), { recursive: true });
  await writeFile(join(dir, "tree/b/route.yml"), "kind: HTTPRoute\n");
  await writeFile(join(dir, "tree/a.json"), '{"kind": "Service"}\n');
  await writeFile(join(dir, "tree/.meshform-owned.json"), '{"files": []}\n');
  await writeFile(join(dir, "tree/.github/ci.yaml"), "on: push\n");
  await writeFile(join(dir, "tree/README.md"), "# not a manifest\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(inputs: string[], stdin?: string): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for await (const file of readManifests(inputs, stdin === undefined ? {} : { stdin: Readable.from([stdin]) })) files.push(file);
  return files;
}

describe("readManifests", () => {
  test("reads inputs in the order given, a folder's .yaml, .yml and .json files sorted, hidden ones left out", async () => {
    const files = await read([join(dir, "tree/b/route.yml"), join(dir, "tree")]);
    expect(files.map((f) => [f.file.slice(dir.length + 1), f.documents.map((d) => d.object)])).toEqual([
      ["tree/b/route.yml", [{ kind: "HTTPRoute" }]],
      ["tree/a.json", [{ kind: "Service" }]],
      ["tree/b/route.yml", [{ kind: "HTTPRoute" }]],
    ]);
  });

  test("reads - from standard input", async () => {
    const [file] = await read(["-"], "kind: Service\nmetadata:\n  name: a\n");
    expect([file?.file, file?.documents[0]?.object, file?.documents[0]?.lineOf(["metadata", "name"])]).toEqual(["-", { kind: "Service", metadata: { name: "a" } }, 3]);
  });

  test("an input that cannot be read is a file with a READ_FAILED issue, and the others are still read", async () => {
    const missing = join(dir, "missing.yaml");
    const files = await read([missing, join(dir, "tree/a.json")]);
    expect(files.map((f) => [f.documents.length, f.issue])).toEqual([
      [0, { code: "READ_FAILED", severity: "error", message: "cannot read: no such file or folder", source: { file: missing } }],
      [1, undefined],
    ]);
  });
});
