// `@meshform/dsl/istio/extensions.istio.io/v1alpha1` is `@meshform/istio/extensions.istio.io/v1alpha1`, so that a config that depends on
// @meshform/dsl alone can import the typed kinds for mesh.resource().
export * from "@meshform/istio/extensions.istio.io/v1alpha1";
