/** The schemas of the security and observability builders' options. */
import { strictObject } from "@meshform/kind-runtime";
import { z } from "zod";
import { labels, name, reference } from "../input.js";
import type { AuthorizationPolicyOptions } from "../builders/authorization-policy.js";
import type { AuthorizationRule, Condition, RuleOperation, RuleSource } from "../builders/authorization-rules.js";
import type { MtlsMode } from "../builders/mesh-security.js";
import type { NamespacePeerAuthenticationOptions, PeerAuthenticationOptions, WorkloadPeerAuthenticationOptions } from "../builders/security.js";
import type { JwtRuleOptions, RequestAuthenticationOptions, RequireJwtOptions } from "../builders/security-jwt.js";
import type { AccessLoggingOptions, MetricsOptions, TelemetryOptions, TracingOptions } from "../builders/telemetry.js";
import type { WorkloadRef } from "../refs.js";
import { copied, draftMetadata, list, policyTarget } from "./common.js";

/** A mutual TLS mode. */
export const mtlsMode: z.ZodType<MtlsMode, MtlsMode> = z.enum(["UNSET", "DISABLE", "PERMISSIVE", "STRICT"]);

const workloadRef = reference<WorkloadRef>(["workload"], "workloads returned by a builder (ns.workload(...))");
const workloadSelector = z.union([workloadRef, labels("labels")]) as z.ZodType<WorkloadRef | Readonly<Record<string, string>>, WorkloadRef | Readonly<Record<string, string>>>;

const namespacePeerAuthentication = strictObject<NamespacePeerAuthenticationOptions>({ ...draftMetadata, mode: mtlsMode });
const workloadPeerAuthentication = strictObject<WorkloadPeerAuthenticationOptions>({
  ...draftMetadata,
  selector: workloadSelector,
  mode: mtlsMode.optional(),
  portLevel: z.record(z.string().regex(/^\d+$/), mtlsMode).optional() as unknown as z.ZodOptional<z.ZodType<NonNullable<WorkloadPeerAuthenticationOptions["portLevel"]>, NonNullable<WorkloadPeerAuthenticationOptions["portLevel"]>>>,
});

/** A PeerAuthentication's options: namespace-wide, or for selected workloads. */
export const peerAuthenticationOptions: z.ZodType<PeerAuthenticationOptions, PeerAuthenticationOptions> = z.union([workloadPeerAuthentication, namespacePeerAuthentication]);

const httpMethod = z.enum(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);
const strings = list(z.string());
const ruleSource = copied<RuleSource>("object");
const ruleOperation = strictObject<RuleOperation>({
  hosts: strings.optional(),
  notHosts: strings.optional(),
  paths: strings.optional(),
  notPaths: strings.optional(),
  ports: list(z.number().int()).optional(),
  notPorts: list(z.number().int()).optional(),
  methods: list(httpMethod).optional(),
  notMethods: list(httpMethod).optional(),
});
const condition = copied<Condition>("object");
const authorizationRule = strictObject<AuthorizationRule>({
  from: list(ruleSource).optional(),
  to: list(ruleOperation).optional(),
  when: list(condition).optional(),
});

/** An AuthorizationPolicy's options. */
export const authorizationPolicyOptions = z.strictObject({
  ...draftMetadata,
  target: policyTarget.optional(),
  rules: list(authorizationRule).optional(),
  action: z.enum(["ALLOW", "DENY", "AUDIT", "CUSTOM"]),
  provider: z.string().optional(),
}) as unknown as z.ZodType<AuthorizationPolicyOptions, AuthorizationPolicyOptions>;

type Jwt = RequireJwtOptions;
const jwtDuration = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/) as unknown as z.ZodType<NonNullable<Jwt["timeout"]>, NonNullable<Jwt["timeout"]>>;
/** The JWT rule fields besides the issuer and its key set; nested entries are checked by compile. */
const jwtFields = {
  audiences: list(z.string().min(1)).optional(),
  forwardOriginalToken: z.boolean().optional(),
  fromCookies: list(z.string().min(1)).optional(),
  fromHeaders: copied<NonNullable<Jwt["fromHeaders"]>>("array").optional(),
  fromParams: list(z.string().min(1)).optional(),
  outputClaimToHeaders: copied<NonNullable<Jwt["outputClaimToHeaders"]>>("array").optional(),
  outputPayloadToHeader: z.string().optional(),
  spaceDelimitedClaims: list(z.string().min(1)).optional(),
  timeout: jwtDuration.optional(),
} as const;

// JwtRuleOptions is a union (a key set as `jwks` or as `jwksUri`, not both); the schema checks the
// keys, and compile checks the choice against RequestAuthentication's own rule.
const jwtRule = z.strictObject({ ...jwtFields, issuer: z.string().min(1), jwks: z.string().optional(), jwksUri: z.string().min(1).optional() }) as unknown as z.ZodType<JwtRuleOptions, JwtRuleOptions>;

/** A RequestAuthentication's options. */
export const requestAuthenticationOptions = strictObject<RequestAuthenticationOptions>({
  ...draftMetadata,
  target: policyTarget.optional(),
  jwt: list(jwtRule),
});

const claimValues = z.union([z.string(), z.array(z.string()).min(1)]) as unknown as z.ZodType<string | readonly [string, ...string[]], string | readonly [string, ...string[]]>;

/** `ns.requireJwt`'s options. */
export const requireJwtOptions = strictObject<RequireJwtOptions>({
  ...draftMetadata,
  ...jwtFields,
  issuer: z.string().min(1),
  jwksUri: z.string().min(1),
  claims: z.record(z.string(), claimValues).optional(),
  name: name("dns1123Subdomain", "RequestAuthentication name").optional(),
});

/** A Telemetry's options. */
export const telemetryOptions = strictObject<TelemetryOptions>({
  ...draftMetadata,
  target: policyTarget.optional(),
  accessLogging: list(copied<AccessLoggingOptions>("object")).optional(),
  metrics: list(copied<MetricsOptions>("object")).optional(),
  tracing: list(copied<TracingOptions>("object")).optional(),
});
