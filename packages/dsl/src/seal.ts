import { relative } from "node:path";
import { MeshformError, type SourceLocation } from "@meshform/diagnostics";
import type { MeshModel } from "./model.js";
import { captureOrigin, DEEPEST } from "./origin.js";

/** The codes of the errors raised for a builder used at the wrong time. */
export type SealErrorCode = "MESH_SEALED" | "MESH_NOT_READY";

/**
 * A builder used at the wrong time: called after `defineMesh`'s callback finished
 * (`MESH_SEALED`), or a model compiled before it finished (`MESH_NOT_READY`). Both are mistakes
 * in the program around the config, so they throw instead of being reported as issues.
 */
export class SealError extends MeshformError<SealErrorCode> {
  override readonly name = "SealError";
}

/** Models whose callback is still running; every other model is complete. */
const building = new WeakSet<MeshModel>();
/** Models whose callback has finished: no builder may change them any more. */
const sealed = new WeakSet<MeshModel>();

/** Marks `model` as being built by a `defineMesh` callback. */
export function startBuilding(model: MeshModel): void {
  building.add(model);
}

/** Marks `model` as complete: every later builder call throws. */
export function seal(model: MeshModel): void {
  building.delete(model);
  sealed.add(model);
}

/** Whether builders may no longer change `model`. */
export function isSealed(model: MeshModel): boolean {
  return sealed.has(model);
}

/** `file:line` of a call, the file relative to the working folder when it lies inside it. */
function where(origin: SourceLocation): string {
  const shown = origin.file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(origin.file) ? relative(process.cwd(), origin.file) : origin.file;
  const file = shown === "" || shown.startsWith("..") ? origin.file : shown;
  return origin.line === undefined ? file : `${file}:${origin.line}`;
}

/**
 * The error for a builder method called once the model is sealed, naming the call (`call`, e.g.
 * `namespace("shop")`) and its line in mesh.config.ts.
 */
export function sealedError(call: string): SealError {
  return new SealError("MESH_SEALED", `${where(captureOrigin(DEEPEST))}: ${call} was called after the mesh was built; await everything inside the defineMesh callback (it may be async)`);
}

/**
 * Throws unless `model`'s `defineMesh` callback has finished: compiling a model that is still
 * being built would write a mesh with parts missing.
 */
export function assertComplete(model: MeshModel): void {
  if (building.has(model)) {
    throw new SealError("MESH_NOT_READY", "the mesh is still being built: its defineMesh callback has not finished (await definition.ready before compiling it)");
  }
}
