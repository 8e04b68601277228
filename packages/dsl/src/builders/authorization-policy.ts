import type { AuthorizationPolicySpec, AuthorizationPolicySpecFields } from "@meshform/istio/security.istio.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import { resourceRefOf, type ResourceRef } from "../refs.js";
import { rulesOf, type AuthorizationRule } from "./authorization-rules.js";
import { targetFieldsOf, type PolicyTarget } from "./security.js";

/** What an AuthorizationPolicy does with the requests its rules match. */
export type AuthorizationAction = NonNullable<AuthorizationPolicySpecFields["action"]>;

interface AuthorizationPolicyBase extends DraftMetadata {
  /**
   * What the policy applies to: a Gateway or waypoint, a Service, or workloads.
   * @defaultValue the whole namespace (every namespace, in the root namespace)
   */
  readonly target?: PolicyTarget;
  /**
   * The rules; a request matching any of them is acted on. An `ALLOW` policy without rules
   * allows nothing, a `DENY` policy without rules denies nothing.
   * @defaultValue no rules
   */
  readonly rules?: readonly AuthorizationRule[];
}

/**
 * The options of an AuthorizationPolicy: `CUSTOM` delegates to an extension provider of the mesh
 * config and so needs its name; the other actions take none.
 */
export type AuthorizationPolicyOptions = AuthorizationPolicyBase &
  (
    | { readonly action: Exclude<AuthorizationAction, "CUSTOM">; readonly provider?: never }
    | {
        readonly action: "CUSTOM";
        /** The name of an extension provider in the mesh config (`meshConfig.extensionProviders`). */
        readonly provider: string;
      }
  );

/** An AuthorizationPolicy for a gateway, a service, workloads or the namespace. */
export function addAuthorizationPolicy(ctx: BuilderContext, namespace: string, name: string, options: AuthorizationPolicyOptions, method = "authorizationPolicy"): ResourceRef<"AuthorizationPolicy"> {
  const spec: AuthorizationPolicySpec = {
    ...targetFieldsOf(options.target, namespace),
    action: options.action,
    ...(options.provider !== undefined ? { provider: { name: options.provider } } : {}),
    ...(options.rules !== undefined ? { rules: rulesOf(options.rules) } : {}),
  };
  return resourceRefOf(addDraft(ctx, { group: "security.istio.io", kind: "AuthorizationPolicy", name, namespace, spec, metadata: options, method }));
}
