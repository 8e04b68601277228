import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, test } from "vitest";
import { compile } from "./compile.js";
import { defineMesh, type MeshBuilder, type MeshOptions } from "./mesh.js";
import { closest } from "./input.js";
import { markedLines } from "./testing.js";

const { file: FILE, lineOf } = markedLines(import.meta.url);

/** What compile reports for a config, one formatted line each, and what it would write. */
function run(build: (mesh: MeshBuilder) => void, options: MeshOptions = {}) {
  const { resources, issues } = compile(defineMesh(options, build).model);
  return { lines: issues.map(formatIssue), codes: issues.map((i) => i.code), resources };
}

/** `mesh` as a JavaScript config sees it: any argument goes. */
function untyped(value: unknown): any {
  return value;
}

const DNS_1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS_1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS_1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const SECTION_NAME = "should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'";

describe("names are checked by the Kubernetes rule for what they name, at the call's line", () => {
  test.each(["../../etc", "Shop", "my shop", "a\nb", "1st", "-api", "a".repeat(64)])("a Service named %j is refused and never written into a reference", (bad) => {
    const { lines, resources } = run((mesh) => {
      const shop = mesh.namespace("shop", { managed: false });
      shop.httpRoute("reviews").attachTo(shop.service(bad, { ports: [9080] })); // service-name
    });
    const problem = bad.length > 63 ? "must be no more than 63 characters" : DNS_1035;
    expect(lines).toEqual([`${FILE}:${lineOf("service-name")}:47 service() got an invalid Service name ${JSON.stringify(bad)}: ${problem}`]);
    expect(resources.map((r) => r.spec)).toEqual([{}]);
  });

  test.each(["api", "a", "api-v2", "a".repeat(63)])("a Service named %j is accepted", (good) => {
    const { lines, resources } = run((mesh) => {
      const shop = mesh.namespace("shop", { managed: false });
      shop.httpRoute("reviews").attachTo(shop.service(good, { ports: [9080] }));
    });
    expect(lines).toEqual([]);
    expect(resources[0]?.spec).toEqual({ parentRefs: [{ group: "", kind: "Service", name: good }] });
  });

  test("a namespace is an RFC 1123 label: a leading digit is fine, a dot or capital is not", () => {
    const { lines, resources } = run((mesh) => {
      mesh.namespace("1-team");
      mesh.namespace("team.a"); // namespace-name
      mesh.namespace("Team").service("api"); // namespace-capital
    });
    expect(lines).toEqual([
      `${FILE}:${lineOf("namespace-name")}:12 namespace() got an invalid namespace name "team.a": must not contain dots`,
      `${FILE}:${lineOf("namespace-capital")}:12 namespace() got an invalid namespace name "Team": ${DNS_1123_LABEL}`,
    ]);
    expect(resources.map((r) => r.metadata.name)).toEqual(["1-team"]);
  });

  test("object names are RFC 1123 subdomains: dots are fine, 254 characters are not", () => {
    const { lines, resources } = run((mesh) => {
      const shop = mesh.namespace("shop", { managed: false });
      shop.httpRoute("reviews.v1");
      shop.httpRoute("x".repeat(254)); // long-route
      shop.destinationRule("Reviews", { host: "reviews.example.com" }); // rule-name
    });
    expect(lines).toEqual([
      `${FILE}:${lineOf("long-route")}:12 httpRoute() got an invalid HTTPRoute name "${"x".repeat(254)}": must be no more than 253 characters`,
      `${FILE}:${lineOf("rule-name")}:12 destinationRule() got an invalid DestinationRule name "Reviews": ${DNS_1123_SUBDOMAIN}`,
    ]);
    expect(resources.map((r) => r.metadata.name)).toEqual(["reviews.v1"]);
  });

  test("listener names and sectionNames follow the Gateway API's SectionName, ports 1 to 65535", () => {
    const { lines, resources } = run((mesh) => {
      const gateway = mesh.root.gateway("edge", { listeners: { HTTP_80: { port: 80, protocol: "HTTP" } } }); // listener-name
      const good = mesh.root.gateway("good", { listeners: { http: { port: 80, protocol: "HTTP" } } });
      const shop = mesh.namespace("shop", { managed: false });
      shop.httpRoute("a").attachTo(good, { sectionName: untyped("Http") }); // section-name
      shop.httpRoute("b").attachTo(shop.service("api"), { port: 70000 }); // attach-port
      shop.service("web", { ports: [0] }); // service-port
      void gateway;
    });
    expect(lines).toEqual([
      `${FILE}:${lineOf("listener-name")}:33 gateway() got an invalid listener name "HTTP_80" for options.listeners: ${SECTION_NAME}`,
      `${FILE}:${lineOf("section-name")}:27 attachTo() got an invalid sectionName "Http" for options.sectionName: ${SECTION_NAME}`,
      `${FILE}:${lineOf("attach-port")}:27 attachTo() got an invalid port 70000 for options.port: must be between 1 and 65535, inclusive`,
      `${FILE}:${lineOf("service-port")}:12 service() got an invalid port 0 for options.ports[0]: must be between 1 and 65535, inclusive`,
    ]);
    expect(resources.map((r) => `${r.kind} ${r.metadata.name} ${JSON.stringify(r.spec)}`)).toEqual([
      'Gateway good {"gatewayClassName":"istio","listeners":[{"name":"http","port":80,"protocol":"HTTP"}]}',
      'HTTPRoute a {}',
      'HTTPRoute b {}',
    ]);
  });

  test("label keys and values follow Kubernetes' rules", () => {
    const { lines } = run((mesh) => {
      mesh.namespace("shop", { labels: { "team name": "payments", tier: "gold plated" } }); // labels
    });
    expect(lines).toEqual([
      `${FILE}:${lineOf("labels")}:12 namespace() got an invalid label key "team name" for options.labels: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `${FILE}:${lineOf("labels")}:12 namespace() got an invalid label value "gold plated" for options.labels.tier: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
  });
});

describe("options are parsed at run time, as a JavaScript config or a cast passes them", () => {
  test("a typo names the unknown option and the closest known one; the call has no effect", () => {
    const { lines, codes, resources } = run((mesh) => {
      mesh.namespace("x", untyped({ dataplan: "ambient" })); // typo
    });
    expect(lines).toEqual([`${FILE}:${lineOf("typo")}:12 namespace() got an unknown option "dataplan" (did you mean "dataplane"?)`]);
    expect(codes).toEqual(["INVALID_OPTION"]);
    expect(resources).toEqual([]);
  });

  test("a nested typo names its path", () => {
    const { lines, resources } = run((mesh) => {
      mesh.root.gateway("edge", { listeners: { http: untyped({ port: 80, protocl: "HTTP" }) } }); // nested
    });
    expect(lines).toEqual([
      `${FILE}:${lineOf("nested")}:17 gateway() expects "HTTP", "HTTPS", "TLS", "TCP" or "UDP" for options.listeners.http.protocol, got undefined`,
      `${FILE}:${lineOf("nested")}:17 gateway() got an unknown option "listeners.http.protocl" (did you mean "protocol"?)`,
    ]);
    expect(resources).toEqual([]);
  });

  test("a wrong type or value says what was expected and what came", () => {
    const { lines } = run((mesh) => {
      mesh.namespace("a", untyped({ managed: "no" })); // wrong-type
      mesh.namespace("b", untyped({ dataplane: "ambiant" })); // wrong-value
      mesh.mtls(untyped("strict")); // wrong-mode
      mesh.namespace("c", untyped("sidecar")); // options-string
    });
    expect(lines).toEqual([
      `${FILE}:${lineOf("wrong-type")}:12 namespace() expects true or false for options.managed, got the string "no"`,
      `${FILE}:${lineOf("wrong-value")}:12 namespace() expects "ambient" or "sidecar" for options.dataplane, got "ambiant"`,
      `${FILE}:${lineOf("wrong-mode")}:12 mtls() expects "UNSET", "DISABLE", "PERMISSIVE" or "STRICT", got "strict"`,
      `${FILE}:${lineOf("options-string")}:12 namespace() expects an object for options, got the string "sidecar"`,
    ]);
  });

  test("defineMesh's own options: a typo is reported at its line and the rest still applies", () => {
    const mesh = defineMesh(untyped({ rootNamespace: "mesh-root", target: { istio: "1.24.6" } }), (m) => { // mesh-options
      m.mtls("STRICT");
    });
    const { issues, resources } = compile(mesh.model);
    expect(issues.map(formatIssue)).toEqual([`${FILE}:${lineOf("mesh-options")}:18 defineMesh() got an unknown option "target" (did you mean "targets"?)`]);
    expect(resources.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(["mesh-root/default"]);
  });
});

describe("a reference must be a value a builder returned", () => {
  test.each([
    ["the string", "reviews", 'got the string "reviews"'],
    ["undefined", undefined, "got undefined"],
    ["a plain object", { refType: "service", group: "", kind: "Service", name: "reviews", namespace: "shop", ports: [] }, "got a plain object"],
  ])("attachTo() given %s is refused, naming what was expected", (_, parent, got) => {
    const { lines, codes, resources } = run((mesh) => {
      mesh.namespace("shop", { managed: false }).httpRoute("r").attachTo(untyped(parent)); // attach
    });
    expect(lines).toEqual([`${FILE}:${lineOf("attach")}:65 attachTo() expects a service or gateway returned by a builder (ns.service(...), mesh.root.gateway(...), mesh.root.istioGateway(...)), ${got}`]);
    expect(codes).toEqual(["INVALID_REFERENCE"]);
    expect(resources.map((r) => r.spec)).toEqual([{}]);
  });

  test("a reference inside options, and a string where a host may be a name", () => {
    const { lines, resources } = run((mesh) => {
      const shop = mesh.namespace("shop", { managed: false });
      shop.httpRoute("r").canary(untyped({ stable: "reviews-v1", canary: shop.service("reviews-v2", { ports: [80] }), weight: 10 })); // canary
      shop.destinationRule("d", { host: untyped("reviews") }); // host
    });
    expect(lines).toEqual([
      `${FILE}:${lineOf("canary")}:27 canary() expects a service returned by a builder (ns.service(...)) for options.stable, got the string "reviews-v1"`,
      `${FILE}:${lineOf("host")}:12 destinationRule() expects a service returned by a builder (ns.service(...)), or the FQDN of a host outside the config ("api.example.com") for options.host, got the string "reviews"`,
    ]);
    expect(resources.map((r) => `${r.kind} ${JSON.stringify(r.spec)}`)).toEqual(["HTTPRoute {}"]);
  });

  test("what a refused call returns is accepted nowhere and reported no further; the config runs on", () => {
    const { lines, resources } = run((mesh) => {
      const bad = mesh.namespace("Shop"); // refused
      const api = bad.service("api", { ports: [80] });
      const route = bad.httpRoute("r").attachTo(api).canary({ stable: api, canary: api, weight: 5 });
      mesh.namespace("good", { managed: false }).httpRoute("g").attachTo(api);
      expect(`${String(route.name)}`).toBe("<refused>");
      expect([...untyped(bad)]).toEqual([]);
    });
    expect(lines).toEqual([`${FILE}:${lineOf("refused")}:24 namespace() got an invalid namespace name "Shop": ${DNS_1123_LABEL}`]);
    expect(resources.map((r) => `${r.kind} ${r.metadata.name} ${JSON.stringify(r.spec)}`)).toEqual(["HTTPRoute g {}"]);
  });
});

describe("closest", () => {
  test("suggests a near key, and nothing for a far one", () => {
    expect(closest("dataplan", ["managed", "labels", "annotations", "dataplane"])).toBe("dataplane");
    expect(closest("lables", ["managed", "labels"])).toBe("labels");
    expect(closest("zzzzzz", ["managed", "labels"])).toBeUndefined();
  });
});

describe("a value no parser can read", () => {
  test("is reported at its line, never thrown", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("no keys for you"); }, get: () => { throw new Error("no value for you"); } });
    const { lines } = run((mesh) => {
      mesh.namespace("shop", untyped(hostile)); // hostile
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${FILE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${lineOf("hostile")}:12 namespace\\(\\)`));
  });
});
