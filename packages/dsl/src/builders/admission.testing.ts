/**
 * For the tests of the builders that write Istio's API: a mesh compiled, then put through what
 * `meshform generate` runs after compile (the API server's checks for the targeted Istio release:
 * schema, CEL, Istio's admission webhook; and the mesh analysis, its errors and warnings), each
 * finding as one line.
 *
 * @internal
 */
import { analyzeMesh } from "@meshform/analyze";
import { formatIssue } from "@meshform/diagnostics";
import { createValidator } from "@meshform/validate";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder, type MeshOptions } from "../mesh.js";

/** The mesh of `declare` compiled, with what validation and analysis find in its output. */
export function throughAdmission(declare: (mesh: MeshBuilder) => void, options: MeshOptions = {}) {
  const definition = defineMesh(options, declare);
  const compiled = compile(definition.model);
  const validator = createValidator({ istioRelease: definition.model.targets.istio });
  const validation = compiled.resources.flatMap((resource) => validator.validate(resource).map((issue) => `${resource.kind} ${resource.metadata.name}: ${issue.code} ${issue.message}`));
  // Errors and warnings: what fails or flags a run of `meshform generate` (info findings do neither).
  const analysis = analyzeMesh(
    compiled.resources.map((object) => ({ object })),
    { rootNamespace: definition.model.rootNamespace, external: definition.model.externals },
  )
    .filter((issue) => issue.severity !== "info")
    .map((issue) => `${issue.code} ${issue.message}`);
  return { ...compiled, validation, analysis, reported: compiled.issues.map(formatIssue), model: definition.model };
}
