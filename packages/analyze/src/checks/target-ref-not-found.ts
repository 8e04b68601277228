import { GROUP } from "../resource-index.js";
import { describeRef, isGatewayRef, policiesOf, targetRefsOf } from "../refs.js";
import type { Check } from "../types.js";

/** TARGET_REF_NOT_FOUND: a policy's or Telemetry's targetRef names a Gateway or ServiceEntry that does not exist. */
export const targetRefNotFound: Check = {
  code: "TARGET_REF_NOT_FOUND",
  severity: "error",
  title: "Policy targetRef not found",
  check: (index) =>
    policiesOf(index).flatMap((policy) =>
      targetRefsOf(policy).flatMap((ref) => {
        const entry = ref.group === GROUP.networking && ref.kind === "ServiceEntry";
        if (!isGatewayRef(ref) && !entry) return [];
        const found = entry ? index.find(GROUP.networking, "ServiceEntry", ref.namespace, ref.name) : index.gateway(ref.namespace, ref.name);
        if (found !== undefined || (!entry && index.isExternalGateway(ref.namespace, ref.name))) return [];
        return [
          {
            resource: policy,
            path: ref.path,
            message: `${policy.kind} targets ${describeRef(ref)}, which is not in the set: the ${policy.kind} applies nowhere`,
            hint: entry ? "fix the name; a targetRef names a resource of the policy's own namespace" : `fix the name, or declare the Gateway with --external Gateway/${ref.namespace}/${ref.name} if it lives elsewhere`,
          },
        ];
      }),
    ),
};
