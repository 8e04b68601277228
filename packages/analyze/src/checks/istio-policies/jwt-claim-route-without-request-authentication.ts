import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { selectorOf } from "../../policy.js";
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { targetRefsOf, virtualServiceGatewaysOf } from "../../refs.js";
import { isObject, itemsOf, selects, stringMap } from "../../read.js";
import type { Check, FieldPath, Finding } from "../../types.js";

/** The header name prefix of a VirtualService match on a JWT claim, compared without case. */
const CLAIM_HEADER = "@request.auth.claims";

/** The label Istio puts on the pods of a Gateway API Gateway, naming it. */
const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

/**
 * JWT_CLAIM_ROUTE_WITHOUT_REQUEST_AUTHENTICATION: a VirtualService routes on a JWT claim
 * (`@request.auth.claims.*` headers) at an Istio Gateway, and some pod of that gateway is covered
 * by no RequestAuthentication (istioctl's IST0149). Read as Istio's analyzer reads it:
 *
 * - the claim key is the first header or withoutHeaders key of an HTTP match, in written order,
 *   that names a claim (`@request.auth.claims.<c>` or `@request.auth.claims[<c>]`, prefix
 *   compared without case);
 * - each gateway the VirtualService names (`mesh` left out, a short name in the VirtualService's
 *   namespace) that is an Istio Gateway of the set is followed to the Pods its selector matches,
 *   in any namespace; a gateway not in the set is left to the reference checks;
 * - like `istioctl analyze` on files, the set is taken to hold Istio's ingress gateway pod too,
 *   `istio-ingressgateway-dummypod` in the root namespace, labelled `istio: ingressgateway`;
 * - a pod is covered by a RequestAuthentication of its own namespace or of the root namespace
 *   whose `selector.matchLabels` it carries (no selector covers every pod).
 *
 * One difference, documented on the code's page: a RequestAuthentication with targetRefs is
 * counted, as Istio attaches it, only for the pods of the Gateway API Gateway it targets in its
 * own namespace, where istioctl reads it as a policy without selector for the whole namespace.
 */
export const jwtClaimRouteWithoutRequestAuthentication: Check = {
  code: "JWT_CLAIM_ROUTE_WITHOUT_REQUEST_AUTHENTICATION",
  istioctlCode: "IST0149",
  severity: "error",
  title: "JWT claim routing without a RequestAuthentication",
  check: (index) => {
    const routes = index.ofKind(GROUP.networking, "VirtualService").flatMap((service) => {
      const claim = claimKeyOf(service);
      return claim === undefined ? [] : [{ service, claim }];
    });
    if (routes.length === 0) return [];
    const pods = podLookup(index);
    const coverage = coverageOf(index);
    // The pods of each gateway that no RequestAuthentication covers, found once per gateway.
    const uncovered = new Map<IndexedResource, readonly PodInfo[]>();
    const findings: Finding[] = [];
    for (const { service, claim } of routes) {
      for (const entry of virtualServiceGatewaysOf(service)) {
        const gateway = index.find(GROUP.networking, "Gateway", entry.namespace, entry.name);
        if (gateway === undefined) continue;
        const selector = isObject(gateway.spec.selector) ? stringMap(gateway.spec.selector) : {};
        let exposed = uncovered.get(gateway);
        if (exposed === undefined) uncovered.set(gateway, (exposed = pods(selector).filter((pod) => !coverage(pod))));
        for (const pod of exposed) {
          findings.push({
            resource: service,
            path: claim.path,
            message: `The virtual service uses the JWT claim based routing (key: ${claim.key}) but found no request authentication for the gateway (${entry.namespace}/${entry.name}) pod (${pod.name}). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing: ${claim.negative ? "without a validated JWT the claim is never present, so this withoutHeaders match applies to every request, whatever its token says" : "without a validated JWT the claim is never present, so this match never applies and its requests fall through to the next route"}${pod.assumed ? ` (the pod is Istio's ingress gateway, which istioctl assumes in ${pod.namespace} when it reads files)` : ""}`,
            hint: `add a RequestAuthentication with the issuer's jwtRules whose selector matches the gateway's pods (${describeLabels(selector)}), ${pod.namespace === index.rootNamespace ? `in the root namespace ${index.rootNamespace}` : `in namespace ${pod.namespace} or in the root namespace ${index.rootNamespace}`}`,
          });
        }
      }
    }
    return findings;
  },
};

// --- internal ---

/** A claim key of a VirtualService's HTTP matches, and where it is written. */
interface ClaimKey {
  readonly key: string;
  /** Whether it is written under `withoutHeaders`. */
  readonly negative: boolean;
  readonly path: FieldPath;
}

/** A pod the analysis looks at: one of the set, or the ingress gateway pod istioctl assumes. */
interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly assumed: boolean;
}

/** Whether a header name routes on a JWT claim, as Istio parses it. */
function isClaimHeader(name: string): boolean {
  if (!name.toLowerCase().startsWith(CLAIM_HEADER)) return false;
  const rest = name.slice(CLAIM_HEADER.length);
  return (rest.startsWith(".") && rest.length > 1) || (rest.startsWith("[") && rest.endsWith("]") && rest.length > 2);
}

/** The first claim key of a VirtualService's HTTP matches, in written order. */
function claimKeyOf(service: IndexedResource): ClaimKey | undefined {
  const spec = service.spec as Partial<VirtualServiceSpec>;
  for (const [r, route] of itemsOf(spec.http)) {
    for (const [m, match] of itemsOf(route.match)) {
      for (const field of ["headers", "withoutHeaders"] as const) {
        const headers: unknown = match[field];
        if (!isObject(headers)) continue;
        const key = Object.keys(headers).find(isClaimHeader);
        if (key !== undefined) return { key, negative: field === "withoutHeaders", path: ["spec", "http", r, "match", m, field, key] };
      }
    }
  }
  return undefined;
}

/**
 * The pods a selector matches: found through one of its labels (pods indexed by `key=value`),
 * so that a gateway's pods are not looked for among all of them; an empty selector matches all.
 */
function podLookup(index: MeshIndex): (selector: Readonly<Record<string, string>>) => readonly PodInfo[] {
  const pods: PodInfo[] = index.ofKind(GROUP.core, "Pod").map((p) => ({ namespace: p.namespace, name: p.name, labels: p.labels, assumed: false }));
  const assumedName = "istio-ingressgateway-dummypod";
  if (index.find(GROUP.core, "Pod", index.rootNamespace, assumedName) === undefined) {
    pods.push({ namespace: index.rootNamespace, name: assumedName, labels: { istio: "ingressgateway" }, assumed: true });
  }
  const byLabel = new Map<string, PodInfo[]>();
  for (const pod of pods) {
    for (const [key, value] of Object.entries(pod.labels)) {
      const k = `${key}=${value}`;
      const list = byLabel.get(k);
      if (list === undefined) byLabel.set(k, [pod]);
      else list.push(pod);
    }
  }
  return (selector) => {
    const first = Object.entries(selector)[0];
    if (first === undefined) return pods;
    return (byLabel.get(`${first[0]}=${first[1]}`) ?? []).filter((pod) => selects(selector, pod.labels));
  };
}

/** The RequestAuthentications of one namespace, indexed the ways a pod is looked up. */
interface NamespaceAuthentications {
  /** Whether one has neither selector nor targetRefs: it covers every pod. */
  wide: boolean;
  /** Those with a selector, by each `key=value` of their selector (found through any label of the pod). */
  readonly bySelectorLabel: Map<string, Readonly<Record<string, string>>[]>;
  /** The Gateway API Gateways (in the namespace) that those with targetRefs target. */
  readonly targetedGateways: Set<string>;
}

/** Whether a pod is covered by a RequestAuthentication of its namespace or of the root namespace; kept per pod. */
function coverageOf(index: MeshIndex): (pod: PodInfo) => boolean {
  const byNamespace = new Map<string, NamespaceAuthentications>();
  for (const ra of index.ofKind(GROUP.security, "RequestAuthentication")) {
    let entry = byNamespace.get(ra.namespace);
    if (entry === undefined) byNamespace.set(ra.namespace, (entry = { wide: false, bySelectorLabel: new Map(), targetedGateways: new Set() }));
    const targets = targetRefsOf(ra);
    if (targets.length > 0) {
      // Istio attaches a RequestAuthentication with targetRefs only to the Gateway API Gateways it targets in its own namespace.
      for (const t of targets) if (t.group === GROUP.gateway && t.kind === "Gateway" && t.namespace === ra.namespace) entry.targetedGateways.add(t.name);
      continue;
    }
    const selector = selectorOf(ra);
    if (selector === undefined) {
      entry.wide = true;
      continue;
    }
    for (const [key, value] of Object.entries(selector)) {
      const k = `${key}=${value}`;
      const list = entry.bySelectorLabel.get(k);
      if (list === undefined) entry.bySelectorLabel.set(k, [selector]);
      else list.push(selector);
    }
  }
  const coveredIn = (namespace: string, pod: PodInfo): boolean => {
    const entry = byNamespace.get(namespace);
    if (entry === undefined) return false;
    if (entry.wide) return true;
    if (namespace === pod.namespace) {
      const gatewayName = pod.labels[GATEWAY_NAME_LABEL];
      if (gatewayName !== undefined && entry.targetedGateways.has(gatewayName)) return true;
    }
    for (const [key, value] of Object.entries(pod.labels)) {
      if (entry.bySelectorLabel.get(`${key}=${value}`)?.some((selector) => selects(selector, pod.labels))) return true;
    }
    return false;
  };
  const known = new Map<PodInfo, boolean>();
  return (pod) => {
    let covered = known.get(pod);
    if (covered === undefined) known.set(pod, (covered = coveredIn(index.rootNamespace, pod) || (pod.namespace !== index.rootNamespace && coveredIn(pod.namespace, pod))));
    return covered;
  };
}

/** `a=b,c=d`, or `every pod` for an empty selector. */
function describeLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? "every pod" : entries.map(([k, v]) => `${k}=${v}`).join(",");
}
