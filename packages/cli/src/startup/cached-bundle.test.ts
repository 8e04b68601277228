import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheFileOf, loadCachedBundle } from "./cached-bundle.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "meshform-bundle-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A small CommonJS bundle whose `answer()` returns `value`, padded to a fixed length. */
function writeBundle(value: number): string {
  const file = join(dir, "bundle.cjs");
  writeFileSync(file, `"use strict";\nconst path = require("node:path");\nexports.answer = function answer() { return Number("${String(value).padStart(4, "0")}"); };\nexports.where = () => path.basename(__filename) + " " + path.basename(__dirname);\n`);
  return file;
}

describe("loadCachedBundle", () => {
  it("compiles a bundle without a cache, runs it as CommonJS, and writes the cache for the next process", () => {
    const file = writeBundle(42);
    const first = loadCachedBundle(file);
    expect(first.compilation).toBe("compiled");
    expect((first.exports["answer"] as () => number)()).toBe(42);
    expect((first.exports["where"] as () => string)()).toBe(`bundle.cjs ${dir.split("/").pop()}`);
    expect(first.saveCache()).toBe(true);
    expect(readFileSync(cacheFileOf(file), "latin1")).toMatch(new RegExp(`^meshform-code-cache [0-9a-f]{64} ${process.version} ${process.arch}\\n`));

    const second = loadCachedBundle(file);
    expect(second.compilation).toBe("cached");
    expect((second.exports["answer"] as () => number)()).toBe(42);
    expect(second.saveCache()).toBe(false);
  });

  it("never runs an edited bundle from the older compilation, even at the same length", () => {
    const file = writeBundle(42);
    loadCachedBundle(file).saveCache();
    const length = readFileSync(file).length;
    writeBundle(43);
    expect(readFileSync(file).length).toBe(length);
    const edited = loadCachedBundle(file);
    expect(edited.compilation).toBe("compiled");
    expect((edited.exports["answer"] as () => number)()).toBe(43);
  });

  it("ignores a damaged cache and replaces it", () => {
    const file = writeBundle(7);
    writeFileSync(cacheFileOf(file), "not a cache");
    const loaded = loadCachedBundle(file);
    expect(loaded.compilation).toBe("compiled");
    expect(loaded.saveCache()).toBe(true);
    expect(loadCachedBundle(file).compilation).toBe("cached");
  });

  it("runs without a cache where it cannot write one, and leaves nothing behind", () => {
    const file = writeBundle(7);
    mkdirSync(cacheFileOf(file)); // the cache's name is taken by a folder: the rename fails
    const loaded = loadCachedBundle(file);
    expect((loaded.exports["answer"] as () => number)()).toBe(7);
    expect(loaded.saveCache()).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["bundle.cjs", "bundle.cjs.cache"]);
  });
});

describe("loadCachedBundle on text past ASCII", () => {
  it("reads a bundle that is not ASCII as UTF-8", () => {
    const file = join(dir, "bundle.cjs");
    writeFileSync(file, `exports.text = "µs → ok";\n`);
    expect(loadCachedBundle(file).exports["text"]).toBe("µs → ok");
  });
});
