import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";
import type { TargetOptions } from "../targets.js";
import type { Percent } from "./route-backend.js";
import type { GRPCRuleBuilder } from "./route-grpc.js";
import type { HTTPRuleBuilder } from "./route-http-rule.js";

const FILE = fileURLToPath(import.meta.url);
const ROUTE = "gateway.networking.k8s.io/v1/HTTPRoute";

/** What compile reports for a config, as the user reads it. */
function refusal(declare: (mesh: MeshBuilder) => void, targets?: TargetOptions): string[] {
  return compile(defineMesh({ targets }, declare).model).issues.map(formatIssue);
}

/** A value the types cannot see, as a config computing it at run time would have. */
function unchecked<T>(value: unknown): T {
  return value as T;
}

describe("weights", () => {
  it("refuses a canary weight over 100 percent", () => {
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("default", { managed: false });
        app.httpRoute("reviews").canary({ stable: app.service("reviews-v1"), canary: app.service("reviews-v2"), weight: unchecked<Percent>(150), port: 9080 });
      }),
    ).toEqual([`${FILE}:29:34 ${ROUTE} default/reviews spec.rules[0].backendRefs: a canary weight must be a whole percentage from 0 to 100, got 150`]);
  });

  it("refuses backend weights that are not integers from 0 to 1000000", () => {
    const split = (weight: number) => (mesh: MeshBuilder) => {
      const api = mesh.namespace("shop", { managed: false }).service("api", { ports: [8080] });
      mesh.namespace("shop").httpRoute("api").rule((r) => r.to(api, { weight: 1 }).to(api, { weight }));
    };
    const hint = "(weights are relative: 90 and 10 split the traffic 90/10)";
    expect(refusal(split(2_000_000))).toEqual([`${FILE}:37:84 ${ROUTE} shop/api spec.rules[0].backendRefs[1].weight: a backend weight must be an integer from 0 to 1000000, got 2000000 ${hint}`]);
    expect(refusal(split(2.5))).toEqual([`${FILE}:37:84 ${ROUTE} shop/api spec.rules[0].backendRefs[1].weight: a backend weight must be an integer from 0 to 1000000, got 2.5 ${hint}`]);
  });
});

describe("ports", () => {
  it("asks for a port when the ServiceRef knows none, or more than one", () => {
    const to = (ports: readonly number[]) => (mesh: MeshBuilder) => {
      const app = mesh.namespace("default", { managed: false });
      app.httpRoute("reviews").rule((r) => r.to(app.service("reviews", { ports }), unchecked({})));
    };
    expect(refusal(to([]))).toEqual([`${FILE}:49:46 ${ROUTE} default/reviews spec.rules[0].backendRefs[0].port: Service default/reviews needs a port (pass { port } with the Service's port)`]);
    expect(refusal(to([9080, 9090]))).toEqual([`${FILE}:49:46 ${ROUTE} default/reviews spec.rules[0].backendRefs[0].port: Service default/reviews needs a port (it has 9080, 9090) (pass { port } with the Service's port)`]);
  });

  it("refuses a port the ServiceRef does not have, for a backend and for a parent", () => {
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("default", { managed: false });
        const reviews = app.service("reviews", { ports: [9080] });
        app.httpRoute("reviews").attachTo(reviews).rule((r) => r.to(reviews, unchecked({ port: 9090 })));
      }),
    ).toEqual([`${FILE}:60:66 ${ROUTE} default/reviews spec.rules[0].backendRefs[0].port: Service default/reviews has no port 9090 (it has 9080) (use one of the ports given to namespace.service())`]);
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("default", { managed: false });
        app.httpRoute("reviews").attachTo(app.service("reviews", { ports: [9080] }), unchecked({ port: 80 }));
      }),
    ).toEqual([`${FILE}:66:34 ${ROUTE} default/reviews spec.parentRefs[0].port: Service default/reviews has no port 80 (it has 9080) (use one of the ports given to namespace.service())`]);
  });
});

describe("parents", () => {
  it("refuses attaching twice to the same gateway without distinct listeners", () => {
    expect(
      refusal((mesh) => {
        const gateway = mesh.root.gateway("gw", { listeners: { http: { port: 80, protocol: "HTTP" }, admin: { port: 8080, protocol: "HTTP" } } });
        mesh.root.httpRoute("r").attachTo(gateway, { sectionName: "http" }).attachTo(gateway);
      }),
    ).toEqual([`${FILE}:77:77 ${ROUTE} istio-system/r spec.parentRefs[1]: the route attaches to Gateway istio-system/gw twice (attach once, or once per listener, each with its own sectionName)`]);
  });
});

describe("filters", () => {
  it("refuses a redirect in a rule that forwards, and forwarding in a canary rule", () => {
    expect(
      refusal((mesh) => {
        const api = mesh.namespace("shop", { managed: false }).service("api", { ports: [8080] });
        mesh.namespace("shop").httpRoute("api").rule((r) => unchecked<HTTPRuleBuilder>(r.to(api)).redirect({ scheme: "https" }));
      }),
    ).toEqual([`${FILE}:88:99 ${ROUTE} shop/api spec.rules[0].filters[0]: a rule that forwards to backends cannot also redirect (put the redirect in a rule of its own)`]);
    expect(
      refusal((mesh) => {
        const api = mesh.namespace("shop", { managed: false }).service("api", { ports: [8080] });
        mesh.namespace("shop").grpcRoute("api").rule((r) => unchecked<GRPCRuleBuilder<"forward">>(r.canary({ stable: api, canary: api, weight: 5 })).to(api));
      }),
    ).toEqual([`${FILE}:94:150 gateway.networking.k8s.io/v1/GRPCRoute shop/api spec.rules[0].backendRefs[2]: a rule that is a canary cannot also forward with to() (use canary() or to(), not both)`]);
  });

  it("refuses a prefix rewrite unless the rule has one path-prefix match", () => {
    expect(
      refusal((mesh) => {
        const api = mesh.namespace("shop", { managed: false }).service("api", { ports: [8080] });
        mesh.namespace("shop").httpRoute("api").rule((r) => r.match({ path: "/v1" }).match({ path: "/v2" }).rewrite({ path: { prefix: "/" } }).to(api));
      }),
    ).toEqual([`${FILE}:103:49 ${ROUTE} shop/api spec.rules[0].filters[0]: replacing a path prefix needs exactly one match, on a path prefix (match({ path: "/prefix" }) once, or replace the full path with { full })`]);
  });
});

describe("timeouts and retries", () => {
  it("refuses a duration the Gateway API cannot read, and a backend timeout longer than the request's", () => {
    const timeouts = (request: string, backendRequest: string) => (mesh: MeshBuilder) => {
      mesh.namespace("shop", { managed: false }).httpRoute("api").rule((r) => r.timeouts(unchecked({ request, backendRequest })));
    };
    expect(refusal(timeouts("1.5s", "1s"))).toEqual([`${FILE}:112:81 ${ROUTE} shop/api spec.rules[0].timeouts.request: "1.5s" is not a Gateway API duration (use whole numbers with h, m, s or ms, e.g. "10s", "500ms" or "1m30s")`]);
    expect(refusal(timeouts("10s", "1m"))).toEqual([`${FILE}:112:81 ${ROUTE} shop/api spec.rules[0].timeouts.backendRequest: the backendRequest timeout (1m) is longer than the request timeout (10s) (a request timeout covers every backend attempt; make backendRequest shorter)`]);
  });

  it("refuses retries unless the config targets the experimental channel", () => {
    expect(
      refusal((mesh) => {
        mesh.namespace("shop", { managed: false }).httpRoute("api").rule((r) => r.retry({ attempts: 3 }));
      }),
    ).toEqual([`${FILE}:121:83 ${ROUTE} shop/api spec.rules[0].retry: retry is in the Gateway API experimental channel only, and the config targets the standard channel (set targets: { gatewayApi: { channel: "experimental" } } in defineMesh, or leave retries out)`]);
  });
});

describe("referenceGrant", () => {
  it("refuses granting access to a Service of another namespace", () => {
    expect(
      refusal((mesh) => {
        const route = mesh.namespace("shop", { managed: false }).httpRoute("pay");
        const backends = mesh.namespace("backends", { managed: false });
        backends.referenceGrant("g", { from: [route], to: [mesh.namespace("shop").service("cart"), backends.service("payments")] });
      }),
    ).toEqual([`${FILE}:133:18 gateway.networking.k8s.io/v1/ReferenceGrant backends/g spec.to[0]: Service shop/cart is not in namespace backends (declare the grant in namespace shop)`]);
  });
});

describe("what compile reports on routes", () => {
  it("names the route's line for a schema error and for a field the target release lacks", () => {
    const { issues } = compile(
      defineMesh({ targets: { gatewayApi: { release: "v1.2.1" } } }, (mesh) => {
        const api = mesh.namespace("shop", { managed: false }).service("api", { ports: [8080] });
        mesh.namespace("shop").httpRoute("api", { hostnames: ["Shop.Example.com"] }).rule((r) => r.to(api).mirror(api, { percent: 10 }));
      }).model,
    );
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:144:32 gateway.networking.k8s.io/v1/HTTPRoute shop/api spec.hostnames[0]: Invalid string: must match pattern /^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/`,
      `${FILE}:144:32 gateway.networking.k8s.io/v1/HTTPRoute shop/api spec.rules[0].filters[0].requestMirror.percent: not in Gateway API v1.2.1; it needs Gateway API v1.3.0 (raise the Gateway API target in defineMesh({ targets }) or drop the field)`,
    ]);
  });
});

describe("what a refused part leaves", () => {
  it("leaves the part out, so compile reports the mistake once and the rest is written", () => {
    const { resources, issues } = compile(
      defineMesh({}, (mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const api = app.service("api", { ports: [8080] });
        app.httpRoute("api").attachTo(api).attachTo(api).rule((r) => r.to(api, { weight: 90 }).to(api, { weight: -1 }).timeouts(unchecked({ request: "forever" })));
      }).model,
    );
    expect(issues.map((issue) => issue.code)).toEqual(["DUPLICATE_PARENT", "VALUE_OUT_OF_RANGE", "INVALID_DURATION"]);
    expect(resources[0]?.spec).toEqual({ parentRefs: [{ group: "", kind: "Service", name: "api" }], rules: [{ backendRefs: [{ name: "api", port: 8080, weight: 90 }] }] });
  });
});

describe("codes", () => {
  it("gives each kind of mistake its own code, naming the route and the field", () => {
    const { issues } = compile(
      defineMesh({}, (mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const api = app.service("api", { ports: [8080, 8443] });
        app.httpRoute("a").attachTo(api, unchecked({ port: 9090 })).rule((r) => r.to(api, unchecked({})));
        app.httpRoute("b").rule((r) => unchecked<HTTPRuleBuilder>(r.redirect({ scheme: "https" })).to(api, { port: 8080 }));
        app.httpRoute("c").rule((r) => r.timeouts({ request: "1s", backendRequest: "2s" }).retry({ attempts: 2 }));
        mesh.namespace("other", { managed: false }).referenceGrant("g", { from: [app.httpRoute("d")], to: [api] });
      }).model,
    );
    expect(issues.map((issue) => [issue.code, `${issue.resource?.kind}/${issue.resource?.name}`, issue.path?.join(".")])).toEqual([
      ["UNKNOWN_PORT", "HTTPRoute/a", "spec.parentRefs.0.port"],
      ["PORT_REQUIRED", "HTTPRoute/a", "spec.rules.0.backendRefs.0.port"],
      ["RULE_CONFLICT", "HTTPRoute/b", "spec.rules.0.backendRefs.0"],
      ["TIMEOUT_CONFLICT", "HTTPRoute/c", "spec.rules.0.timeouts.backendRequest"],
      ["FIELD_NOT_IN_CHANNEL", "HTTPRoute/c", "spec.rules.0.retry"],
      ["SERVICE_IN_OTHER_NAMESPACE", "ReferenceGrant/g", "spec.to.0"],
    ]);
  });
});
