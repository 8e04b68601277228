/** The schemas of the Istio Gateway and egress builders' options, each tied to its TS type. */
import { strictObject } from "@meshform/kind-runtime";
import { z } from "zod";
import { labels, name, port, reference } from "../input.js";
import type { EgressGatewayOptions, EgressHttpOptions, EgressOptions, EgressTlsOptions, EgressTlsOrigination } from "../builders/egress.js";
import type {
  AutoPassthroughServerTls,
  HttpServerOptions,
  HttpsServerOptions,
  IstioGatewayOptions,
  IstioMutualServerTls,
  IstioServerOptions,
  MutualServerTls,
  PassthroughServerTls,
  PlainServerOptions,
  ServerTlsVersions,
  SimpleServerTls,
  TlsServerOptions,
} from "../builders/istio-gateway.js";
import type { ServiceRef, WorkloadRef } from "../refs.js";
import { draftMetadata, list, serviceRef } from "./common.js";

/** A list with at least one element, typed as the builders' non-empty tuples. */
function nonEmpty<T>(element: z.ZodType<T, T>): z.ZodType<readonly [T, ...T[]], readonly [T, ...T[]]> {
  return z.array(element).min(1) as unknown as z.ZodType<readonly [T, ...T[]], readonly [T, ...T[]]>;
}

/** A field the type declares `never`: left out, or reported with `expected` (which says why). */
function absent(expected: string): z.ZodOptional<z.ZodType<undefined, undefined>> {
  return z.custom<undefined>((value) => value === undefined, { params: { expected } }).optional() as unknown as z.ZodOptional<z.ZodType<undefined, undefined>>;
}

const tlsVersion = z.enum(["TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"]);
const versions = {
  minProtocolVersion: tlsVersion.optional(),
  maxProtocolVersion: tlsVersion.optional(),
  cipherSuites: list(z.string().min(1)).optional() as z.ZodOptional<z.ZodType<NonNullable<ServerTlsVersions["cipherSuites"]>, NonNullable<ServerTlsVersions["cipherSuites"]>>>,
} as const;
const credentialName = name("dns1123Subdomain", "Secret name");
const subjectAltNames = list(z.string().min(1)).optional() as z.ZodOptional<z.ZodType<readonly string[], readonly string[]>>;

const simpleTls = strictObject<SimpleServerTls>({ mode: z.literal("SIMPLE"), credentialName, ...versions });
const mutualTls = strictObject<MutualServerTls>({ mode: z.enum(["MUTUAL", "OPTIONAL_MUTUAL"]), credentialName, subjectAltNames, ...versions });
const noCertificate = absent("no credentialName in passthrough (the gateway does not terminate TLS, so Istio ignores a certificate)");
const passthroughTls = strictObject<PassthroughServerTls>({ mode: z.literal("PASSTHROUGH"), credentialName: noCertificate });
const autoPassthroughTls = strictObject<AutoPassthroughServerTls>({ mode: z.literal("AUTO_PASSTHROUGH"), credentialName: noCertificate });
const istioMutualTls = strictObject<IstioMutualServerTls>({ mode: z.literal("ISTIO_MUTUAL"), credentialName: absent("no credentialName with ISTIO_MUTUAL (Istio provides the workload certificate, and its webhook refuses another)"), subjectAltNames, ...versions });
const httpsTls = z.discriminatedUnion("mode", [simpleTls, mutualTls, passthroughTls, istioMutualTls] as never) as unknown as z.ZodType<HttpsServerOptions["tls"], HttpsServerOptions["tls"]>;
const tlsTls = z.discriminatedUnion("mode", [simpleTls, mutualTls, passthroughTls, autoPassthroughTls, istioMutualTls] as never) as unknown as z.ZodType<TlsServerOptions["tls"], TlsServerOptions["tls"]>;

const hosts = nonEmpty(z.string().min(1));
const noTls = absent("no tls (only HTTPS and TLS servers carry TLS settings; an HTTP server redirects with httpsRedirect)");
const noRedirect = absent("no httpsRedirect (only a plain HTTP server redirects to HTTPS)");
const httpServer = strictObject<HttpServerOptions>({ port, hosts, protocol: z.literal("HTTP"), httpsRedirect: z.boolean().optional(), tls: noTls });
const plainServer = strictObject<PlainServerOptions>({ port, hosts, protocol: z.enum(["HTTP2", "GRPC", "MONGO", "TCP"]), tls: noTls, httpsRedirect: noRedirect });
const httpsServer = strictObject<HttpsServerOptions>({ port, hosts, protocol: z.literal("HTTPS"), tls: httpsTls, httpsRedirect: noRedirect });
const tlsServer = strictObject<TlsServerOptions>({ port, hosts, protocol: z.literal("TLS"), tls: tlsTls, httpsRedirect: noRedirect });
const server = z.discriminatedUnion("protocol", [httpServer, plainServer, httpsServer, tlsServer] as never) as unknown as z.ZodType<IstioServerOptions, IstioServerOptions>;

const workloadRef = reference<WorkloadRef>(["workload"], "a workload returned by a builder (ns.workload(...))");
const selector = z.union([
  workloadRef,
  labels("labels").refine((value) => Object.keys(value).length > 0, { params: { expected: "at least one label (a Gateway without a selector picks no gateway workload of its choosing)" } }),
]) as unknown as z.ZodType<IstioGatewayOptions<string>["selector"], IstioGatewayOptions<string>["selector"]>;

/** An Istio Gateway's options: server names follow the DNS-1123 label rule Istio's port names follow. */
export const istioGatewayOptions = strictObject<IstioGatewayOptions<string>>({
  ...draftMetadata,
  selector,
  servers: z.record(name("dns1123Label", "server name"), server).refine((servers) => Object.keys(servers).length > 0, { params: { expected: "at least one server" } }),
});

const fqdn = z.string().refine((value) => /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(value), {
  params: { expected: 'the fully qualified name of the external host, in lower case ("edition.cnn.com"; no wildcard: the egress gateway resolves the host by DNS)' },
});

const egressGateway = strictObject<EgressGatewayOptions>({
  service: serviceRef.optional() as z.ZodOptional<z.ZodType<ServiceRef, ServiceRef>>,
  selector: selector.optional(),
  port: port.optional(),
});

const tlsOrigination = z.union([
  z.literal(true),
  strictObject<EgressTlsOrigination>({
    port: port.optional(),
    mode: z.enum(["SIMPLE", "MUTUAL"]).optional(),
    credentialName: credentialName.optional(),
    sni: z.string().min(1).optional(),
    subjectAltNames,
  }),
]) as unknown as z.ZodType<NonNullable<EgressHttpOptions["tlsOrigination"]>, NonNullable<EgressHttpOptions["tlsOrigination"]>>;

const egressBase = { ...draftMetadata, host: fqdn, port: port.optional(), gateway: egressGateway.optional() } as const;
const egressHttp = strictObject<EgressHttpOptions>({ ...egressBase, protocol: z.literal("HTTP").optional(), tlsOrigination: tlsOrigination.optional() });
const egressTls = strictObject<EgressTlsOptions>({ ...egressBase, protocol: z.literal("TLS"), tlsOrigination: absent('no tlsOrigination with protocol "TLS" (the app sends TLS already, and the gateway passes it through)') });

/** An egress intent's options. */
export const egressOptions = z.union([egressTls, egressHttp]) as unknown as z.ZodType<EgressOptions, EgressOptions>;
