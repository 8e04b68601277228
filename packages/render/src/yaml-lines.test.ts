import { describe, expect, test } from "vitest";
import { KeyLine, lineStartOf, LineStart, TOP_LEVEL } from "./yaml-lines.js";

describe("KeyLine", () => {
  test("starts the line of a key at its line start, the key quoted when it must be", () => {
    const start = new LineStart("  - ");
    expect(new KeyLine(start, "name").blockLine).toBe("  - name:\n");
    expect(new KeyLine(start, "name").scalarStart).toBe("  - name: ");
    expect(new KeyLine(start, "on").scalarStart).toBe('  - "on": ');
  });

  test("writes a key longer than YAML allows for an implicit key as an explicit `? key` entry", () => {
    const key = "k".repeat(1001);
    expect(new KeyLine(new LineStart("  - "), key).blockLine).toBe(`  - ? ${key}\n    :\n`);
  });

  test("gives back the last scalar line for the same value only", () => {
    const line = new KeyLine(TOP_LEVEL, "port");
    expect(line.lineOf(9080)).toBeUndefined();
    expect(line.lineWith(9080, "9080")).toBe("port: 9080\n");
    expect(line.lineOf(9080)).toBe("port: 9080\n");
    expect(line.lineOf("9080")).toBeUndefined();
    expect(line.lineWith("9080", '"9080"')).toBe('port: "9080"\n');
    expect(line.lineOf("9080")).toBe('port: "9080"\n');
    expect(line.lineOf(9080)).toBeUndefined();
    expect(line.lineOf(undefined)).toBeUndefined();
  });

  test("does not remember an empty collection, which may not be empty next time", () => {
    const line = new KeyLine(TOP_LEVEL, "data");
    const data: Record<string, string> = {};
    expect(line.lineWith(data, "{}")).toBe("data: {}\n");
    expect(line.lineOf(data)).toBeUndefined();
  });

  test("does not remember a long line", () => {
    const line = new KeyLine(TOP_LEVEL, "data");
    const value = "v".repeat(300);
    expect(line.lineWith(value, value)).toBe(`data: ${value}\n`);
    expect(line.lineOf(value)).toBeUndefined();
  });

  test("never remembers NaN, which equals nothing", () => {
    const line = new KeyLine(TOP_LEVEL, "weight");
    line.lineWith(Number.NaN, "NaN");
    expect(line.lineOf(Number.NaN)).toBeUndefined();
  });
});

describe("LineStart", () => {
  test("knows the starts of nested blocks and of list items", () => {
    const start = lineStartOf("  ");
    expect(start.indent).toBe("  ");
    expect(start.itemMark).toBe("  - ");
    expect(start.nested().prefix).toBe("    ");
    expect(start.item().prefix).toBe("  - ");
    expect(start.item().indent).toBe("    ");
    expect(start.item().nested()).toBe(start.nested().nested());
    expect(start.item().item().prefix).toBe("  - - ");
  });

  test("is the same object for the same prefix, and so are its keys, unless they are long", () => {
    expect(lineStartOf("    ")).toBe(TOP_LEVEL.nested().nested());
    expect(TOP_LEVEL.keyLine("apiVersion")).toBe(lineStartOf("").keyLine("apiVersion"));
    const long = "k".repeat(300);
    expect(TOP_LEVEL.keyLine(long)).not.toBe(TOP_LEVEL.keyLine(long));
    expect(TOP_LEVEL.keyLine(long).blockLine).toBe(`${long}:\n`);
  });
});
