/**
 * The meshform DSL: {@link defineMesh} and its typed builders turn intents (gateways,
 * waypoints, canaries, circuit breakers, mTLS, JWT authorization, telemetry) into the exact
 * upstream resources, and {@link compile} turns the model into resources for the targeted
 * Istio and Gateway API releases, checked before anything is written.
 *
 * @packageDocumentation
 */
export { defineMesh, MeshBuilder, type MeshCallback, type MeshDefinition, type MeshNamespaceOptions, type MeshOptions, type Placeable, type PlaceableEgress } from "./mesh.js";
export type { ClusterNamesOf, ClusterOf, ClusterOptions, ClusterTarget, Environment, EnvironmentOf, EnvironmentOptions, EnvironmentsOptions, MeshEnvironment } from "./environments.js";
export { SealError, type SealErrorCode } from "./seal.js";
export { withoutCallSites } from "./origin.js";
export { compile, type CompileIssueCode, type CompileResult, type Resource } from "./compile.js";
export { catalogOf } from "./kinds.js";
export type { AnalysisSuppression, ApplicationsSyncPolicy, ArgoCdOptions, BuilderIssueCode, Draft, DraftKey, ExternalDeclarations, MeshModel, OutputSettings, PatchIntent, PlacementIntent } from "./model.js";
export {
  ISTIO_RELEASES,
  GATEWAY_API_RELEASES,
  resolveTargets,
  compareReleases,
  type GatewayApiChannel,
  type GatewayApiRelease,
  type IstioRelease,
  type TargetOptions,
  type Targets,
} from "./targets.js";
export type {
  ExternalGatewayRef,
  GatewayApiGatewayRef,
  GatewayRef,
  IstioGatewayRef,
  Patchable,
  ResourceRef,
  RouteApi,
  RouteParent,
  ServiceRef,
  SubsetRef,
  WaypointRef,
  WorkloadRef,
  WrittenIstioGatewayRef,
} from "./refs.js";
export type { ExternalGatewayOptions, ExternalIstioGatewayOptions } from "./builders/external-refs.js";
export type {
  AutoPassthroughServerTls,
  HttpServerOptions,
  HttpsServerOptions,
  HttpsServerTls,
  IstioGatewayOptions,
  IstioMutualServerTls,
  IstioServerBase,
  IstioServerOptions,
  IstioServerProtocol,
  IstioServerTlsMode,
  MutualServerTls,
  PassthroughServerTls,
  PlainServerOptions,
  ServerTlsVersions,
  SimpleServerTls,
  TlsServerOptions,
  TlsServerTls,
} from "./builders/istio-gateway.js";
export type {
  EgressBaseOptions,
  EgressGatewayOptions,
  EgressHttpOptions,
  EgressMutualTlsOrigination,
  EgressOptions,
  EgressRef,
  EgressSimpleTlsOrigination,
  EgressTlsOptions,
  EgressTlsOrigination,
  TlsOriginationRuleOf,
} from "./builders/egress.js";
export { NamespaceBuilder, type DataplaneMode, type NamespaceArgoCdOptions, type NamespaceOptions } from "./builders/namespace.js";
export type { AllowedRoutes, CertificateRef, GatewayOptions, ListenerOptions, ListenerProtocol, WaypointFor, WaypointOptions } from "./builders/gateway.js";
export type { RawResource } from "./builders/raw.js";
export type { MtlsMode } from "./builders/mesh-security.js";
export type { Operation } from "./json-patch.js";
export { isDns1035Label, isDnsLabel, isDnsSubdomain, NAME_RULES, objectNameRule, type NameRule, type NameRuleId } from "./names.js";
export type { NamespacePeerAuthenticationOptions, PeerAuthenticationOptions, PolicyTarget, PortLevelMtls, ReadonlyLists, WorkloadLabels, WorkloadPeerAuthenticationOptions } from "./builders/security.js";
export { requestPrincipal, type JwtIssuerRef, type JwtIssuerRefs, type JwtRuleOptions, type RequestAuthenticationOptions, type RequiredJwtRef, type RequireJwtOptions } from "./builders/security-jwt.js";
export { attribute, claim, header, fromNamespaces, fromPrincipals, type AuthorizationRule, type Condition, type ConditionBuilder, type ConditionKey, type HttpMethod, type RuleOperation, type RuleSource } from "./builders/authorization-rules.js";
export type { AuthorizationAction, AuthorizationPolicyOptions } from "./builders/authorization-policy.js";
export type { AccessLoggingOptions, MetricOverrideOptions, MetricsOptions, TagOverride, TelemetryOptions, TracingOptions } from "./builders/telemetry.js";
export {
  DestinationRuleBuilder,
  ExternalServiceBuilder,
  TrafficPolicyBuilder,
  type CircuitBreakerOptions,
  type ConnectionCircuitBreaker,
  type DestinationRuleOptions,
  type EjectionOptions,
  type ExternalHost,
  type ExternalPort,
  type ExternalServiceOptions,
  type HttpCircuitBreaker,
  type HttpProtocol,
  type IstioDuration,
  type LoadBalancing,
  type NoHttpSettings,
  type OriginatingPort,
  type PortProtocol,
  type SimpleLoadBalancer,
  type SpeaksHttp,
  type SubsetPolicyFor,
  type TlsOriginationArgs,
  type TlsOriginationOptions,
  type TrafficPolicyFor,
  type TrafficState,
  type SubsetsOf,
} from "./builders/traffic.js";
export { HTTPRouteBuilder, type HTTPRouteOptions } from "./builders/route.js";
export {
  HTTPRuleBuilder,
  type CorsOptions,
  type CorsOrigin,
  type FaultAbort,
  type FaultDelay,
  type FaultOptions,
  type GrpcStatus,
  type HTTPErrorStatus,
  type HTTPRuleState,
  type RetryOn,
  type RetryOptions,
} from "./builders/route-http-rule.js";
export {
  L4RuleBuilder,
  TCPRouteBuilder,
  TCPRuleBuilder,
  TLSRouteBuilder,
  TLSRuleBuilder,
  type L4Match,
  type TCPMatch,
  type TCPRouteOptions,
  type TLSMatch,
  type TLSRouteOptions,
} from "./builders/route-l4.js";
export { GRPCRouteBuilder, GRPCRuleBuilder, type GRPCMatch, type GRPCRouteOptions, type GRPCRuleState } from "./builders/route-grpc.js";
export type { AttachOptions, RouteBuilder, RouteOptions, RouteRef } from "./builders/route-base.js";
export type {
  BackendLike,
  BackendOptions,
  BackendPort,
  CanaryOptions,
  CanaryPort,
  IntegersBelow,
  MirrorOptions,
  OptionsArg,
  Percent,
  PortOf,
  ServiceArgs,
  ServiceLike,
  SubsetLike,
  SubsetPort,
} from "./builders/route-backend.js";
export type { AbsolutePath, GatewayDuration, HeaderModifierOptions, HTTPMatch, PathMatch, PathModifier, RedirectOptions, RewriteOptions, TimeoutOptions, ValueMatch } from "./builders/route-filter.js";
export type { ReferenceGrantOptions } from "./builders/route-grant.js";
