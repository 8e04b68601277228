import type { Issue } from "@meshform/diagnostics";
import { describe, expect, test } from "vitest";
import { escapeControl, paletteFor } from "../output.js";
import { captureIo } from "../testing.js";
import { printIssues, renderIssueCounts, renderIssues } from "./issues.js";

const plain = paletteFor({ write: () => true, isTTY: false }, {});
const coloured = paletteFor({ write: () => true, isTTY: true }, {});

const gateway = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "shop", name: "edge" };
const route = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", namespace: "shop", name: "api" };
const issues: Issue[] = [
  { code: "DUPLICATE_RESOURCE", severity: "error", message: "Gateway shop/edge is declared twice", source: { file: "mesh.config.ts", line: 12 } },
  { code: "FIELD_DEPRECATED", severity: "warning", message: "deprecated", resource: gateway, source: { file: "mesh.config.ts", line: 10 } },
  { code: "SCHEMA_INVALID", severity: "error", message: "Too big: expected number to be <=65535", hint: "use a port up to 65535", path: ["spec", "listeners", 0, "port"], resource: gateway, source: { file: "mesh.config.ts", line: 9, column: 3 } },
  { code: "READ_FAILED", severity: "error", message: "cannot read: no such file or folder", source: { file: "missing.yaml" } },
  { code: "PORT_PROTOCOL_UNDECLARED", severity: "info", message: "port 5432 declares no protocol", path: ["spec"], resource: route, source: { file: "mesh.config.ts", line: 20 } },
];

describe("renderIssues", () => {
  test("groups by file in the order given, then by resource top to bottom, one line per issue by line", () => {
    expect(renderIssues(issues, plain)).toEqual([
      "mesh.config.ts - gateway.networking.k8s.io/v1/Gateway shop/edge",
      "  ✖ line 9 spec.listeners[0].port: Too big: expected number to be <=65535 (use a port up to 65535)",
      "  ⚠ line 10 deprecated",
      "mesh.config.ts",
      "  ✖ line 12 Gateway shop/edge is declared twice",
      "mesh.config.ts - gateway.networking.k8s.io/v1/HTTPRoute shop/api",
      "  ℹ line 20 spec: port 5432 declares no protocol",
      "missing.yaml",
      "  ✖ cannot read: no such file or folder",
    ]);
  });

  test("ends each line with the code when asked", () => {
    expect(renderIssues(issues.slice(3, 4), plain, { codes: true })).toEqual(["missing.yaml", "  ✖ cannot read: no such file or folder [READ_FAILED]"]);
  });

  test("colours the marks, the headers and the codes on a terminal", () => {
    const [header, error, warning] = renderIssues(issues, coloured, { codes: true }).map(escapeControl);
    expect([header?.slice(0, 21), error?.slice(0, 14), warning?.slice(0, 14), error?.slice(-26)]).toEqual([
      "\u001B[1mmesh.config.ts - ",
      "  \u001B[31m✖\u001B[39m ",
      "  \u001B[33m⚠\u001B[39m ",
      "\u001B[90m[SCHEMA_INVALID]\u001B[39m",
    ]);
  });

  test("shows control characters in names and messages escaped, in the header and the issue lines", () => {
    const captured = captureIo({ tty: true });
    const hostile = { ...gateway, namespace: "a\u0000b", name: "\u001b[31mred" };
    printIssues(captured.io, [{ code: "X", severity: "error", message: "bad \u202eeman\u009b", resource: hostile, source: { file: "mesh.config.ts", line: 3 } }]);
    expect(captured.stderr()).toBe(
      "\u001B[1mmesh.config.ts - gateway.networking.k8s.io/v1/Gateway a\\u0000b/\\u001b[31mred\u001B[22m\n" +
        "  \u001B[31m✖\u001B[39m line 3 bad \\u202eeman\\u009b\n",
    );
  });

  test("printIssues writes the report on stderr, coloured only on a terminal without NO_COLOR", () => {
    const captured = captureIo({ tty: true, env: { NO_COLOR: "1" } });
    printIssues(captured.io, issues.slice(3, 4));
    expect([captured.stdout(), captured.stderr()]).toEqual(["", "missing.yaml\n  ✖ cannot read: no such file or folder\n"]);
  });
});

describe("renderIssueCounts", () => {
  test("counts errors and warnings (info is not counted), with what and how many files when given", () => {
    expect(renderIssueCounts(issues)).toBe("Found 3 errors and 1 warning");
    expect(renderIssueCounts([], { count: 1, noun: "document", files: 2 })).toBe("Found 0 errors and 0 warnings in 1 document (2 files)");
  });
});
