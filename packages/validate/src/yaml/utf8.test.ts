import { describe, expect, test } from "vitest";
import { decodeUtf8 } from "./utf8.js";

const bytes = (...parts: (string | number[])[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

describe("decodeUtf8", () => {
  test("decodes UTF-8, multi-byte and four-byte characters included, and drops a byte order mark", () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], "name: Zürich 🚀 \u{10FFFF}\n"))).toBe("name: Zürich 🚀 \u{10FFFF}\n");
  });

  test.each([
    ["a Latin-1 byte", bytes("a: 1\nb: caf", [0xe9], "\n"), { byte: 0xe9, line: 2, column: 7 }],
    ["a stray continuation byte", bytes("x", [0x80]), { byte: 0x80, line: 1, column: 2 }],
    ["an overlong encoding of '/'", bytes("ü", [0xc0, 0xaf]), { byte: 0xc0, line: 1, column: 2 }],
    ["a UTF-16 surrogate", bytes("\n\n", [0xed, 0xa0, 0x80]), { byte: 0xed, line: 3, column: 1 }],
    ["a code point above U+10FFFF", bytes([0xf4, 0x90, 0x80, 0x80]), { byte: 0xf4, line: 1, column: 1 }],
    ["a bad first byte, with lines after it", bytes([0xff], "\nA\nB"), { byte: 0xff, line: 1, column: 1 }],
    ["a sequence cut off at the end", bytes("🚀", [0xf0, 0x9f, 0x9a]), { byte: 0xf0, line: 1, column: 2 }],
  ])("finds %s, with its line and its column in characters", (_, input, where) => {
    expect(decodeUtf8(input)).toEqual(where);
  });
});
