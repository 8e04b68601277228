// `@meshform/dsl/istio/networking.istio.io/v1alpha3` is `@meshform/istio/networking.istio.io/v1alpha3`, so that a config that depends on
// @meshform/dsl alone can import the typed kinds for mesh.resource().
export * from "@meshform/istio/networking.istio.io/v1alpha3";
