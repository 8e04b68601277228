/**
 * The TLS credentials Istio Gateways name, resolved as istioctl resolves them: in the namespace of
 * the gateway's workload; and what makes a credential Secret unusable. Shared by
 * GATEWAY_CREDENTIAL_NOT_FOUND and GATEWAY_CREDENTIAL_INVALID.
 */
import { X509Certificate } from "node:crypto";
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { isObject, itemsOf, stringMap, text } from "../../read.js";
import type { FieldPath } from "../../types.js";
import { describeWorkload, workloadsOf } from "../../workloads.js";

/** A `tls.credentialName` of an Istio Gateway's server, with the namespace it is looked up in. */
export interface GatewayCredential {
  readonly gateway: IndexedResource;
  readonly path: FieldPath;
  /** As written. */
  readonly credentialName: string;
  /** The Secret's namespace: the credentialName's own (`namespace/name`), else the gateway workload's. */
  readonly namespace: string;
  readonly name: string;
  /** `Kind namespace/name` of the gateway's workload. */
  readonly workload: string;
}

/** Every credentialName of the Istio Gateways that select a workload of the set. */
export function gatewayCredentials(index: MeshIndex): GatewayCredential[] {
  const workloads = workloadsOf(index);
  if (workloads.all.length === 0) return [];
  const out: GatewayCredential[] = [];
  for (const gateway of index.ofKind(GROUP.networking, "Gateway")) {
    const [workload] = workloads.matching(stringMap(gateway.spec.selector), undefined);
    if (workload === undefined) continue;
    for (const [i, server] of itemsOf(gateway.spec.servers as unknown[])) {
      const credentialName = isObject(server) && isObject(server.tls) ? text(server.tls.credentialName) : undefined;
      if (credentialName === undefined || credentialName === "") continue;
      const slash = credentialName.indexOf("/");
      out.push({
        gateway,
        path: ["spec", "servers", i, "tls", "credentialName"],
        credentialName,
        namespace: slash < 0 ? workload.namespace : credentialName.slice(0, slash),
        name: slash < 0 ? credentialName : credentialName.slice(slash + 1),
        workload: describeWorkload(workload),
      });
    }
  }
  return out;
}

/** The Secrets of the set, and the Secrets cert-manager Certificates of the set will write. */
export interface SecretLookup {
  find(namespace: string, name: string): IndexedResource | undefined;
  certificateProvides(namespace: string, name: string): boolean;
}

/** Builds a {@link SecretLookup} over the set. */
export function secretLookup(index: MeshIndex): SecretLookup {
  const certificates = new Set(index.ofKind("cert-manager.io", "Certificate").flatMap((c) => (typeof c.spec.secretName === "string" ? [`${c.namespace}/${c.spec.secretName}`] : [])));
  return {
    find: (namespace, name) => index.find(GROUP.core, "Secret", namespace, name),
    certificateProvides: (namespace, name) => certificates.has(`${namespace}/${name}`),
  };
}

/**
 * Why a gateway credential Secret is unusable, as a phrase after its name (`has no ...`), or
 * `undefined` when it holds a certificate and key, the certificate a PEM X.509 certificate.
 */
export function credentialProblem(secret: IndexedResource): string | undefined {
  const data = secretData(secret);
  const pair = [["cert", "key"], ["tls.crt", "tls.key"]].find(([cert, key]) => (data.get(cert!)?.length ?? 0) > 0 && (data.get(key!)?.length ?? 0) > 0);
  if (pair === undefined) {
    const empty = [["cert", "key"], ["tls.crt", "tls.key"]].find(([cert, key]) => data.has(cert!) && data.has(key!));
    if (empty !== undefined) return `has keys ${empty[0]} and ${empty[1]}, but they are empty`;
    const keys = [...data.keys()].sort();
    return `has neither cert and key nor tls.crt and tls.key${keys.length > 0 ? ` (it has ${keys.join(", ")})` : " (it has no data)"}`;
  }
  const certificate = data.get(pair[0]!)!;
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(certificate.toString("latin1"));
  if (pem === null) return `has a ${pair[0]} that is not PEM`;
  try {
    new X509Certificate(Buffer.from(pem[2]!.replace(/^[A-Za-z-]+:.*$/gm, ""), "base64"));
  } catch {
    return `has a ${pair[0]} whose first PEM block is not an X.509 certificate`;
  }
  return undefined;
}

/** A Secret's values: `data` decoded from base64, then `stringData`, which the API server merges over it. */
function secretData(secret: IndexedResource): Map<string, Buffer> {
  const object = secret.input.object;
  const data = new Map<string, Buffer>();
  if (isObject(object.data)) for (const [key, value] of Object.entries(object.data)) data.set(key, typeof value === "string" ? Buffer.from(value, "base64") : Buffer.alloc(0));
  if (isObject(object.stringData)) for (const [key, value] of Object.entries(object.stringData)) data.set(key, Buffer.from(typeof value === "string" ? value : "", "utf8"));
  return data;
}
