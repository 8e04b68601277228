import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ManifestFile } from "./parse.js";
import { MAX_INPUT_BYTES, readManifests } from "./read.js";

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
  await mkdir(join(dir, "empty"));
  await mkdir(join(dir, "docs-only/.hidden"), { recursive: true });
  await writeFile(join(dir, "docs-only/README.md"), "# no manifests here\n");
  await writeFile(join(dir, "docs-only/.hidden/x.yaml"), "kind: Service\n");
  await writeFile(join(dir, "blank.yaml"), "# only a comment\n---\n");
  await writeFile(join(dir, "latin1.yaml"), Buffer.concat([Buffer.from("kind: ConfigMap\ndata:\n  city: \"Zürich\"\n  café: \"caf"), Buffer.from([0xe9]), Buffer.from('"\n')]));
  await writeFile(join(dir, "big.yaml"), "");
  await truncate(join(dir, "big.yaml"), MAX_INPUT_BYTES + 1);
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

  test("a byte that is not UTF-8 is a YAML_SYNTAX error at its line and column, not a silent U+FFFD", async () => {
    const [file] = await read([join(dir, "latin1.yaml")]);
    expect([file?.documents, file?.issue]).toEqual([
      [],
      {
        code: "YAML_SYNTAX",
        severity: "error",
        message: "cannot read as YAML: byte 0xE9 at column 13 is not valid UTF-8, which the API server refuses",
        hint: "save the file as UTF-8",
        source: { file: join(dir, "latin1.yaml"), line: 4, column: 13 },
      },
    ]);
  });

  test("an input with no manifest is a NO_MANIFESTS error named after it: an empty folder, a folder without YAML or JSON, a blank file, empty standard input", async () => {
    const inputs = [join(dir, "empty"), join(dir, "docs-only"), join(dir, "blank.yaml")];
    const files = [...(await read(inputs)), ...(await read(["-"], ""))];
    expect(files.map((f) => [f.file, f.documents.length, f.issue?.code, f.issue?.message, f.issue?.hint])).toEqual([
      [inputs[0], 0, "NO_MANIFESTS", `no manifests found in ${inputs[0]}`, "a folder is searched, subfolders included, for .yaml, .yml and .json files; hidden files and folders are left out"],
      [inputs[1], 0, "NO_MANIFESTS", `no manifests found in ${inputs[1]}`, "a folder is searched, subfolders included, for .yaml, .yml and .json files; hidden files and folders are left out"],
      [inputs[2], 0, undefined, undefined, undefined],
      [inputs[2], 0, "NO_MANIFESTS", `no manifests found in ${inputs[2]}`, "the file holds no document, or only empty ones"],
      ["-", 0, undefined, undefined, undefined],
      ["-", 0, "NO_MANIFESTS", "no manifests found in standard input", "standard input was empty: pipe the manifests into it, e.g. the output of kustomize build"],
    ]);
  });

  test("a file or standard input over 64 MiB is refused unread with a READ_FAILED error naming the limit", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "#");
    const stdin = Readable.from(Array.from({ length: 65 }, () => chunk));
    const files: ManifestFile[] = [];
    for await (const file of readManifests([join(dir, "big.yaml"), "-"], { stdin })) files.push(file);
    expect(files.map((f) => [f.file.replace(dir, "<dir>"), f.issue?.code, f.issue?.message])).toEqual([
      ["<dir>/big.yaml", "READ_FAILED", "cannot read: the file is larger than 64 MiB, the most meshform reads from one input"],
      ["-", "READ_FAILED", "cannot read: standard input is larger than 64 MiB, the most meshform reads from one input"],
    ]);
  });
});
