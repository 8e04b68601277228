// `@meshform/dsl/gateway-api/experimental` is `@meshform/gateway-api/experimental`, so that a config that depends on
// @meshform/dsl alone can import the typed kinds for mesh.resource().
export * from "@meshform/gateway-api/experimental";
