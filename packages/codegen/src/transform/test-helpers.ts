/**
 * Helpers shared by the transform tests: run one raw schema through {@link transformSchema} and
 * the emitter, and read a {@link SpecError} as plain data. Not a test file itself (vitest picks
 * up `*.test.ts` only).
 *
 * @internal
 */
import type { SchemaNode } from "../ir.js";
import { SpecError, type SpecErrorCode } from "../errors.js";
import { collectObjects, renderSchemaDecl, renderTypeDecl, typeOf, zodOf, type EmitContext } from "../emit/shape.js";
import { NameRegistry, type TransformContext } from "./context.js";
import { transformSchema } from "./index.js";

/** The file every test schema claims to come from. */
export const TEST_FILE = "crds/example.yaml";

/** The pointer of the test schema inside {@link TEST_FILE}. */
export const TEST_POINTER = "/spec/versions/0/schema/openAPIV3Schema/properties/spec";

/** A transform context at {@link TEST_POINTER} of the second document of {@link TEST_FILE}, naming objects `Example...`. */
export function testContext(name = "Example"): TransformContext {
  return { location: { file: TEST_FILE, document: 1, pointer: TEST_POINTER }, namePath: [name], names: new NameRegistry() };
}

/** An emit context that resolves `$ref` targets to their last segment and adds no field notes. */
export function testEmitContext(): EmitContext {
  return {
    resolveRef: (target) => target.split(".").pop()!,
    fieldNotes: () => [],
    runtime: new Set<string>(),
    emitted: new Set<string>(),
    location: { file: TEST_FILE, document: 1, pointer: TEST_POINTER },
  };
}

/** Transforms `given` at the test location. */
export function transformGiven(given: unknown): SchemaNode {
  return transformSchema(given, testContext());
}

/** What a non-object node emits: its TypeScript type, its zod schema, and the runtime helpers these use. */
export interface EmittedNode {
  readonly type: string;
  readonly zod: string;
  /** Runtime helpers imported for the node, sorted; absent when there are none. */
  readonly runtime?: readonly string[];
}

/** Emits a node the way a field or alias of it is emitted: its type and its zod schema. */
export function emitNode(given: unknown): EmittedNode {
  const ctx = testEmitContext();
  const node = transformGiven(given);
  const type = typeOf(node, ctx);
  const zod = zodOf(node, ctx);
  const runtime = [...ctx.runtime].sort();
  return { type, zod, ...(runtime.length > 0 ? { runtime } : {}) };
}

/**
 * Emits an object schema as a module does: every declaration (parents first), then every schema
 * constant (children first, so that each refers to constants already declared).
 */
export function emitDecls(given: unknown): string {
  const ctx = testEmitContext();
  const objects = collectObjects(transformGiven(given));
  const types = objects.map((node) => renderTypeDecl(node, ctx));
  const schemas = [...objects].reverse().map((node) => renderSchemaDecl(node, ctx));
  return [...types, ...schemas].join("\n");
}

/** The code and message of the {@link SpecError} `run` throws; fails when it throws nothing or something else. */
export function specErrorOf(run: () => unknown): { code: SpecErrorCode; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a SpecError, but nothing was thrown");
}

/** Like {@link specErrorOf}, for a promise. */
export async function specErrorOfAsync(run: () => Promise<unknown>): Promise<{ code: SpecErrorCode; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SpecError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a SpecError, but nothing was thrown");
}
