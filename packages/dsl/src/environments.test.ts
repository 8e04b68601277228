import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, expectTypeOf, test } from "vitest";
import { compile, type CompileResult } from "./compile.js";
import { defineMesh, type MeshBuilder, type MeshDefinition } from "./mesh.js";
import type { ClusterTarget, Environment, MeshEnvironment } from "./environments.js";
import { markedLines } from "./testing.js";

const { file: FILE, lineOf } = markedLines(import.meta.url);

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const ENVIRONMENTS = {
  dev: {},
  staging: { targets: { gatewayApi: { channel: "experimental" } } },
  prod: { targets: { istio: "1.24.6" }, clusters: { east: { server: "https://east:6443" }, west: { name: "prod-west" } } },
} as const;

/** `Kind namespace/name` of each resource. */
function names(result: CompileResult): string[] {
  return result.resources.map((r) => `${r.kind} ${r.metadata.namespace ? `${r.metadata.namespace}/` : ""}${r.metadata.name}`);
}

/** The environment named `name` of a definition. */
function environment(definition: MeshDefinition, name: string): MeshEnvironment {
  const found = definition.environments?.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no environment ${name}`);
  return found;
}

/** The clusters of each placed resource, as `Kind name: a,b`. */
function placement(result: CompileResult): string[] {
  return result.resources.filter((r) => result.placement.has(r)).map((r) => `${r.kind} ${r.metadata.name}: ${result.placement.get(r)!.join(",")}`);
}

describe("environments", () => {
  test("the callback runs once per environment, in the config's order, each with a fresh builder and model", async () => {
    const runs: { env: Environment; mesh: MeshBuilder<string> }[] = [];
    const definition = defineMesh({ targets: { istio: "1.30.3", gatewayApi: { release: "v1.6.1" } }, environments: ENVIRONMENTS }, (mesh, env) => {
      runs.push({ env, mesh });
      const shop = mesh.namespace("shop");
      shop.httpRoute("web", { hostnames: [env.name === "prod" ? "shop.example.com" : `shop.${env.name}.example.com`] });
      if (env.name === "prod") mesh.namespace("payments");
    });
    await definition.ready;
    expect(runs.map((run) => run.env.name)).toEqual(["dev", "staging", "prod"]);
    expect(new Set(runs.map((run) => run.mesh)).size).toBe(3);
    expect(definition.environments?.map((e) => e.name)).toEqual(["dev", "staging", "prod"]);
    expect(new Set(definition.environments?.map((e) => e.model)).size).toBe(3);
    expect(definition.model).toBe(environment(definition, "dev").model);

    const dev = compile(environment(definition, "dev").model);
    const prod = compile(environment(definition, "prod").model);
    expect(names(dev)).toEqual(["Namespace shop", "HTTPRoute shop/web"]);
    expect(names(prod)).toEqual(["Namespace payments", "Namespace shop", "HTTPRoute shop/web"]);
    expect(dev.resources.find((r) => r.kind === "HTTPRoute")?.spec).toEqual({ hostnames: ["shop.dev.example.com"] });
    expect(prod.resources.find((r) => r.kind === "HTTPRoute")?.spec).toEqual({ hostnames: ["shop.example.com"] });
    expect([...dev.issues, ...prod.issues]).toEqual([]);
  });

  test("an environment's targets are merged over the mesh's, and the callback sees them", async () => {
    const seen: Record<string, unknown> = {};
    const definition = defineMesh({ targets: { istio: "1.30.3", gatewayApi: { release: "v1.2.1" } }, environments: ENVIRONMENTS }, (_mesh, env) => {
      seen[env.name] = env.targets;
    });
    await definition.ready;
    expect(seen).toEqual({
      dev: { istio: "1.30.3", gatewayApi: { release: "v1.2.1", channel: "standard" } },
      staging: { istio: "1.30.3", gatewayApi: { release: "v1.2.1", channel: "experimental" } },
      prod: { istio: "1.24.6", gatewayApi: { release: "v1.2.1", channel: "standard" } },
    });
    expect(definition.environments?.map((e) => e.model.targets)).toEqual(Object.values(seen));
  });

  test("a kind the environment's Istio release does not serve is reported in that environment only", async () => {
    const definition = defineMesh({ environments: ENVIRONMENTS }, (mesh) => {
      mesh.namespace("shop", { managed: false }).destinationRule("reviews", { host: "reviews.shop.svc.cluster.local" });
      mesh.patch(mesh.namespace("shop", { managed: false }).destinationRule("ratings", { host: "ratings.shop.svc.cluster.local" }), [
        { op: "add", path: "/spec/trafficPolicy", value: { retryBudget: { percent: 10 } } },
      ]);
    });
    await definition.ready;
    expect(compile(environment(definition, "dev").model).issues).toEqual([]);
    expect(compile(environment(definition, "prod").model).issues.map((i) => i.code)).toContain("FIELD_NOT_IN_TARGET");
  });

  test("clusters are listed with their Argo CD destinations, and an environment's destination is kept", async () => {
    const definition = defineMesh({ environments: { ...ENVIRONMENTS, dev: { destination: { name: "dev-cluster" } } } }, (_mesh, env) => {
      expect(env.clusters.map((c) => c.name)).toEqual(env.name === "prod" ? ["east", "west"] : []);
    });
    await definition.ready;
    expect(environment(definition, "prod").clusters).toEqual([
      { name: "east", server: "https://east:6443" },
      { name: "west", clusterName: "prod-west" },
    ]);
    expect(environment(definition, "dev").destination).toEqual({ name: "dev-cluster" });
    expect(environment(definition, "dev").clusters).toEqual([]);
    expect("destination" in environment(definition, "staging")).toBe(false);
    expect(environment(definition, "prod").model.clusters).toEqual(["east", "west"]);
  });

  test("an async callback runs per environment; ready settles when every run has, and each model is sealed", async () => {
    const order: string[] = [];
    const definition = defineMesh({ environments: ENVIRONMENTS }, async (mesh, env) => {
      await pause(env.name === "dev" ? 30 : 5);
      mesh.namespace(`ns-${env.name}`);
      order.push(env.name);
    });
    expect(() => compile(environment(definition, "prod").model)).toThrow(/still being built/);
    await definition.ready;
    expect(order).toEqual(["staging", "prod", "dev"]);
    for (const env of definition.environments ?? []) expect(names(compile(env.model))).toEqual([`Namespace ns-${env.name}`]);
  });

  test("ready rejects when one environment's run rejects, with its error", async () => {
    const definition = defineMesh({ environments: ENVIRONMENTS }, async (_mesh, env) => {
      await pause(1);
      if (env.name === "staging") throw new Error("catalog unreachable");
    });
    await expect(definition.ready).rejects.toThrow("catalog unreachable");
    await expect(environment(definition, "staging").ready).rejects.toThrow("catalog unreachable");
    await expect(environment(definition, "dev").ready).resolves.toBeUndefined();
  });

  test("environment and cluster names are DNS-1123 labels, and a cluster is one destination: mistakes are issues at the defineMesh line", async () => {
    const wrong = {
      Dev: {},
      staging: { clusters: { East: { server: "https://east:6443" }, west: { server: "https://west:6443", name: "west" }, north: { name: "north" } } },
      prod: { clusters: { east: { server: "east:6443" } }, destination: { name: "prod" } },
    };
    const definition = defineMesh({ environments: wrong as never }, () => undefined); // wrong-names
    await definition.ready;
    const at = `${FILE}:${lineOf("wrong-names")}:24`;
    expect(definition.environments?.map((e) => e.name)).toEqual(["staging", "prod"]);
    const staging = environment(definition, "staging");
    const prod = environment(definition, "prod");
    const shared = `${at} defineMesh() got an invalid environment name "Dev" for options.environments: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
    const stagingLines = compile(staging.model).issues.map(formatIssue);
    expect(stagingLines[0]).toBe(shared);
    expect(stagingLines.slice(1).join("\n")).toMatch(/invalid cluster name "East" for options\.environments\.staging\.clusters/);
    expect(stagingLines.slice(1).join("\n")).toMatch(/expects one of server \(the API server URL\) or name .* for options\.environments\.staging\.clusters\.west/);
    expect(stagingLines).toHaveLength(3);
    // The wrong clusters are left out; the others stay.
    expect(staging.clusters).toEqual([{ name: "north", clusterName: "north" }]);
    const prodLines = compile(prod.model).issues.map(formatIssue);
    expect(prodLines[0]).toBe(shared);
    expect(prodLines.slice(1).join("\n")).toMatch(/expects an API server URL \("https:\/\/host:6443"\) for options\.environments\.prod\.clusters\.east\.server, got the string "east:6443"/);
    expect(prodLines.slice(1).join("\n")).toMatch(/expects no destination beside clusters .* for options\.environments\.prod\.destination/);
    expect(prod.clusters).toEqual([]);
    expect(prodLines).toHaveLength(3);
  });

  test("environments given but none usable: the callback does not run, and the issues say why", async () => {
    let ran = false;
    const definition = defineMesh({ environments: {} }, () => {
      ran = true;
    });
    await definition.ready;
    expect(ran).toBe(false);
    expect(definition.environments).toBeUndefined();
    expect(compile(definition.model).issues.map((i) => i.message)).toEqual(["defineMesh() expects at least one environment for options.environments, got a plain object"]);
  });
});

describe("cluster placement", () => {
  test("a namespace placed on clusters carries its Namespace object and everything in it", async () => {
    const definition = defineMesh({ environments: ENVIRONMENTS }, (mesh, env) => {
      if (env.name !== "prod") return;
      const payments = mesh.namespace("payments", { clusters: ["east"] });
      payments.mtls("STRICT");
      mesh.namespace("shop").mtls("STRICT");
    });
    await definition.ready;
    const prod = compile(environment(definition, "prod").model);
    expect(prod.issues).toEqual([]);
    expect(placement(prod)).toEqual(["Namespace payments: east", "PeerAuthentication default: east"]);
  });

  test("placeOn places resources, intents with what they wrote, and namespaces; several calls add up, in the environment's order", async () => {
    const definition = defineMesh({ environments: ENVIRONMENTS }, (mesh, env) => {
      if (env.name !== "prod") return;
      const shop = mesh.namespace("shop");
      const gateway = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
      const api = shop.externalService("api", { hosts: ["api.example.com"], ports: [{ number: 443, protocol: "TLS" }], resolution: "DNS" }).circuitBreaker({ maxConnections: 10, consecutiveGatewayErrors: 1, interval: "1s", baseEjectionTime: "3m" });
      const cnn = shop.egress("cnn", { host: "edition.cnn.com" });
      const jwt = mesh.root.requireJwt(gateway, { issuer: "https://issuer.example.com", jwksUri: "https://issuer.example.com/jwks" });
      mesh.placeOn(["west"], gateway, api, jwt);
      mesh.placeOn(["east"], gateway, cnn);
      mesh.placeOn(["west"], mesh.namespace("extra"));
    });
    await definition.ready;
    const prod = compile(environment(definition, "prod").model);
    expect(prod.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(placement(prod).sort()).toEqual([
      "AuthorizationPolicy edge-jwt: west",
      "DestinationRule api: west",
      "Gateway cnn-egressgateway: east",
      "Gateway edge: east,west",
      "Namespace extra: west",
      "RequestAuthentication edge-jwt: west",
      "ServiceEntry api: west",
      "ServiceEntry cnn: east",
      "VirtualService direct-cnn-through-egress-gateway: east",
    ].sort());
    // The egress gateway's DestinationRule, shared by the namespace's egress intents, goes everywhere.
    expect(prod.resources.find((r) => r.kind === "DestinationRule" && r.metadata.name === "istio-egressgateway")).toBeDefined();
    expect(prod.resources.some((r) => r.kind === "DestinationRule" && r.metadata.name === "istio-egressgateway" && prod.placement.has(r))).toBe(false);
  });

  test("a resource placed where its namespace does not go is reported at the placeOn line", async () => {
    const definition = defineMesh({ environments: ENVIRONMENTS }, (mesh, env) => {
      if (env.name !== "prod") return;
      const shop = mesh.namespace("shop", { clusters: ["east"] });
      const mtls = shop.mtls("STRICT");
      mesh.placeOn(["west"], mtls); // conflict
      const strict = shop.peerAuthentication("strict", { mode: "STRICT" });
      mesh.placeOn(["east", "west"], strict);
    });
    await definition.ready;
    const prod = compile(environment(definition, "prod").model);
    expect(prod.issues.map(formatIssue)).toEqual([
      `${FILE}:${lineOf("conflict")}:12 security.istio.io/v1/PeerAuthentication shop/default PeerAuthentication shop/default is placed on west, where its namespace shop is not: the namespace is placed on east (place it on a cluster of its namespace, or place the namespace on west too)`,
    ]);
    expect(placement(prod)).toEqual(["Namespace shop: east", "PeerAuthentication default: east", "PeerAuthentication strict: east"]);
  });

  test("a cluster the environment does not declare is an issue at the call's line naming the clusters that exist; the call is left out", async () => {
    const definition = defineMesh({ environments: ENVIRONMENTS }, (mesh, env) => {
      const shop = mesh.namespace("shop");
      if (env.name === "prod") mesh.placeOn(["esat" as "east"], shop); // typo
      if (env.name === "dev") mesh.namespace("tools", { clusters: ["east"] }); // no-clusters
    });
    await definition.ready;
    const prod = compile(environment(definition, "prod").model);
    expect(prod.issues.map(formatIssue)).toEqual([`${FILE}:${lineOf("typo")}:37 placeOn() names cluster "esat", which environment prod does not declare: its clusters are east, west (did you mean "east"?)`]);
    expect(prod.placement.size).toBe(0);
    const dev = compile(environment(definition, "dev").model);
    expect(dev.issues.map(formatIssue)).toEqual([
      `${FILE}:${lineOf("no-clusters")}:36 namespace("tools") names cluster "east", but environment dev declares no clusters (place resources in the environments that have clusters only (if (env.name === "...") ...), or declare clusters for dev)`,
    ]);
    expect(names(dev)).toContain("Namespace tools");
  });

  test("placement without environments is an issue, and so is a target that is not a builder's value", () => {
    const definition = defineMesh({}, (mesh) => {
      const shop = mesh.namespace("shop");
      (mesh as unknown as MeshBuilder<string>).placeOn(["east"], shop); // no-environments
      (mesh as unknown as MeshBuilder<string>).placeOn(["east"], { draftKey: { group: "", kind: "Namespace", name: "shop", namespace: undefined } }); // look-alike
    });
    const lines = compile(definition.model).issues.map(formatIssue);
    expect(lines[0]).toBe(
      `${FILE}:${lineOf("no-environments")}:48 placeOn() names cluster "east", but the config declares no environments, and so no clusters (declare the clusters of an environment: defineMesh({ environments: { prod: { clusters: { east: { server: "https://..." } } } } }, ...))`,
    );
    expect(lines[1]).toMatch(new RegExp(`^${FILE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${lineOf("look-alike")}:48 placeOn\\(\\) expects a resource returned by a builder .* for targets\\[0\\], got a plain object$`));
  });
});

describe("a config without environments", () => {
  const build = (mesh: MeshBuilder<never>) => {
    mesh.mtls("STRICT");
    const shop = mesh.namespace("shop", { dataplane: "ambient" });
    const reviews = shop.service("reviews", { ports: [9080] });
    shop.httpRoute("reviews").attachTo(reviews).canary({ stable: shop.service("reviews-v1", { ports: [9080] }), canary: shop.service("reviews-v2", { ports: [9080] }), weight: 10, port: 9080 });
    shop.destinationRule("reviews", { host: reviews }).circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" });
  };

  test("has no environments, and its model no placement or clusters: compile gives what it always gave", () => {
    const definition = defineMesh({ targets: { istio: "1.30.3" } }, build);
    expect("environments" in definition).toBe(false);
    expect(Object.keys(definition)).toEqual(["kind", "model", "ready"]);
    expect("placements" in definition.model).toBe(false);
    expect("clusters" in definition.model).toBe(false);
    const result = compile(definition.model);
    expect(result.issues).toEqual([]);
    expect(result.placement.size).toBe(0);
    // One environment of the same mesh compiles to the very same resources.
    const single = defineMesh({ targets: { istio: "1.30.3" }, environments: { only: {} } }, build);
    expect(JSON.stringify(compile(environment(single, "only").model).resources)).toBe(JSON.stringify(result.resources));
  });

  test("the callback gets the builder alone", () => {
    let args: unknown[] = [];
    defineMesh({}, (...given: unknown[]) => {
      args = given;
    });
    expect(args).toHaveLength(1);
  });
});

describe("types", () => {
  test("env.name is the union of the environments' names, and comparing it narrows env.clusters", () => {
    defineMesh({ environments: ENVIRONMENTS }, (mesh, env) => {
      expectTypeOf(env.name).toEqualTypeOf<"dev" | "staging" | "prod">();
      // @ts-expect-error "prd" is no environment of the config
      if (env.name === "prd") mesh.namespace("never");
      if (env.name === "prod") expectTypeOf(env.clusters[0]!.name).toEqualTypeOf<"east" | "west">();
      if (env.name === "dev") expectTypeOf(env.clusters).toEqualTypeOf<readonly ClusterTarget<never>[]>();
    });
  });

  test("cluster names are typed from the declared clusters", () => {
    defineMesh({ environments: ENVIRONMENTS }, (mesh) => {
      const shop = mesh.namespace("shop", { clusters: ["east"] });
      mesh.placeOn(["east", "west"], shop);
      // @ts-expect-error no environment declares a cluster "north"
      mesh.placeOn(["north"], shop);
      // @ts-expect-error no environment declares a cluster "north"
      mesh.namespace("tools", { clusters: ["north"] });
    });
    defineMesh({}, (mesh) => {
      // @ts-expect-error a config without environments has no clusters
      mesh.namespace("tools", { clusters: ["east"] });
    });
  });

  test("a config without environments has no env argument to use", () => {
    defineMesh({}, (_mesh, env) => {
      expectTypeOf(env).toBeNever();
    });
  });
});
