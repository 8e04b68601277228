/**
 * Values of the Kubernetes CEL library types (URL, IP, CIDR, Quantity, Format). The evaluator
 * declares new types only through protobuf descriptors, so each value is a CEL map with a `@type`
 * entry that its methods check: `url(x).getScheme()` works, and a method called on a value of
 * another type fails with "no such overload", as it does in the API server.
 */
import type { CelInput, CelMap, CelMapType } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";

let opaqueMapType: CelMapType | undefined;

/** The CEL type every library value has (a map from string to any value). */
export function opaqueType(): CelMapType {
  if (opaqueMapType === undefined) {
    const { CelScalar, mapType } = celRuntime();
    opaqueMapType = mapType(CelScalar.STRING, CelScalar.DYN);
  }
  return opaqueMapType;
}

/** Makes a library value of `type` with `fields`. */
export function opaque(type: string, fields: Readonly<Record<string, CelInput>>): CelMap {
  return celRuntime().celMap(new Map<string, CelInput>([["@type", type], ...Object.entries(fields)]));
}

/** The fields of a library value, or an error when `value` is not of `type`. */
export function fieldsOf(value: unknown, type: string): CelMap {
  const map = value as CelMap;
  if (typeof map?.get !== "function" || map.get("@type") !== type) throw new Error(`no such overload: expected a ${type}`);
  return map;
}
