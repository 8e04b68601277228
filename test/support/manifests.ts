/**
 * An HTTPRoute in `namespace` that breaks two CEL rules of its CRD: a path match that is not
 * absolute (decided on the direct path), and a backend timeout longer than the request's, which
 * needs the CEL evaluator (durations). Its errors are at lines 9 and 10 of the document.
 */
export function celInvalidRoute(namespace: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: ${namespace}
spec:
  rules:
  - matches:
    - path: {type: PathPrefix, value: "foo"}
    timeouts: {request: "1s", backendRequest: "2s"}
    backendRefs:
    - name: web
      port: 80
`;
}
