/**
 * AuthorizationPolicy admission rules: targets and selector, what CUSTOM, DENY and `provider`
 * require, and for every rule its `from` sources, `to` operations and `when` conditions.
 */
import type {
  AuthorizationPolicySpec,
  AuthorizationPolicySpecRules,
  AuthorizationPolicySpecRulesFromSource,
  AuthorizationPolicySpecRulesToOperation,
} from "@meshform/istio/security.istio.io/v1";
import { type FieldPath, type Findings, type IstioResource, metaOf, reject, rejectIf, warn } from "./finding.js";
import { validateIPs } from "./net.js";
import { checkAnnotations, checkPolicyTargets } from "./policy.js";
import { atLeast, NEWEST_MINOR } from "./release.js";
import { attributeError, emptyValueError, pathTemplateError, portErrors, serviceAccountError, trustDomainError } from "./security-attributes.js";

const meaningless = (action: string): string =>
  `${action} action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request`;

function checkCustom(spec: AuthorizationPolicySpec, minor: number, out: Findings): void {
  if (spec.rules === undefined) reject(out, ["spec"], meaningless("CUSTOM"));
  else if ((spec.provider?.name ?? "") === "") reject(out, ["spec", "provider", "name"], "`provider.name` must not be empty (name an extension provider of the mesh config)");
  const trustDomains = atLeast(minor, 30) ? (["trustDomains", "notTrustDomains"] as const) : [];
  const sourceFields = ["namespaces", "notNamespaces", "serviceAccounts", "notServiceAccounts", ...trustDomains, "principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals"] as const;
  const identityKeys = ["source.namespace", "source.serviceAccount", ...(atLeast(minor, 30) ? ["source.trustDomain"] : []), "source.principal"];
  for (const [ruleIndex, rule] of (spec.rules ?? []).entries()) {
    for (const [fromIndex, from] of (rule.from ?? []).entries()) {
      for (const field of sourceFields) {
        if ((from.source?.[field] ?? []).length === 0) continue;
        const name = `From.${field[0]?.toUpperCase()}${field.slice(1)}`;
        reject(out, ["spec", "rules", ruleIndex, "from", fromIndex, "source", field], `${name} is currently not supported with CUSTOM action`);
      }
    }
    for (const [whenIndex, when] of (rule.when ?? []).entries()) {
      const unsupported = identityKeys.includes(when.key) || when.key.startsWith("request.auth.");
      if (unsupported) reject(out, ["spec", "rules", ruleIndex, "when", whenIndex, "key"], `${when.key} is currently not supported with CUSTOM action`);
    }
  }
}

const sourceLists = {
  principals: "Principals", requestPrincipals: "RequestPrincipals", namespaces: "Namespaces", ipBlocks: "IpBlocks",
  remoteIpBlocks: "RemoteIpBlocks", notPrincipals: "NotPrincipals", notRequestPrincipals: "NotRequestPrincipals",
  notNamespaces: "NotNamespaces", notIpBlocks: "NotIpBlocks", notRemoteIpBlocks: "NotRemoteIpBlocks",
  trustDomains: "TrustDomains", notTrustDomains: "NotTrustDomains",
} as const;

/** Checks one source; returns whether it uses attributes that also apply to TCP traffic. */
function checkSource(source: AuthorizationPolicySpecRulesFromSource, rule: number, path: FieldPath, minor: number, out: Findings): boolean {
  const size = (values: string[] | undefined): number => (values ?? []).length;
  const identities = size(source.principals) + size(source.notPrincipals) + size(source.namespaces) + size(source.notNamespaces);
  const accounts = size(source.serviceAccounts) + size(source.notServiceAccounts);
  if (identities > 0 && accounts > 0) reject(out, path, `cannot set serviceAccounts with namespaces or principals, found at rule ${rule}`);
  const fields = [...Object.keys(sourceLists), "serviceAccounts", "notServiceAccounts"] as (keyof typeof source)[];
  if (fields.every((field) => size(source[field]) === 0)) reject(out, path, `\`from.source\` must not be empty, found at rule ${rule}`);
  for (const field of ["ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"] as const) {
    for (const error of validateIPs(source[field] ?? [])) reject(out, [...path, field], error);
  }
  for (const [field, name] of Object.entries(sourceLists) as [keyof typeof sourceLists, string][]) {
    const trustDomain = (field === "trustDomains" || field === "notTrustDomains") && atLeast(minor, 30);
    rejectIf(out, [...path, field], trustDomain ? trustDomainError(name, source[field]) : emptyValueError(name, source[field]));
  }
  rejectIf(out, [...path, "serviceAccounts"], serviceAccountError("ServiceAccounts", source.serviceAccounts));
  rejectIf(out, [...path, "notServiceAccounts"], serviceAccountError("NotServiceAccounts", source.notServiceAccounts));
  // Request principals and trust domains are not among the attributes the webhook counts as applying to TCP.
  const http = new Set(["requestPrincipals", "notRequestPrincipals", "trustDomains", "notTrustDomains"]);
  return fields.some((field) => !http.has(field) && source[field] !== undefined);
}

const operationLists = {
  ports: "Ports", methods: "Methods", paths: "Paths", hosts: "Hosts", notPorts: "NotPorts", notMethods: "NotMethods", notPaths: "NotPaths", notHosts: "NotHosts",
} as const;

/** Checks one operation; returns whether it names ports (and so applies to TCP traffic). */
function checkOperation(operation: AuthorizationPolicySpecRulesToOperation, rule: number, path: FieldPath, out: Findings): boolean {
  const fields = Object.keys(operationLists) as (keyof typeof operationLists)[];
  if (fields.every((field) => (operation[field] ?? []).length === 0)) reject(out, path, `\`to.operation\` must not be empty, found at rule ${rule}`);
  for (const field of ["ports", "notPorts"] as const) for (const error of portErrors(operation[field])) reject(out, [...path, field], error);
  for (const field of fields) rejectIf(out, [...path, field], emptyValueError(operationLists[field], operation[field]));
  rejectIf(out, [...path, "paths"], pathTemplateError("Paths", operation.paths));
  rejectIf(out, [...path, "notPaths"], pathTemplateError("NotPaths", operation.notPaths));
  return operation.ports !== undefined || operation.notPorts !== undefined;
}

function checkRule(rule: AuthorizationPolicySpecRules, index: number, action: string, minor: number, out: Findings): void {
  const path = ["spec", "rules", index];
  let [fromExists, toExists, tcpInFrom, tcpInTo] = [false, false, false, false];
  if (rule.from !== undefined && rule.from.length === 0) reject(out, [...path, "from"], `\`from\` must not be empty, found at rule ${index}`);
  for (const [fromIndex, from] of (rule.from ?? []).entries()) {
    if (from.source === undefined) { reject(out, [...path, "from", fromIndex], `\`from.source\` must not be nil, found at rule ${index}`); continue; }
    fromExists = true;
    tcpInFrom = checkSource(from.source, index, [...path, "from", fromIndex, "source"], minor, out) || tcpInFrom;
  }
  if (rule.to !== undefined && rule.to.length === 0) reject(out, [...path, "to"], `\`to\` must not be empty, found at rule ${index}`);
  for (const [toIndex, to] of (rule.to ?? []).entries()) {
    if (to.operation === undefined) { reject(out, [...path, "to", toIndex], `\`to.operation\` must not be nil, found at rule ${index}`); continue; }
    toExists = true;
    tcpInTo = checkOperation(to.operation, index, [...path, "to", toIndex, "operation"], out) || tcpInTo;
  }
  for (const [whenIndex, when] of (rule.when ?? []).entries()) {
    const at = [...path, "when", whenIndex];
    if (when.key === "") { reject(out, [...at, "key"], "`key` must not be empty"); continue; }
    if ((when.values ?? []).length === 0 && (when.notValues ?? []).length === 0) {
      reject(out, at, `at least one of \`values\` or \`notValues\` must be set for key ${when.key}`);
      continue;
    }
    const valueError = (when.values ?? []).length === 0 ? undefined : attributeError(when.key, when.values ?? [], minor);
    if (valueError !== undefined) reject(out, [...at, "values"], `invalid \`value\` for \`key\` ${when.key}: ${valueError}`);
    const notValueError = (when.notValues ?? []).length === 0 ? undefined : attributeError(when.key, when.notValues ?? [], minor);
    if (notValueError !== undefined) reject(out, [...at, "notValues"], `invalid \`notValue\` for \`key\` ${when.key}: ${notValueError}`);
  }
  if (action === "DENY" && ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo))) {
    warn(out, path, "configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port");
  }
}

/** Checks an AuthorizationPolicy as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkAuthorizationPolicy(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as AuthorizationPolicySpec;
  const action = spec.action ?? "ALLOW";
  const out: Findings = [];
  checkAnnotations(metaOf(resource), action, out);
  checkPolicyTargets(spec, out, minor);
  if (action === "CUSTOM") checkCustom(spec, minor, out);
  if (spec.provider !== undefined && action !== "CUSTOM") reject(out, ["spec", "provider"], `\`provider\` must not be with non CUSTOM action, found ${action}`);
  if (action === "DENY" && spec.rules === undefined) reject(out, ["spec"], meaningless("DENY"));
  for (const [index, rule] of (spec.rules ?? []).entries()) checkRule(rule, index, action, minor, out);
  return out;
}
