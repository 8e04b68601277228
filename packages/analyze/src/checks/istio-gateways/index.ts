import type { Check } from "../../types.js";
import { destinationRuleCaCertificatesMissing } from "./destination-rule-ca-certificates-missing.js";
import { destinationRulePortCaCertificatesMissing } from "./destination-rule-port-ca-certificates-missing.js";
import { externalNamePortNameInvalid } from "./external-name-port-name-invalid.js";
import { gatewayDuplicateCertificate } from "./gateway-duplicate-certificate.js";
import { gatewayServerConflict } from "./gateway-server-conflict.js";
import { selectorIneffectiveOnGateway } from "./selector-ineffective-on-gateway.js";
import { serviceEntryAddressesRequired } from "./service-entry-addresses-required.js";

/** The checks of this folder, in the order their findings are reported for one resource. */
export const ISTIO_GATEWAYS_CHECKS: readonly Check[] = [
  gatewayServerConflict,
  gatewayDuplicateCertificate,
  destinationRuleCaCertificatesMissing,
  destinationRulePortCaCertificatesMissing,
  serviceEntryAddressesRequired,
  externalNamePortNameInvalid,
  selectorIneffectiveOnGateway,
];
