// CONTRACT SKELETON: the schemas of the Istio Gateway and egress builders' options.
import { z } from "zod";
import type { EgressOptions } from "../builders/egress.js";
import type { IstioGatewayOptions } from "../builders/istio-gateway.js";

/** An Istio Gateway's options. */
export const istioGatewayOptions = z.custom<IstioGatewayOptions<string>>(() => true);
/** An egress intent's options. */
export const egressOptions = z.custom<EgressOptions>(() => true);
