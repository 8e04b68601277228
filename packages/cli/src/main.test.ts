import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RenderError } from "@meshform/render";
import { UsageError } from "./errors.js";
import { main, reportError } from "./main.js";
import { BIN, captureIo, runMeshform } from "./testing.js";

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "meshform-cli-"));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("meshform as a process", () => {
  test("--help lists the commands and the exit codes", async () => {
    const { code, stdout, stderr } = await runMeshform(["--help"], cwd);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatchInlineSnapshot(`
      "Typed service-mesh manifests from one mesh.config.ts (meshform v0.1.0)

      USAGE meshform [OPTIONS] analyze|codegen|generate|import|validate

      OPTIONS

           --help    Show help; after a command, that command's help
        --version    Print the version

      COMMANDS

         analyze    Find what is valid per resource but broken or unsafe across the mesh: references, conflicts, security, protocols, ambient mode
         codegen    Generate typed kinds (types, zod schemas, metadata) from CRDs and OpenAPI documents
        generate    Generate per-namespace kustomize overlays from mesh.config.ts
          import    Write a typed mesh.config.ts from manifests: intents where they match, typed raw resources for the rest
        validate    Check manifests as the API server would on create: schema, CEL rules, Istio admission

      Use meshform <command> --help for more information about a command.

      EXIT CODES

        0  success
        1  errors found, bad input, or stale files with --check
        2  usage mistake: unknown command or option, missing or conflicting arguments
      "
    `);
  });

  test("codegen --help lists every option with its value hint and default", async () => {
    const { code, stdout } = await runMeshform(["codegen", "--help"], cwd);
    expect(code).toBe(0);
    expect(stdout).toMatchInlineSnapshot(`
      "Generate typed kinds (types, zod schemas, metadata) from CRDs and OpenAPI documents (meshform codegen v0.1.0)

      USAGE meshform codegen [OPTIONS]

      OPTIONS

                            --builtin    Regenerate meshform's own kinds (Kubernetes, Istio, Gateway API) in the workspace
                        --specs=<dir>    With --builtin: the specs folder (default: ../shared/specs beside the workspace)
                 --crd=<file|dir|url>    CRD YAML: a file, a folder of them, or a URL (repeatable)
                 --openapi=<file|url>    A Kubernetes OpenAPI v3 document (repeatable; needs --kind)
        --kind=<[group/]version/Kind>    A kind to take from --openapi, e.g. apps/v1/Deployment, or apps/v1/* for every kind of the version (repeatable)
                          --out=<dir>    The output folder, replaced whole (required without --builtin)
                    --product=<label>    The product named in docs and the availability index (Default: Custom)
                    --release=<label>    The release of the inputs, named in docs and headers (Default: local)
         --runtime-import=<specifier>    Where generated code imports its runtime helpers from (Default: @meshform/kind-runtime)
            --meta-import=<specifier>    Where generated code imports ObjectMeta from (Default: @meshform/k8s/meta/v1)
                              --check    Write nothing; exit 1 naming each stale file
                               --json    Print one JSON object on stdout instead of the summary

      EXAMPLES

        meshform codegen --crd crds/ --out src/kinds
        meshform codegen --openapi k8s-openapi.json --kind apps/v1/Deployment --kind v1/Service --out src/kinds
        meshform codegen --crd crds/ --out src/kinds --check
        meshform codegen --builtin

      EXIT CODES

        0  success
        1  errors found, bad input, or stale files with --check
        2  usage mistake: unknown command or option, missing or conflicting arguments
      "
    `);
  });

  test("--version prints only the version", async () => {
    expect(await runMeshform(["--version"], cwd)).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  test("an unknown option is a usage mistake: one line, exit 2", async () => {
    expect(await runMeshform(["codegen", "--frobnicate"], cwd)).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown option '--frobnicate'; see 'meshform codegen --help'\n",
    });
  });

  test("an unknown command is a usage mistake: one line, exit 2", async () => {
    expect(await runMeshform(["frobnicate"], cwd)).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command 'frobnicate'; see 'meshform --help'\n",
    });
  });
});

describe("meshform in process", () => {
  test.each([
    [[], "error: no command given; see 'meshform --help'\n"],
    [["--json"], "error: unknown option '--json'; see 'meshform --help'\n"],
    [["--version", "codegen"], "error: '--version' takes no other arguments; see 'meshform --help'\n"],
    [["frobnicate", "--help"], "error: unknown command 'frobnicate'; see 'meshform --help'\n"],
  ])("%j is a usage mistake", async (argv, message) => {
    const captured = captureIo();
    expect(await main(argv, captured.io)).toBe(2);
    expect(captured.stderr()).toBe(message);
    expect(captured.stdout()).toBe("");
  });

  test("-h after a command shows that command's help", async () => {
    const captured = captureIo();
    expect(await main(["codegen", "-h"], captured.io)).toBe(0);
    expect(captured.stdout()).toContain("USAGE meshform codegen [OPTIONS]\n");
  });

  test("help on a terminal keeps its colours as style sequences, none shown escaped", async () => {
    const colour = captureIo({ tty: true });
    expect(await main(["generate", "--help"], colour.io)).toBe(0);
    expect(colour.stdout()).toContain("\u001B[4m\u001B[1mEXIT CODES\u001B[22m\u001B[24m");
    expect(colour.stdout()).not.toMatch(/\\u001b|\uE000/);
  });

  test("colour is used on a terminal without NO_COLOR, and only there", async () => {
    const colour = captureIo({ tty: true });
    await main(["frobnicate"], colour.io);
    expect(colour.stderr()).toBe("\u001B[31merror:\u001B[39m unknown command 'frobnicate'; see 'meshform --help'\n");
    const noColour = captureIo({ tty: true, env: { NO_COLOR: "1" } });
    await main(["--help"], noColour.io);
    expect(noColour.stdout()).not.toContain("\u001B[");
  });
});

describe("a reader that goes away", () => {
  test("meshform validate --json piped into a reader that stops early ends without a crash", async () => {
    const documents = Array.from({ length: 3000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${i}, namespace: shop }\n`);
    await writeFile(join(cwd, "many.yaml"), documents.join("---\n"));
    const child = spawn(process.execPath, [BIN, "validate", "--json", "many.yaml"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });
});

describe("reportError", () => {
  test("an unexpected error prints its stack and asks for a bug report", () => {
    const captured = captureIo();
    expect(reportError(new TypeError("boom"), captured.io)).toBe(1);
    const lines = captured.stderr().trimEnd().split("\n");
    expect(lines[0]).toBe("TypeError: boom");
    expect(lines.some((line) => line.trimStart().startsWith("at "))).toBe(true);
    expect(lines.at(-1)).toBe("This is a bug in meshform 0.1.0. Please report it with the command you ran and the output above.");
  });

  test("a usage mistake found by citty exits 2 without a stack", () => {
    const captured = captureIo();
    const cittyError = Object.assign(new Error("Missing required argument: --x"), { name: "CLIError" });
    expect(reportError(cittyError, captured.io)).toBe(2);
    expect(captured.stderr()).toBe("error: Missing required argument: --x\n");
  });

  test("a RenderError is a user's mistake: one error line, exit 1, no stack", () => {
    const captured = captureIo();
    const error = new RenderError("RENDER_PATH_CONFLICT", "generated/shop/a.yaml exists and meshform did not write it; move it away and run again");
    expect(reportError(error, captured.io)).toBe(1);
    expect(captured.stderr()).toBe("error: generated/shop/a.yaml exists and meshform did not write it; move it away and run again\n");
  });

  test("a MeshformError from another copy of its package prints as an error line too", async () => {
    const compiled = (await import(new URL("../../diagnostics/dist/error.js", import.meta.url).href)) as typeof import("@meshform/diagnostics");
    const captured = captureIo();
    expect(reportError(new compiled.MeshformError("CONFIG_FAILED", "mesh.config.ts:3: boom"), captured.io)).toBe(1);
    expect(captured.stderr()).toBe("error: mesh.config.ts:3: boom\n");
  });

  test("a file-system failure no command turned into an error prints as one, with what to do", () => {
    const captured = captureIo();
    const failure = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write", path: "out/a.ts" });
    expect(reportError(failure, captured.io)).toBe(1);
    expect(captured.stderr()).toBe("error: cannot write out/a.ts: no space left on device (ENOSPC): the disk is full; free some space\n");
  });

  test("control characters in an error's message are shown escaped", () => {
    const captured = captureIo({ tty: true });
    expect(reportError(new RenderError("RENDER_INVALID_NAME", "name \u001b[31mred\u0000 is not valid"), captured.io)).toBe(1);
    expect(captured.stderr()).toBe("\u001B[31merror:\u001B[39m name \\u001b[31mred\\u0000 is not valid\n");
  });

  test("a UsageError names the help of its command", () => {
    const captured = captureIo();
    expect(reportError(new UsageError("bad", "meshform codegen"), captured.io)).toBe(2);
    expect(captured.stderr()).toBe("error: bad; see 'meshform codegen --help'\n");
  });
});
