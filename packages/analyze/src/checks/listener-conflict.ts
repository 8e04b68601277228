import type { GatewayInfo, ListenerInfo } from "../resource-index.js";
import type { Check, Finding } from "../types.js";

/** LISTENER_CONFLICT: listeners of one Gateway that cannot share their port. */
export const listenerConflict: Check = {
  code: "LISTENER_CONFLICT",
  severity: "error",
  title: "Conflicting listeners on a Gateway",
  check: (index) => index.gateways().flatMap(conflictsOf),
};

// --- internal ---

/** Protocols that may share a port, each distinguishing its listeners by hostname (SNI or Host). */
const SHAREABLE = new Set(["HTTPS\u0000TLS", "TLS\u0000HTTPS"]);

function conflictsOf(gateway: GatewayInfo): Finding[] {
  const findings: Finding[] = [];
  gateway.listeners.forEach((listener, i) => {
    const earlier = gateway.listeners.slice(0, i).find((other) => other.port === listener.port && clash(other, listener) !== undefined);
    if (earlier === undefined) return;
    const where = earlier.owner === listener.owner ? "" : ` (on ${earlier.owner.kind} ${earlier.owner.namespace}/${earlier.owner.name})`;
    const gatewayName = `Gateway ${gateway.resource.namespace}/${gateway.resource.name}`;
    findings.push({
      resource: listener.owner,
      path: listener.path,
      message: `listener ${JSON.stringify(listener.name ?? "")} conflicts with listener ${JSON.stringify(earlier.name ?? "")}${where} of ${gatewayName} on port ${String(listener.port)}: ${clash(earlier, listener)}; conflicted listeners are not programmed`,
      hint: "give each listener on a port its own hostname, or move one to another port",
    });
  });
  return findings;
}

function clash(a: ListenerInfo, b: ListenerInfo): string | undefined {
  if (a.protocol !== b.protocol) {
    return SHAREABLE.has(`${a.protocol}\u0000${b.protocol}`) && a.hostname !== b.hostname ? undefined : `protocols ${a.protocol ?? "unset"} and ${b.protocol ?? "unset"} cannot share a port`;
  }
  if (a.hostname === b.hostname) return a.hostname === undefined ? `both have protocol ${a.protocol ?? "unset"} and no hostname` : `both have protocol ${a.protocol ?? "unset"} and hostname ${a.hostname}`;
  return undefined;
}
