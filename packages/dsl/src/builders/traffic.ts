/**
 * The traffic family: external services (ServiceEntry plus the DestinationRule of their hosts)
 * and DestinationRules for in-mesh Services, sharing one traffic-policy builder.
 */
export { addDestinationRule, DestinationRuleBuilder, type DestinationRuleOptions, type ExternalHost } from "./destination-rule.js";
export { addExternalService, ExternalServiceBuilder, type ExternalPort, type ExternalServiceOptions, type OriginatingPort, type TlsOriginationArgs } from "./service-entry.js";
export { TrafficPolicyBuilder, type SubsetsOf, type TrafficState } from "./traffic-builder.js";
export type {
  CircuitBreakerOptions,
  ConnectionCircuitBreaker,
  EjectionOptions,
  HttpCircuitBreaker,
  IstioDuration,
  LoadBalancing,
  NoHttpSettings,
  SimpleLoadBalancer,
  SubsetPolicyFor,
  TlsOriginationOptions,
  TrafficPolicyFor,
} from "./traffic-policy.js";
export type { HttpProtocol, PortProtocol, SpeaksHttp } from "./traffic-protocol.js";
