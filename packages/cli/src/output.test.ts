import { describe, expect, test } from "vitest";
import { adoptStyle, escapeControl, paletteFor, printJson, printLine, stripAnsi, type OutputStream } from "./output.js";

/** A stream that records what is written; `tty` makes it claim to be a terminal. */
function recorder(tty = false): OutputStream & { text: () => string } {
  let text = "";
  return { isTTY: tty, write: (chunk: string) => (text += chunk), text: () => text };
}

describe("escapeControl", () => {
  test("shows ANSI escapes, NUL, DEL and C1 controls as visible escapes", () => {
    expect(escapeControl("\u001b[31mred")).toBe("\\u001b[31mred");
    expect(escapeControl("a\u0000b")).toBe("a\\u0000b");
    expect(escapeControl("del\u007f c1\u0085\u009b")).toBe("del\\u007f c1\\u0085\\u009b");
    expect(escapeControl("over\rwrite\u0008")).toBe("over\\u000dwrite\\u0008");
  });

  test("shows the bidirectional overrides and isolates, which reorder a line", () => {
    expect(escapeControl("a\u202ecba\u202c")).toBe("a\\u202ecba\\u202c");
    expect(escapeControl("\u202a\u202b\u202d\u2066\u2067\u2068\u2069")).toBe("\\u202a\\u202b\\u202d\\u2066\\u2067\\u2068\\u2069");
  });

  test("keeps line feeds, tabs and printable text, Unicode included", () => {
    const text = "shop/gateway.yaml\n\t✖ Grüße, 東京 \u00a0ok";
    expect(escapeControl(text)).toBe(text);
  });

  test("turns the palette's colours into style sequences, and only those", () => {
    const red = paletteFor({ isTTY: true, write: () => true }, {}).red;
    expect(escapeControl(`${red("✖")} name`)).toBe("\u001b[31m✖\u001b[39m name");
    expect(escapeControl("\u001b[8mhidden\u001b[2J\u001b]0;title\u0007")).toBe("\\u001b[8mhidden\\u001b[2J\\u001b]0;title\\u0007");
  });
});

describe("stripAnsi and adoptStyle", () => {
  test("stripAnsi removes both citty's style sequences and the palette's colours", () => {
    const bold = paletteFor({ isTTY: true, write: () => true }, {}).bold;
    expect(stripAnsi(`\u001b[36m--out\u001b[39m ${bold("x")}`)).toBe("--out x");
  });

  test("adoptStyle keeps the style of trusted text through printLine", () => {
    const stream = recorder(true);
    printLine(stream, adoptStyle("\u001b[36m--out\u001b[39m"));
    expect(stream.text()).toBe("\u001b[36m--out\u001b[39m\n");
  });
});

describe("printLine", () => {
  test("escapes control characters in what it prints", () => {
    const stream = recorder();
    printLine(stream, "header \u001b[31mred a\u0000b");
    expect(stream.text()).toBe("header \\u001b[31mred a\\u0000b\n");
  });

  test("keeps meshform's colour on a terminal, and escapes a name's escape sequences there too", () => {
    const stream = recorder(true);
    const { red, bold } = paletteFor(stream, {});
    printLine(stream, `${red("error:")} ${bold("\u001b[31mred")} \u001b[2J\u001b[1Aname`);
    expect(stream.text()).toBe("\u001b[31merror:\u001b[39m \u001b[1m\\u001b[31mred\u001b[22m \\u001b[2J\\u001b[1Aname\n");
  });
});

describe("printJson", () => {
  test("stays JSON with the exact strings, the unsafe characters written as JSON escapes", () => {
    const stream = recorder(true);
    const value = { name: "\u001b[31mred", nul: "a\u0000b", c1: "\u0085\u009b", bidi: "\u202e", del: "\u007f", back: "\\\u007f" };
    printJson(stream, value);
    expect(stream.text()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(stream.text())).toEqual(value);
  });
});
