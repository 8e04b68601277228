import { describe, expect, it } from "vitest";
import { isMeshformError, MeshformError } from "./error.js";

/** The compiled copy of this module: a second class, as a second installed copy of the package would be. */
const compiled = (await import(new URL("../dist/error.js", import.meta.url).href)) as typeof import("./error.js");

describe("isMeshformError", () => {
  it("recognises a MeshformError and its subclasses", () => {
    class ConfigError extends MeshformError<"CONFIG_FAILED"> {}
    expect(isMeshformError(new MeshformError("X", "m"))).toBe(true);
    expect(isMeshformError(new ConfigError("CONFIG_FAILED", "m"))).toBe(true);
  });

  it("recognises an error made by another copy of the package, where instanceof fails", () => {
    const error = new compiled.MeshformError("RENDER_PATH_CONFLICT", "generated/a.yaml: move it away");
    expect(compiled.MeshformError).not.toBe(MeshformError);
    expect(error instanceof MeshformError).toBe(false);
    expect(isMeshformError(error)).toBe(true);
    expect(compiled.isMeshformError(new MeshformError("X", "m"))).toBe(true);
  });

  it("does not take other errors or look-alike objects for one", () => {
    expect(isMeshformError(new TypeError("boom"))).toBe(false);
    expect(isMeshformError(Object.assign(new Error("m"), { name: "MeshformError", code: "X" }))).toBe(false);
    expect(isMeshformError({ name: "MeshformError", code: "X", message: "m" })).toBe(false);
    expect(isMeshformError(undefined)).toBe(false);
  });

  it("keeps the mark out of what the error shows", () => {
    const error = new MeshformError("X", "m");
    expect(Object.keys(error)).toEqual(["name", "code"]);
    expect(JSON.stringify(error)).toBe('{"name":"MeshformError","code":"X"}');
  });
});
