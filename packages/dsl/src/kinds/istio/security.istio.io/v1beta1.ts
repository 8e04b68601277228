// `@meshform/dsl/istio/security.istio.io/v1beta1` is `@meshform/istio/security.istio.io/v1beta1`, so that a config that depends on
// @meshform/dsl alone can import the typed kinds for mesh.resource().
export * from "@meshform/istio/security.istio.io/v1beta1";
