import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkMeter, type Work } from "./work-meter.js";

const meter = new WorkMeter();
beforeAll(async () => {
  await meter.start();
});
afterAll(async () => {
  await meter.stop();
});

/** What `run` touched through the built-ins, by built-in. */
async function scans(run: () => unknown): Promise<Record<string, number>> {
  const { work } = await meter.measure(run, () => false);
  return Object.fromEntries(work.byBuiltin);
}

describe("WorkMeter", () => {
  it.each([
    ["Array#includes", () => [1, 2, 3, 4].includes(2), 2],
    ["Array#includes", () => [1, 2, 3].includes(9), 3],
    ["Array#indexOf", () => [1, 2, 3].indexOf(3), 3],
    ["Array#lastIndexOf", () => [1, 2, 3, 4].lastIndexOf(3), 2],
    ["Array#find", () => [1, 2, 3].find((value) => value === 2), 2],
    ["Array#some", () => [1, 2, 3].some((value) => value > 5), 3],
    ["Array#filter", () => [1, 2, 3].filter((value) => value > 1), 3],
    ["Array#map", () => [1, 2, 3].map((value) => value * 2), 3],
    ["Array#reduce", () => [1, 2, 3].reduce((sum, value) => sum + value, 0), 3],
    ["Array#flatMap", () => [1, 2].flatMap((value) => [value, value]), 2],
    ["Array#sort", () => [3, 1, 2].sort((left, right) => left - right), 3],
    ["Array#concat", () => [1, 2].concat([3, 4, 5]), 5],
    ["Array#join", () => ["a", "b"].join(","), 2],
    ["Array#flat", () => [[1], [2, 3]].flat(), 3],
    ["Array#slice", () => [1, 2, 3, 4].slice(1), 3],
    ["Array iteration", () => [...[1, 2, 3]], 3],
    ["Set iteration", () => Array.from(new Set(["a", "b"])), 2],
    ["Map#values", () => [...new Map([["a", 1]]).values()], 1],
    ["Map#forEach", () => new Map([["a", 1], ["b", 2]]).forEach(() => undefined), 2],
    ["Object.keys", () => Object.keys({ a: 1, b: 2 }), 2],
    ["Object.entries", () => Object.entries({ a: 1 }), 1],
    ["JSON.stringify", () => JSON.stringify({ a: 1 }), 7],
    ["JSON.parse", () => JSON.parse("[1,2]") as unknown, 5],
    ["String#split", () => "a,b,c".split(","), 5],
    ["String#includes", () => "abc".includes("c"), 3],
    ["String#indexOf", () => "abc".indexOf("z"), 3],
    ["String#indexOf", () => "abcabc".indexOf("c", 3), 3],
    ["String#indexOf", () => "abcabc".indexOf("z", 4), 2],
    ["String#includes", () => "abcabc".includes("a", 1), 3],
    ["Array#indexOf", () => [1, 2, 3, 4, 5].indexOf(5, 3), 2],
    ["Array#indexOf", () => [1, 2, 3, 4, 5].indexOf(9, -2), 2],
  ] as const)("counts what %s touches", async (builtin, run, touched) => {
    expect((await scans(run))[builtin]).toBe(touched);
  });

  it("counts a file-system call as one, and a listing's entries", async () => {
    const folder = mkdtempSync(join(tmpdir(), "meshform-meter-"));
    try {
      writeFileSync(join(folder, "a"), "");
      writeFileSync(join(folder, "b"), "");
      const { work } = await meter.measure(() => readdirSync(folder), () => false);
      expect(work.fileSystem).toBe(3);
      expect(work.byBuiltin.get("fs.readdirSync")).toBe(3);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("counts blocks of the scripts it is told to, and the hottest block of each function", async () => {
    function loop(count: number): number {
      let sum = 0;
      for (let index = 0; index < count; index += 1) sum += index;
      return sum;
    }
    const thisFile = (url: string): boolean => url.includes("/test/support/work-meter.test.ts");
    const once = (await meter.measure(() => loop(10), thisFile)).work;
    const twice = (await meter.measure(() => loop(20), thisFile)).work;
    const hottest = (work: Work): number | undefined => [...work.hottest].find(([key]) => key.includes(":loop:"))?.[1];
    expect(hottest(once)).toBe(10);
    expect(hottest(twice)).toBe(20);
    expect(twice.blocks - once.blocks).toBe(10);
    expect((await meter.measure(() => loop(10), () => false)).work.blocks).toBe(0);
  });

  it("does not count what runs outside the measured run while it runs", async () => {
    const outside = Array.from({ length: 1000 }, (_, index) => index);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Registered here, so it runs outside the measured run, although it runs while it waits.
    const scanned = gate.then(() => outside.includes(-1));
    const counted = await scans(async () => {
      release();
      await scanned;
      return [1, 2].includes(2);
    });
    expect(counted["Array#includes"]).toBe(2);
  });

  it("puts every built-in back, also when the measured run throws", async () => {
    const before = [Array.prototype.includes, Array.prototype[Symbol.iterator], Map.prototype.forEach, String.prototype.split, JSON.stringify, Object.keys, readdirSync] as const;
    await expect(
      meter.measure(() => {
        throw new Error("stop");
      }, () => false),
    ).rejects.toThrow("stop");
    const after = [Array.prototype.includes, Array.prototype[Symbol.iterator], Map.prototype.forEach, String.prototype.split, JSON.stringify, Object.keys, readdirSync] as const;
    expect(after.map((builtin, index) => builtin === before[index])).toEqual(before.map(() => true));
  });
});
