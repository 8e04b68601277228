/**
 * Server-side TLS settings as the webhook checks them on Gateway servers and Sidecar ingress
 * listeners: what each mode needs, what it forbids, one certificate source, cipher suites.
 */
import type { GatewaySpecServersTls } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, reject, warn } from "./finding.js";
import { formatList } from "./go-format.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

const cipherSuites = new Set([
  "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
  "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA", "AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA",
]);

function isValidCipherSuite(suite: string): boolean {
  return suite === "" || suite === "ALL" || !/^[\p{L}\p{N}]/u.test(suite) || cipherSuites.has(suite);
}

function checkCipherSuites(tls: GatewaySpecServersTls, path: FieldPath, out: Findings): void {
  const suites = tls.cipherSuites ?? [];
  if ((tls.minProtocolVersion === "TLSV1_0" || tls.minProtocolVersion === "TLSV1_1") && suites.length === 0) {
    warn(out, path, "TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.");
  }
  const [invalid, valid, duplicate] = [new Set<string>(), new Set<string>(), new Set<string>()];
  for (const suite of suites) {
    if (!isValidCipherSuite(suite)) invalid.add(suite);
    else if (valid.has(suite)) duplicate.add(suite);
    else valid.add(suite);
  }
  if (invalid.size > 0) warn(out, [...path, "cipherSuites"], `ignoring invalid cipher suites: ${formatList([...invalid].sort())}`);
  if (duplicate.size > 0) warn(out, [...path, "cipherSuites"], `ignoring duplicate cipher suites: ${formatList([...duplicate].sort())}`);
}

/** From 1.27 `tlsCertificates` and `credentialNames` (in the API since 1.26) count as certificates. */
function checkIstioMutual(tls: GatewaySpecServersTls, path: FieldPath, out: Findings, minor: number): void {
  const newer = atLeast(minor, 27);
  const forbidden: [boolean, string, string][] = [
    [(tls.serverCertificate ?? "") !== "", "serverCertificate", "server certificate"],
    [(tls.privateKey ?? "") !== "", "privateKey", "private key"],
    [(tls.caCertificates ?? "") !== "", "caCertificates", "CA bundle"],
    [newer && (tls.tlsCertificates ?? []).length > 0, "tlsCertificates", "tlsCertificates"],
    [(tls.credentialName ?? "") !== "", "credentialName", "credentialName"],
    [newer && (tls.credentialNames ?? []).length > 0, "credentialNames", "credentialNames"],
  ];
  for (const [set, field, what] of forbidden) {
    if (set) reject(out, [...path, field], `ISTIO_MUTUAL TLS cannot have associated ${what} (Istio provides the workload certificate)`);
  }
}

function checkCertificates(tls: GatewaySpecServersTls, mode: string, path: FieldPath, out: Findings, minor: number): void {
  const prefix = mode === "SIMPLE" ? "SIMPLE TLS" : "MUTUAL TLS";
  if (!atLeast(minor, 27)) {
    // Before 1.27: the one certificate and key, then the CA bundle.
    if ((tls.serverCertificate ?? "") === "") reject(out, path, `${prefix} requires a server certificate (or set credentialName)`);
    if ((tls.privateKey ?? "") === "") reject(out, path, `${prefix} requires a private key (or set credentialName)`);
    if (mode !== "SIMPLE" && (tls.caCertificates ?? "") === "") reject(out, [...path, "caCertificates"], `${prefix} requires a client CA bundle (or set credentialName)`);
    return;
  }
  if (mode !== "SIMPLE" && (tls.caCertificates ?? "") === "") {
    reject(out, [...path, "caCertificates"], `${prefix} requires a client CA bundle (or set credentialName)`);
  }
  const certificates = tls.tlsCertificates ?? [];
  if (certificates.length > 2) warn(out, [...path, "tlsCertificates"], `${prefix} can support up to 2 server certificates`);
  const toVerify = certificates.length > 0 ? certificates : [{ serverCertificate: tls.serverCertificate, privateKey: tls.privateKey }];
  for (const certificate of toVerify) {
    if ((certificate.serverCertificate ?? "") === "") reject(out, path, `${prefix} requires a server certificate (or set credentialName)`);
    if ((certificate.privateKey ?? "") === "") reject(out, path, `${prefix} requires a private key (or set credentialName)`);
  }
}

/** Checks server TLS settings as Istio 1.`minor` does; the mode defaults to PASSTHROUGH as in Istio's API. */
export function checkServerTls(tls: GatewaySpecServersTls | undefined, path: FieldPath, out: Findings, minor = NEWEST_MINOR): void {
  if (tls === undefined) return;
  checkCipherSuites(tls, path, out);
  const mode = tls.mode ?? "PASSTHROUGH";
  if (mode === "ISTIO_MUTUAL") return checkIstioMutual(tls, path, out, minor);
  const newer = atLeast(minor, 27);
  const credentials = (tls.credentialName ?? "") !== "" || (newer && (tls.credentialNames ?? []).length > 0);
  const certificateSet = (tls.serverCertificate ?? "") !== "" || (tls.privateKey ?? "") !== "" || (tls.caCertificates ?? "") !== "";
  const anyCertificate = credentials || certificateSet || (tls.caCrl ?? "") !== "" || (newer && (tls.tlsCertificates ?? []).length > 0);
  if ((mode === "PASSTHROUGH" || mode === "AUTO_PASSTHROUGH") && anyCertificate) {
    warn(out, path, `${mode} mode does not use certificates, they will be ignored`);
  }
  const sources = [
    (tls.serverCertificate ?? "") !== "" && (tls.privateKey ?? "") !== "", (tls.credentialName ?? "") !== "",
    (tls.credentialNames ?? []).length > 0, (tls.tlsCertificates ?? []).length > 0,
  ];
  // From 1.27 (with credentialNames and tlsCertificates), one certificate source only.
  if (newer && sources.filter(Boolean).length > 1) {
    reject(out, path, "only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified");
  }
  const terminating = mode === "SIMPLE" || mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL";
  if (terminating && credentials) return;
  if (terminating) checkCertificates(tls, mode, path, out, minor);
  if ((tls.caCrl ?? "") !== "") {
    if ((tls.credentialName ?? "") !== "") reject(out, [...path, "caCrl"], "CRL is not supported with credentialName. CRL has to be specified in the credential");
    if (mode === "SIMPLE") reject(out, [...path, "caCrl"], "CRL is not supported with SIMPLE TLS");
  }
}

/** Istio's `ValidateUnixAddress`: an absolute file path, or an abstract socket name (`@...`). */
export function validateUnixAddress(address: string): string | undefined {
  if (address === "") return "unix address must not be empty";
  if (address.startsWith("@")) return undefined;
  return address.startsWith("/") && !address.endsWith("/") ? undefined : `${address} is not an absolute path to a file`;
}
