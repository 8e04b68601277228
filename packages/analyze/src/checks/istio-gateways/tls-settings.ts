/**
 * What the DestinationRule checks of this folder read from client TLS settings, as Istio's
 * analyzer reads them.
 */
import type { IndexedResource } from "../../resource-index.js";
import { isObject, text } from "../../read.js";

/**
 * The TLS mode of client settings that originate TLS without a CA to verify the server with:
 * `SIMPLE` or `MUTUAL` with no `caCertificates`, unless a `credentialName` supplies the CA and the
 * DestinationRule has a `workloadSelector` (a gateway's rule, whose Secret holds `ca.crt`).
 * `undefined` when the settings verify the server, or are not TLS origination.
 */
export function unverifiedMode(tls: unknown, rule: IndexedResource): "SIMPLE" | "MUTUAL" | undefined {
  if (!isObject(tls)) return undefined;
  const mode = text(tls.mode);
  if (mode !== "SIMPLE" && mode !== "MUTUAL") return undefined;
  if ((text(tls.caCertificates) ?? "") !== "") return undefined;
  if ((text(tls.credentialName) ?? "") !== "" && isObject(rule.spec.workloadSelector)) return undefined;
  return mode;
}

/** What the proxy does without `caCertificates`, for messages. */
export const UNVERIFIED_CONSEQUENCE =
  "the proxy then verifies the server against the system's public root CAs only, so a server whose certificate a private CA signed fails the TLS handshake";

/** How to fix it, for hints. */
export const UNVERIFIED_HINT =
  "set caCertificates to the file of the CA bundle that signed the server's certificate (mounted in the proxy); at a gateway, a credentialName whose Secret holds ca.crt, with a workloadSelector on the DestinationRule, does the same";
