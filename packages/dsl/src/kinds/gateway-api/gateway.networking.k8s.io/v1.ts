// `@meshform/dsl/gateway-api/gateway.networking.k8s.io/v1` is `@meshform/gateway-api/gateway.networking.k8s.io/v1`, so that a config that depends on
// @meshform/dsl alone can import the typed kinds for mesh.resource().
export * from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
