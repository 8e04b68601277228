// `@meshform/dsl/gateway-api/experimental/gateway.networking.k8s.io/v1alpha3` is `@meshform/gateway-api/experimental/gateway.networking.k8s.io/v1alpha3`, so that a config that depends on
// @meshform/dsl alone can import the typed kinds for mesh.resource().
export * from "@meshform/gateway-api/experimental/gateway.networking.k8s.io/v1alpha3";
