// `@meshform/dsl/k8s/meta/v1` is `@meshform/k8s/meta/v1`, so that a config that depends on
// @meshform/dsl alone can import the typed kinds for mesh.resource().
export * from "@meshform/k8s/meta/v1";
