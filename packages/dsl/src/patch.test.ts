import { describe, expect, test } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { sidecar } from "@meshform/istio/networking.istio.io/v1";
import { compile } from "./compile.js";
import { defineMesh, type MeshBuilder } from "./mesh.js";
import type { Operation } from "./json-patch.js";
import type { Patchable } from "./refs.js";
import { markedLines } from "./testing.js";

const { file: FILE, source: SOURCE, lineOf } = markedLines(import.meta.url);

/** `file:line:column` of the call of `method` on the line of this file that ends with `// marker`. */
function at(marker: string, method: string): string {
  const line = lineOf(marker);
  return `${FILE}:${line}:${SOURCE[line - 1]!.lastIndexOf(`.${method}(`) + 2}`;
}

describe("patching a builder's resource through the value it returned", () => {
  test("a gateway listener and a route, patched through their refs", () => {
    const { resources, issues } = compile(
      defineMesh({}, (mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const web = app.service("web", { ports: [8080] });
        const gateway = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } });
        const route = app.httpRoute("web").attachTo(gateway, { sectionName: "http" }).rule((r) => r.to(web));
        mesh.patch(gateway, [{ op: "add", path: "/spec/listeners/0/hostname", value: "*.shop.example.com" }]);
        mesh.patch(route, [{ op: "add", path: "/spec/rules/0/name", value: "storefront" }]);
      }).model,
    );
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "edge", namespace: "istio-system" },
        spec: { gatewayClassName: "istio", listeners: [{ name: "http", port: 80, protocol: "HTTP", hostname: "*.shop.example.com", allowedRoutes: { namespaces: { from: "All" } } }] },
      },
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "web", namespace: "shop" },
        spec: {
          parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge", namespace: "istio-system", sectionName: "http" }],
          rules: [{ name: "storefront", backendRefs: [{ name: "web", port: 8080 }] }],
        },
      },
    ]);
  });

  test("a field a patch makes unknown is reported at the patch's line", () => {
    const { issues } = compile(
      defineMesh({}, (mesh) => {
        const gateway = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
        mesh.patch(gateway, [{ op: "add", path: "/spec/listeners/0/maxConnections", value: 100 }]); // bad-field
      }).model,
    );
    expect(issues.map(formatIssue)).toEqual([
      `${at("bad-field", "patch")} gateway.networking.k8s.io/v1/Gateway istio-system/edge spec.listeners[0].maxConnections: unknown field (check the spelling against the kind's type; set by a JSON patch)`,
    ]);
  });

  test("every builder's resource can be patched: each ref names its resource", () => {
    const label = [{ op: "add", path: "/metadata/labels", value: { patched: "yes" } }] as const;
    const { resources, issues } = compile(
      defineMesh({}, (mesh) => {
        const app = mesh.namespace("shop", { dataplane: "ambient" });
        const api = app.service("api", { ports: [8080] });
        const gateway = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } });
        const external = mesh.root.externalService("payments", { hosts: ["pay.example.com"], ports: [{ number: 443, protocol: "TLS" }] });
        external.circuitBreaker({ maxConnections: 10, consecutiveGatewayErrors: 2, interval: "1s", baseEjectionTime: "1m" });
        const google = mesh.root.requireJwt(gateway, { issuer: "https://accounts.google.com", jwksUri: "https://www.googleapis.com/oauth2/v3/certs" });
        const refs: Patchable[] = [
          app,
          gateway,
          app.waypoint(),
          app.httpRoute("api").attachTo(api).rule((r) => r.to(api)),
          app.grpcRoute("grpc").attachTo(api).rule((r) => r.to(api)),
          mesh.namespace("backends", { managed: false }).referenceGrant("from-shop", { from: [app.httpRoute("cross").rule((r) => r.to(api))], to: [mesh.namespace("backends").service("db", { ports: [5432] })] }),
          external,
          external.destinationRules[0],
          app.destinationRule("api", { host: api }).loadBalancing("LEAST_REQUEST"),
          mesh.mtls("STRICT"),
          app.mtls("STRICT"),
          app.peerAuthentication("api-strict", { selector: { app: "api" }, mode: "STRICT" }),
          app.requestAuthentication("sso", { jwt: [{ issuer: "https://sso.example.com", jwksUri: "https://sso.example.com/jwks" }] })[0],
          google,
          google.authorizationPolicy,
          app.authorizationPolicy("deny-all", { action: "DENY", rules: [{}] }),
          app.telemetry("logs", { accessLogging: [{ providers: ["envoy"] }] }),
          mesh.telemetry("mesh-default", { tracing: [{ randomSamplingPercentage: 1 }] }),
          mesh.resource(sidecar({ metadata: { name: "default", namespace: "shop" }, spec: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } })),
        ];
        for (const ref of refs) mesh.patch(ref, label);
      }).model,
    );
    expect(issues).toEqual([]);
    const patched = resources.filter((r) => (r.metadata.labels as Record<string, string> | undefined)?.patched === "yes").map((r) => `${r.kind} ${r.metadata.namespace ?? "-"}/${r.metadata.name}`);
    expect(patched.sort()).toEqual(
      [
        "AuthorizationPolicy istio-system/edge-jwt",
        "AuthorizationPolicy shop/deny-all",
        "DestinationRule istio-system/payments",
        "DestinationRule shop/api",
        "GRPCRoute shop/grpc",
        "Gateway istio-system/edge",
        "Gateway shop/waypoint",
        "HTTPRoute shop/api",
        "Namespace -/shop",
        "PeerAuthentication istio-system/default",
        "PeerAuthentication shop/api-strict",
        "PeerAuthentication shop/default",
        "ReferenceGrant backends/from-shop",
        "RequestAuthentication istio-system/edge-jwt",
        "RequestAuthentication shop/sso",
        "ServiceEntry istio-system/payments",
        "Sidecar shop/default",
        "Telemetry istio-system/mesh-default",
        "Telemetry shop/logs",
      ].sort(),
    );
  });

  test("an external service's DestinationRule is patchable once a policy writes it", () => {
    const declare = (withPolicy: boolean) => (mesh: MeshBuilder) => {
      const api = mesh.root.externalService("api", { hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }] });
      if (withPolicy) api.tlsOrigination();
      mesh.patch(api.destinationRules[0], [{ op: "add", path: "/spec/trafficPolicy/tls/subjectAltNames", value: ["api.example.com"] }]);
    };
    expect(compile(defineMesh({}, declare(true)).model).resources.find((r) => r.kind === "DestinationRule")?.spec).toEqual({
      host: "api.example.com",
      trafficPolicy: { tls: { mode: "SIMPLE", sni: "api.example.com", subjectAltNames: ["api.example.com"] } },
    });
    expect(compile(defineMesh({}, declare(false)).model).issues.map((i) => `${i.code}: ${i.message}`)).toEqual([
      "PATCH_TARGET_MISSING: the JSON patch targets DestinationRule istio-system/api, which the config does not declare",
    ]);
  });
});

describe("a JSON patch that does not apply is reported at its line, and the resource stays as it was", () => {
  /** Compiles a gateway patched with `operations` (cast: a config in JavaScript, or with a cast, passes anything). */
  function patched(operations: unknown) {
    return compile(
      defineMesh({}, (mesh) => {
        const gateway = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
        mesh.patch(gateway, [{ op: "add", path: "/metadata/labels", value: { team: "edge" } }]);
        mesh.patch(gateway, operations as Operation[]); // bad-patch
      }).model,
    );
  }
  const GATEWAY = `${at("bad-patch", "patch")} gateway.networking.k8s.io/v1/Gateway istio-system/edge`;
  const unpatched = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "edge", namespace: "istio-system", labels: { team: "edge" } },
    spec: { gatewayClassName: "istio", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
  };

  test.each([
    [[{ op: "replace", path: "/metadata/name", value: null }], 'operation 1 (replace "/metadata/name") sets metadata.name to null, but a patch cannot change what identifies the resource (it stays "edge") (name the resource, and its namespace, in its builder)'],
    [[{ op: "replace", path: "/metadata/name", value: { first: "edge" } }], 'operation 1 (replace "/metadata/name") sets metadata.name to an object, but a patch cannot change what identifies the resource (it stays "edge") (name the resource, and its namespace, in its builder)'],
    [[{ op: "replace", path: "/metadata/name", value: "other" }], 'operation 1 (replace "/metadata/name") sets metadata.name to "other", but a patch cannot change what identifies the resource (it stays "edge") (name the resource, and its namespace, in its builder)'],
    [[{ op: "replace", path: "/metadata/namespace", value: 7 }], 'operation 1 (replace "/metadata/namespace") sets metadata.namespace to 7, but a patch cannot change what identifies the resource (it stays "istio-system") (name the resource, and its namespace, in its builder)'],
    [[{ op: "remove", path: "/metadata" }], 'operation 1 (remove "/metadata") removes metadata (metadata holds the resource\'s name: patch the fields inside it (e.g. /metadata/labels) instead)'],
    [[{ op: "replace", path: "", value: null }], 'operation 1 (replace "") replaces the whole resource with null (a patch edits fields of the resource: use paths such as "/spec/..." or "/metadata/labels")'],
    [[{ op: "replace", path: "", value: [] }], 'operation 1 (replace "") replaces the whole resource with a list (a patch edits fields of the resource: use paths such as "/spec/..." or "/metadata/labels")'],
    [[{ op: "replace", path: "", value: {} }], 'operation 1 (replace "") removes metadata (metadata holds the resource\'s name: patch the fields inside it (e.g. /metadata/labels) instead)'],
    [[{ op: "remove", path: "/kind" }], 'operation 1 (remove "/kind") removes kind, but a patch cannot change what identifies the resource (it stays "Gateway") (declare a resource of another kind with mesh.resource(...))'],
    [[{ op: "remove", path: "/apiVersion" }], 'operation 1 (remove "/apiVersion") removes apiVersion, but a patch cannot change what identifies the resource (it stays "gateway.networking.k8s.io/v1") (declare a resource of another kind with mesh.resource(...))'],
    [[{ op: "add", path: "/spec/hostnames", value: [] }, { op: "move", from: "/metadata", path: "/spec/hostnames/0" }], 'operation 2 (move "/spec/hostnames/0") removes metadata (metadata holds the resource\'s name: patch the fields inside it (e.g. /metadata/labels) instead)'],
    [[{ op: "test", path: "/spec/addresses", value: [] }], 'operation 1 (test "/spec/addresses") tests for a value the resource does not have there (a test operation stops the patch when the field differs; check the expected value against the generated YAML)'],
    [[{ op: "add", path: "/spec/gatewayClassName/x", value: 1 }], 'operation 1 (add "/spec/gatewayClassName/x") names a path that does not exist, or that goes through a value that is neither an object nor a list (check the path against the generated YAML; add creates only the last field of its path)'],
    [[{ op: "remove", path: "/metadata/name/-" }], 'operation 1 (remove "/metadata/name/-") names a path that does not exist, or that goes through a value that is neither an object nor a list (check the path against the generated YAML; add creates only the last field of its path)'],
    [[{ op: "add", path: "/spec/listeners/5", value: {} }], 'operation 1 (add "/spec/listeners/5") uses a list index past the end of the list (append with "-" as the last segment of the path)'],
    [[{ op: "move", from: "/spec", path: "/spec/listeners" }], 'operation 1 (move "/spec/listeners") moves "/spec" into itself (move a field to a path outside it, or copy it)'],
    [[{ op: "add", path: "/spec/addresses", value: [{ value: () => "10.0.0.1" }] }], 'operation 1 (add "/spec/addresses") has a value that holds a function at 0.value, which YAML cannot write (use plain data: strings, numbers, booleans, null, arrays and objects)'],
    [[{ op: "add", path: "/metadata/annotations", value: { at: new Date(0) } }], 'operation 1 (add "/metadata/annotations") has a value that holds a Date instance at at, which YAML cannot write (use plain data: strings, numbers, booleans, null, arrays and objects)'],
    [[{ op: "add", path: "/spec" }], 'operation 1 (add "/spec") has no value (add needs a value (null is a value))'],
    [[{ op: "upsert", path: "/spec" }], 'operation 1 (upsert "/spec") has op "upsert" (op is one of add, remove, replace, move, copy, test)'],
    [[{ op: "remove", path: "spec" }], 'operation 1 (remove "spec") has path "spec", which is not a JSON pointer (a pointer names a field from the resource\'s root, e.g. "/spec/hosts/0" ("~1" stands for "/" in a key))'],
    [[null], "operation 1 is null, not an operation (write each operation as { op, path, ... }, e.g. { op: \"remove\", path: \"/spec/tls\" })"],
    [{ op: "remove", path: "/spec" }, 'the operations are an object, not a list (pass a list of RFC 6902 operations, e.g. [{ op: "add", path: "/metadata/labels", value: { team: "shop" } }])'],
    [[{ op: "add", path: "/__proto__/polluted", value: 1 }], 'operation 1 (add "/__proto__/polluted") writes to __proto__ or constructor/prototype (a patch edits a resource\'s own fields)'],
  ])("%j", (operations, message) => {
    const { resources, issues } = patched(operations);
    expect(issues.map(formatIssue)).toEqual([`${GATEWAY} the JSON patch does not apply: ${message}`]);
    expect(resources).toEqual([unpatched]);
  });

  test("a bigint is refused", () => {
    expect(patched([{ op: "add", path: "/metadata/labels/x", value: 1n }]).issues.map((i) => i.message)).toEqual([
      'the JSON patch does not apply: operation 1 (add "/metadata/labels/x") has a value that holds a bigint, which YAML cannot write',
    ]);
  });

  test("a cycle in a value is refused, not followed", () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    expect(patched([{ op: "add", path: "/metadata/annotations", value }]).issues.map((i) => i.message)).toEqual([
      'the JSON patch does not apply: operation 1 (add "/metadata/annotations") has a value that holds itself (a cycle) at self, which YAML cannot write',
    ]);
  });

  test("a field a patch may change, with a test that holds, applies", () => {
    const { resources, issues } = patched([
      { op: "test", path: "/metadata/name", value: "edge" },
      { op: "add", path: "/spec/listeners/-", value: { name: "https", port: 443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "edge-cert" }] } } },
      { op: "replace", path: "/metadata/name", value: "edge" },
    ]);
    expect(issues).toEqual([]);
    expect((resources[0]!.spec as { listeners: { name: string }[] }).listeners.map((l) => l.name)).toEqual(["http", "https"]);
  });
});

/** What `mesh.patch` refuses; tsc checks this function, nothing calls it. */
export function typeMistakes(mesh: MeshBuilder): void {
  const app = mesh.namespace("shop");
  // @ts-expect-error -- a Service outside the config is not a resource of the config
  mesh.patch(app.service("api"), []);
  // @ts-expect-error -- a workload selector is not a resource
  mesh.patch(app.workload({ app: "api" }), []);
  // @ts-expect-error -- a resource is a ref a builder returned, not its name
  mesh.patch("shop/api", []);
}

test("the type-level mistakes are checked by tsc", () => {
  expect(typeMistakes).toBeTypeOf("function");
});
