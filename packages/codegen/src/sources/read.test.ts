import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specErrorOf, specErrorOfAsync } from "../transform/test-helpers.js";
import { parseSpecText, readSpecDocuments } from "./read.js";

describe("parseSpecText", () => {
  it("reads every document of a multi-document YAML file with its position, skipping empty ones", () => {
    const text = "kind: A\n---\n# only a comment\n---\nkind: B\n---\n";
    expect(parseSpecText("multi.yaml", text)).toEqual([
      { file: "multi.yaml", index: 0, value: { kind: "A" } },
      { file: "multi.yaml", index: 2, value: { kind: "B" } },
    ]);
  });

  it("reads a .json file, or text that opens with a brace, as one JSON document", () => {
    expect(parseSpecText("api.json", '{"openapi": "3.0.0"}')).toEqual([{ file: "api.json", index: 0, value: { openapi: "3.0.0" } }]);
    expect(parseSpecText("https://example.com/openapi/v3", '  {"openapi": "3.0.0"}')).toEqual([
      { file: "https://example.com/openapi/v3", index: 0, value: { openapi: "3.0.0" } },
    ]);
  });

  it.each([
    [
      "an unclosed flow sequence",
      "kind: A\nitems: [a, b\n",
      "crds.yaml (document 1): not valid YAML (line 3, column 1): Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
    [
      "bad indentation in a later document, with the line in the file",
      "kind: A\n---\nkind: B\nspec: x\n  names: y\n",
      "crds.yaml (document 2): not valid YAML (line 4, column 7): Nested mappings are not allowed in compact mappings",
    ],
    ["a duplicate key", "kind: A\nkind: B\n", "crds.yaml (document 1): not valid YAML (line 2, column 1): Map keys must be unique"],
  ])("rejects malformed YAML (%s), naming the document and line", (_name, text, message) => {
    expect(specErrorOf(() => parseSpecText("crds.yaml", text))).toEqual({ code: "SPEC_PARSE_FAILED", message });
  });

  it("rejects invalid JSON with the parser's reason", () => {
    const text = '{ "openapi": "3.0.0", }';
    let reason = "";
    try {
      JSON.parse(text);
    } catch (error) {
      reason = (error as Error).message;
    }
    expect(reason).not.toBe("");
    expect(specErrorOf(() => parseSpecText("api.json", text))).toEqual({ code: "SPEC_PARSE_FAILED", message: `api.json: not valid JSON: ${reason}` });
  });
});

describe("readSpecDocuments", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "meshform-read-"));
    // Written out of order, so the test shows that the folder is read sorted by name.
    await mkdir(join(folder, "b-more"));
    await writeFile(join(folder, "c.yml"), "kind: C\n");
    await writeFile(join(folder, "b-more", "z.yaml"), "kind: Z\n---\nkind: Y\n");
    await writeFile(join(folder, "notes.txt"), "not a spec\n");
    await writeFile(join(folder, "a.json"), '{"kind": "A"}');
    await writeFile(join(folder, "b.yaml"), "kind: B\n");
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("reads a folder's .yaml, .yml and .json files and its subfolders, sorted by name", async () => {
    const documents = await readSpecDocuments([folder]);
    expect(documents.map((d) => [d.file.slice(folder.length + 1), d.index, d.value])).toEqual([
      ["a.json", 0, { kind: "A" }],
      ["b-more/z.yaml", 0, { kind: "Z" }],
      ["b-more/z.yaml", 1, { kind: "Y" }],
      ["b.yaml", 0, { kind: "B" }],
      ["c.yml", 0, { kind: "C" }],
    ]);
  });

  it("reads inputs in the order given", async () => {
    const documents = await readSpecDocuments([join(folder, "c.yml"), join(folder, "a.json")]);
    expect(documents.map((d) => d.value)).toEqual([{ kind: "C" }, { kind: "A" }]);
  });

  it("rejects a path that does not exist", async () => {
    const missing = join(folder, "missing.yaml");
    expect(await specErrorOfAsync(() => readSpecDocuments([missing]))).toEqual({ code: "SPEC_READ_FAILED", message: `${missing}: no such file or folder` });
  });

  describe("from http", () => {
    let server: Server;
    let base: string;

    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.url === "/crds.yaml") {
          response.writeHead(200, { "content-type": "application/yaml" });
          response.end("kind: A\n---\nkind: B\n");
        } else {
          response.writeHead(404);
          response.end("not found");
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it("reads a URL, naming documents after it", async () => {
      expect(await readSpecDocuments([`${base}/crds.yaml`])).toEqual([
        { file: `${base}/crds.yaml`, index: 0, value: { kind: "A" } },
        { file: `${base}/crds.yaml`, index: 1, value: { kind: "B" } },
      ]);
    });

    it("rejects a URL that answers with an error status", async () => {
      expect(await specErrorOfAsync(() => readSpecDocuments([`${base}/missing.yaml`]))).toEqual({
        code: "SPEC_READ_FAILED",
        message: `${base}/missing.yaml: cannot fetch: HTTP 404`,
      });
    });
  });
});
