import type { KindScope } from "@meshform/kind-runtime";
import { SpecError, type SpecLocation } from "../errors.js";
import type { KindSource, KindVersionSource } from "./kind-source.js";
import type { SpecDocument } from "./read.js";

type Raw = Record<string, unknown>;

function field<T>(value: unknown, path: string, where: SpecLocation, check: (v: unknown) => v is T, expected: string): T {
  if (!check(value)) {
    const got = value === undefined ? "nothing" : JSON.stringify(value);
    throw new SpecError("SPEC_INVALID_CRD", { ...where, pointer: path }, `expected ${expected}, got ${got}`);
  }
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string" && v !== "";
const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const isList = (v: unknown): v is unknown[] => Array.isArray(v);

/** Whether a document is a CustomResourceDefinition. */
export function isCrd(doc: SpecDocument): boolean {
  const value = doc.value as Raw;
  return isObject(value) && value.kind === "CustomResourceDefinition" && String(value.apiVersion).startsWith("apiextensions.k8s.io/");
}

/**
 * Reads a CustomResourceDefinition (`apiextensions.k8s.io/v1`): group, kind, plural, scope, and
 * each version's flags and `openAPIV3Schema`.
 *
 * @throws SpecError naming the file, document and pointer of a missing or malformed field
 */
export function readCrd(doc: SpecDocument): KindSource {
  const where: SpecLocation = { file: doc.file, document: doc.index };
  const crd = doc.value as Raw;
  if (crd.apiVersion !== "apiextensions.k8s.io/v1") {
    throw new SpecError("SPEC_INVALID_CRD", { ...where, pointer: "/apiVersion" }, `only apiextensions.k8s.io/v1 CRDs are supported, got ${JSON.stringify(crd.apiVersion)}`);
  }
  const spec = field(crd.spec, "/spec", where, isObject, "an object");
  const names = field(spec.names, "/spec/names", where, isObject, "an object");
  const group = field(spec.group, "/spec/group", where, isString, "a group name");
  const kind = field(names.kind, "/spec/names/kind", where, isString, "a kind name");
  const plural = field(names.plural, "/spec/names/plural", where, isString, "a plural name");
  const scope = field(spec.scope, "/spec/scope", where, (v): v is KindScope => v === "Namespaced" || v === "Cluster", "Namespaced or Cluster");
  const versions = field(spec.versions, "/spec/versions", where, isList, "a list").map((entry, i): KindVersionSource => {
    const at = `/spec/versions/${i}`;
    const version = field(entry, at, where, isObject, "an object");
    const schemaHolder = field(version.schema, `${at}/schema`, where, isObject, "an object with openAPIV3Schema");
    const schema = field(schemaHolder.openAPIV3Schema, `${at}/schema/openAPIV3Schema`, where, isObject, "a schema object");
    return {
      name: field(version.name, `${at}/name`, where, isString, "a version name"),
      served: version.served === true,
      storage: version.storage === true,
      deprecated: version.deprecated === true,
      ...(typeof version.deprecationWarning === "string" ? { deprecationWarning: version.deprecationWarning } : {}),
      schema,
      location: { ...where, pointer: `${at}/schema/openAPIV3Schema` },
    };
  });
  return { group, kind, plural, scope, versions, file: doc.file };
}
