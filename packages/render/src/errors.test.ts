import { describe, expect, test } from "vitest";
import { RenderError } from "./errors.js";
import { MeshformError } from "@meshform/diagnostics";

describe("RenderError", () => {
  test("is a MeshformError, so the CLI prints it as an error line", () => {
    const error = new RenderError("RENDER_PATH_CONFLICT", "generated/a.yaml: move it away");
    expect([error instanceof MeshformError, error.code, error.name]).toEqual([true, "RENDER_PATH_CONFLICT", "RenderError"]);
  });
});
