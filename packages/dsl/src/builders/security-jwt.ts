import type { OneOf } from "@meshform/kind-runtime";
import type { RequestAuthenticationSpec, RequestAuthenticationSpecJwtRules } from "@meshform/istio/security.istio.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import { resourceRefOf, type GatewayApiGatewayRef, type Patchable, type ResourceRef } from "../refs.js";
import { addAuthorizationPolicy } from "./authorization-policy.js";
import { claim, type Condition } from "./authorization-rules.js";
import { plainCopy, targetFieldsOf, type PolicyTarget, type ReadonlyLists } from "./security.js";

/** The JWT rule fields besides the issuer and the key set (`jwks_uri` is the deprecated spelling of `jwksUri`). */
type JwtRuleFields = ReadonlyLists<Omit<RequestAuthenticationSpecJwtRules, "issuer" | "jwks" | "jwksUri" | "jwks_uri" | "timeout">> & {
  /** How long to wait for the JWKS to be fetched. @defaultValue `"5s"` (Istio's) */
  readonly timeout?: `${number}${"ms" | "s" | "m" | "h"}`;
};

/**
 * One JWT issuer a RequestAuthentication accepts: the issuer, and the key set as a URL
 * (`jwksUri`) or inline (`jwks`), not both.
 */
export type JwtRuleOptions = JwtRuleFields &
  OneOf<Pick<RequestAuthenticationSpecJwtRules, "jwks" | "jwksUri">> & {
    /** The `iss` claim of the tokens, e.g. `"https://accounts.google.com"`. */
    readonly issuer: string;
  };

/** The options of a RequestAuthentication. */
export interface RequestAuthenticationOptions<Rules extends readonly JwtRuleOptions[] = readonly JwtRuleOptions[]> extends DraftMetadata {
  /**
   * What validates the tokens: a Gateway or waypoint, a Service, or workloads.
   * @defaultValue the whole namespace (every namespace, in the root namespace)
   */
  readonly target?: PolicyTarget;
  /** The issuers whose tokens are validated. */
  readonly jwt: Rules;
}

/**
 * A JWT issuer validated by a RequestAuthentication of the config: what an AuthorizationPolicy's
 * `requestPrincipals` refer to (see {@link requestPrincipal}). For `mesh.patch`, it stands for
 * that RequestAuthentication.
 */
export interface JwtIssuerRef<Issuer extends string = string> extends Patchable {
  readonly refType: "jwtIssuer";
  /** The `iss` claim. */
  readonly issuer: Issuer;
  /** The namespace of the RequestAuthentication. */
  readonly namespace: string;
  /** The name of the RequestAuthentication. */
  readonly requestAuthentication: string;
  /** What the RequestAuthentication applies to; `undefined` for the whole namespace. */
  readonly target: PolicyTarget | undefined;
}

/** One {@link JwtIssuerRef} per rule of `jwt`, in order. */
export type JwtIssuerRefs<Rules extends readonly JwtRuleOptions[]> = {
  readonly [K in keyof Rules]: Rules[K] extends { readonly issuer: infer Issuer extends string } ? JwtIssuerRef<Issuer> : never;
};

/**
 * The request principal (`<iss>/<sub>`) of tokens from a validated issuer, for
 * `from: [{ requestPrincipals: [...] }]`.
 *
 * @example
 * ```ts
 * const [google] = gateways.requestAuthentication("google", { target: gw, jwt: [{ issuer: "https://accounts.google.com" }] });
 * requestPrincipal(google)           // "https://accounts.google.com/*"
 * requestPrincipal(google, "alice")  // "https://accounts.google.com/alice"
 * ```
 */
export function requestPrincipal<Issuer extends string, Subject extends string = "*">(issuer: JwtIssuerRef<Issuer>, subject?: Subject): `${Issuer}/${Subject}` {
  return `${issuer.issuer}/${subject ?? "*"}` as `${Issuer}/${Subject}`;
}

/** A RequestAuthentication; returns a reference per issuer. */
export function addRequestAuthentication<const Rules extends readonly [JwtRuleOptions, ...JwtRuleOptions[]]>(
  ctx: BuilderContext,
  namespace: string,
  name: string,
  options: RequestAuthenticationOptions<Rules>,
  method = "requestAuthentication",
): JwtIssuerRefs<Rules> {
  const spec: RequestAuthenticationSpec = {
    ...targetFieldsOf(options.target, namespace),
    jwtRules: plainCopy<RequestAuthenticationSpecJwtRules[]>(options.jwt),
  };
  const { draftKey } = resourceRefOf(addDraft(ctx, { group: "security.istio.io", kind: "RequestAuthentication", name, namespace, spec, metadata: options, method }));
  const refs = options.jwt.map((rule): JwtIssuerRef => ({ refType: "jwtIssuer", issuer: rule.issuer, namespace, requestAuthentication: name, target: options.target, draftKey }));
  return refs as unknown as JwtIssuerRefs<Rules>;
}

/** The options of {@link addRequireJwt}: one issuer, its key set, and the claims a request must carry. */
export type RequireJwtOptions<Issuer extends string = string> = JwtRuleFields &
  DraftMetadata & {
    /** The `iss` claim of the tokens. */
    readonly issuer: Issuer;
    /** The URL of the issuer's key set. */
    readonly jwksUri: string;
    /**
     * Claims the token must carry, with the accepted values: `{ groups: ["admin", "ops"] }`.
     * @defaultValue any valid token of the issuer
     */
    readonly claims?: Readonly<Record<string, string | readonly [string, ...string[]]>>;
    /**
     * The name of both the RequestAuthentication and the AuthorizationPolicy.
     * @defaultValue `<gateway name>-jwt`
     */
    readonly name?: string;
  };

/**
 * What {@link addRequireJwt} returns: the issuer's reference (for `mesh.patch`, the
 * RequestAuthentication) and the AuthorizationPolicy that requires its tokens.
 */
export type RequiredJwtRef<Issuer extends string = string> = JwtIssuerRef<Issuer> & {
  /** The ALLOW AuthorizationPolicy on the issuer's request principals, for `mesh.patch`. */
  readonly authorizationPolicy: ResourceRef<"AuthorizationPolicy">;
};

function claimConditions(claims: RequireJwtOptions["claims"]): Condition[] {
  return Object.entries(claims ?? {}).map(([name, values]) => {
    const [first, ...more] = typeof values === "string" ? [values] : values;
    return claim(name).equals(first!, ...more);
  });
}

/**
 * Requires a valid JWT of `issuer` on every request through `gateway`: a RequestAuthentication
 * that validates the tokens, and an ALLOW AuthorizationPolicy that admits only requests with a
 * request principal of that issuer (and the claims asked for). A policy on `request.auth.*`
 * without a RequestAuthentication never matches, and a RequestAuthentication alone lets requests
 * without a token through: the pair is what "require" means.
 */
export function addRequireJwt<const Issuer extends string>(ctx: BuilderContext, namespace: string, gateway: GatewayApiGatewayRef, options: RequireJwtOptions<Issuer>): RequiredJwtRef<Issuer> {
  const { claims, name = `${gateway.name}-jwt`, labels, annotations, ...rule } = options;
  const metadata = { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
  const [issuer] = addRequestAuthentication(ctx, namespace, name, { target: gateway, jwt: [rule as JwtRuleOptions & { readonly issuer: Issuer }], ...metadata }, "requireJwt");
  const when = claimConditions(claims);
  const authorizationPolicy = addAuthorizationPolicy(
    ctx,
    namespace,
    name,
    { target: gateway, action: "ALLOW", rules: [{ from: [{ requestPrincipals: [requestPrincipal(issuer)] }], ...(when.length > 0 ? { when } : {}) }], ...metadata },
    "requireJwt",
  );
  return { ...issuer, authorizationPolicy };
}
