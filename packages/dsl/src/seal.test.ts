import { readFileSync } from "node:fs";
import { isMeshformError } from "@meshform/diagnostics";
import { describe, expect, expectTypeOf, test } from "vitest";
import { compile } from "./compile.js";
import { defineMesh, type MeshBuilder, type MeshDefinition } from "./mesh.js";

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("an async defineMesh callback", () => {
  test("is awaited through ready, and everything it declares after awaiting is in the model", async () => {
    const definition = defineMesh({}, async (mesh) => {
      await pause(10);
      mesh.namespace("shop");
    });
    await definition.ready;
    expect(compile(definition.model).resources.map((r) => `${r.kind} ${r.metadata.name}`)).toEqual(["Namespace shop"]);
  });

  test("compile refuses a model whose callback has not finished, saying to await ready", async () => {
    const definition = defineMesh({}, async (mesh) => {
      await pause(10);
      mesh.namespace("shop");
    });
    let error: unknown;
    try {
      compile(definition.model);
    } catch (caught) {
      error = caught;
    }
    expect(isMeshformError(error)).toBe(true);
    expect((error as Error & { code: string }).code).toBe("MESH_NOT_READY");
    expect((error as Error).message).toBe("the mesh is still being built: its defineMesh callback has not finished (await definition.ready before compiling it)");
    await definition.ready;
    expect(compile(definition.model).resources).toHaveLength(1);
  });

  test("seals the model: a builder called afterwards throws, naming the call and its line", async () => {
    let kept: MeshBuilder | undefined;
    const definition = defineMesh({}, (mesh) => {
      kept = mesh;
    });
    await definition.ready;
    let error: unknown;
    try {
      kept!.namespace("shop"); // late
    } catch (caught) {
      error = caught;
    }
    expect(isMeshformError(error)).toBe(true);
    expect((error as Error & { code: string }).code).toBe("MESH_SEALED");
    expect((error as Error).message).toBe(
      `packages/dsl/src/seal.test.ts:${LATE_LINE}: namespace("shop") was called after the mesh was built; await everything inside the defineMesh callback (it may be async)`,
    );
    expect(definition.model.drafts).toEqual([]);
  });

  test("seals nested builders too, with their builder path", async () => {
    let shop: ReturnType<MeshBuilder["namespace"]> | undefined;
    const definition = defineMesh({}, async (mesh) => {
      shop = mesh.namespace("shop");
    });
    await definition.ready;
    expect(() => shop!.httpRoute("reviews")).toThrow(/: namespace\("shop"\)\.httpRoute\("reviews"\) was called after the mesh was built/);
    expect(() => shop!.service("api")).toThrow(/namespace\("shop"\)\.service\("api"\) was called after/);
  });

  test("a call left running after the callback returned (a forgotten await) throws instead of being lost", async () => {
    const late: Promise<unknown>[] = [];
    const definition = defineMesh({}, (mesh) => {
      late.push(pause(5).then(() => mesh.namespace("shop")));
    });
    await definition.ready;
    await expect(late[0]).rejects.toThrow(/namespace\("shop"\) was called after the mesh was built/);
    expect(compile(definition.model).resources).toEqual([]);
  });

  test("a rejected callback rejects ready with its error; a synchronous throw propagates from defineMesh", async () => {
    const definition = defineMesh({}, async () => {
      await pause(1);
      throw new Error("no such team: payments");
    });
    await expect(definition.ready).rejects.toThrow("no such team: payments");
    expect(() =>
      defineMesh({}, () => {
        throw new Error("no such team: payments");
      }),
    ).toThrow("no such team: payments");
  });

  test("a synchronous callback's definition is ready at once", async () => {
    const definition = defineMesh({}, (mesh) => mesh.mtls("STRICT"));
    await expect(definition.ready).resolves.toBeUndefined();
    expectTypeOf(definition).toEqualTypeOf<MeshDefinition>();
    expectTypeOf(definition.ready).toEqualTypeOf<Promise<void>>();
  });
});

/** The line marked `// late` in this file. */
const LATE_LINE = readFileSync(new URL(import.meta.url), "utf8").split("\n").findIndex((line) => line.trimEnd().endsWith("// late")) + 1;
