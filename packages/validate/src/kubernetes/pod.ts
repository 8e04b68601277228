/**
 * What the API server checks in a pod spec beyond its schema (`ValidatePodSpec`), as far as
 * meshform checks it: container names (DNS-1123 labels, unique across the pod's containers, init
 * containers and ephemeral containers), container ports (names are IANA service names, unique
 * in a container; port numbers from 1 to 65535), and the ports probes and lifecycle hooks name.
 */
import { dns1123LabelProblems, portNameProblems, portNumberProblems } from "@meshform/kind-runtime";
import type { FieldPath } from "../value.js";
import { type Out, duplicate, invalid, isObject, listOf, required } from "./field.js";
import { checkObjectMeta } from "./metadata.js";

/** `validateContainerPorts`: one container's `ports`. */
export function checkContainerPorts(ports: unknown, path: FieldPath, out: Out): void {
  const names = new Set<string>();
  for (const [index, port] of listOf(ports).entries()) {
    if (!isObject(port)) continue;
    const at = [...path, index];
    const name = port.name;
    if (typeof name === "string" && name !== "") {
      const problems = portNameProblems(name);
      for (const problem of problems) invalid(out, [...at, "name"], name, problem);
      if (problems.length === 0) {
        if (names.has(name)) duplicate(out, [...at, "name"], name);
        else names.add(name);
      }
    }
    const containerPort = port.containerPort;
    if (containerPort === undefined || containerPort === 0) required(out, [...at, "containerPort"]);
    else if (typeof containerPort === "number") for (const problem of portNumberProblems(containerPort)) invalid(out, [...at, "containerPort"], containerPort, problem);
    const hostPort = port.hostPort;
    if (typeof hostPort === "number" && hostPort !== 0) for (const problem of portNumberProblems(hostPort)) invalid(out, [...at, "hostPort"], hostPort, problem);
  }
}

/** `ValidatePortNumOrName`: a port number from 1 to 65535, or a port name (an IANA service name). */
function checkPortNumOrName(port: unknown, path: FieldPath, out: Out): void {
  if (typeof port === "string") for (const problem of portNameProblems(port)) invalid(out, path, port, problem);
  else if (typeof port === "number") for (const problem of portNumberProblems(port)) invalid(out, path, port, problem);
}

/** The ports a container's probes and lifecycle hooks name (`httpGet.port`, `tcpSocket.port`). */
function checkHandlerPorts(container: Record<string, unknown>, path: FieldPath, out: Out): void {
  const handlers: [unknown, FieldPath][] = [
    [container.livenessProbe, ["livenessProbe"]], [container.readinessProbe, ["readinessProbe"]], [container.startupProbe, ["startupProbe"]],
    [isObject(container.lifecycle) ? container.lifecycle.postStart : undefined, ["lifecycle", "postStart"]],
    [isObject(container.lifecycle) ? container.lifecycle.preStop : undefined, ["lifecycle", "preStop"]],
  ];
  for (const [handler, at] of handlers) {
    if (!isObject(handler)) continue;
    for (const action of ["httpGet", "tcpSocket"] as const) {
      const target = handler[action];
      if (isObject(target)) checkPortNumOrName(target.port, [...path, ...at, action, "port"], out);
    }
  }
}

/** `ValidatePodSpec`'s container rules, on the pod spec at `path`. */
export function checkPodSpec(spec: unknown, path: FieldPath, out: Out): void {
  if (!isObject(spec)) return;
  const names = new Set<string>();
  for (const field of ["containers", "initContainers", "ephemeralContainers"] as const) {
    for (const [index, container] of listOf(spec[field]).entries()) {
      if (!isObject(container)) continue;
      const at = [...path, field, index];
      const name = container.name;
      if (typeof name !== "string" || name === "") required(out, [...at, "name"]);
      else {
        for (const problem of dns1123LabelProblems(name)) invalid(out, [...at, "name"], name, problem);
        if (names.has(name)) duplicate(out, [...at, "name"], name);
        else names.add(name);
      }
      if (field !== "ephemeralContainers") {
        checkContainerPorts(container.ports, [...at, "ports"], out);
        checkHandlerPorts(container, at, out);
      }
    }
  }
}

/** `ValidatePodTemplateSpec`: the template's labels and annotations, then its pod spec. */
export function checkPodTemplate(template: unknown, path: FieldPath, out: Out): void {
  if (!isObject(template)) return;
  checkObjectMeta(template.metadata, [...path, "metadata"], out);
  checkPodSpec(template.spec, [...path, "spec"], out);
}
