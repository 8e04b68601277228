/**
 * What the API server checks in a Service beyond its schema (`ValidateService`), as far as
 * meshform checks it: ports are required unless the Service is headless or an ExternalName; a
 * port name is a DNS-1123 label, unique, and required when there is more than one port; port
 * numbers are 1 to 65535; a `targetPort` given by name is an IANA service name; `appProtocol` is
 * a qualified name; the selector is a set of labels.
 */
import { dns1123LabelProblems, portNameProblems, portNumberProblems, qualifiedNameProblems } from "@meshform/kind-runtime";
import { type Out, duplicate, invalid, isObject, listOf, required } from "./field.js";
import { checkLabels } from "./metadata.js";

/** Checks a Service's spec. */
export function checkService(resource: Record<string, unknown>, out: Out): void {
  const spec = isObject(resource.spec) ? resource.spec : {};
  const ports = listOf(spec.ports);
  const headless = spec.clusterIP === "None";
  if (ports.length === 0 && !headless && spec.type !== "ExternalName") required(out, ["spec", "ports"]);
  const names = new Set<string>();
  for (const [index, port] of ports.entries()) {
    if (!isObject(port)) continue;
    const at = ["spec", "ports", index];
    const name = typeof port.name === "string" ? port.name : "";
    if (ports.length > 1 && name === "") required(out, [...at, "name"]);
    else if (name !== "") {
      for (const problem of dns1123LabelProblems(name)) invalid(out, [...at, "name"], name, problem);
      if (names.has(name)) duplicate(out, [...at, "name"], name);
      else names.add(name);
    }
    if (typeof port.port === "number") for (const problem of portNumberProblems(port.port)) invalid(out, [...at, "port"], port.port, problem);
    const target = port.targetPort;
    if (typeof target === "string") for (const problem of portNameProblems(target)) invalid(out, [...at, "targetPort"], target, problem);
    // A targetPort of 0 is unset: defaulting gives it the port's number.
    else if (typeof target === "number" && target !== 0) for (const problem of portNumberProblems(target)) invalid(out, [...at, "targetPort"], target, problem);
    if (typeof port.appProtocol === "string") for (const problem of qualifiedNameProblems(port.appProtocol)) invalid(out, [...at, "appProtocol"], port.appProtocol, problem);
  }
  checkLabels(spec.selector, ["spec", "selector"], out);
}
