import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../main.js";
import { ALIAS_BOMB, captureIo, MANY_NAMESPACES, runMeshform, scratchFolder } from "../testing.js";

const MESH = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews, namespace: shop }
spec:
  parentRefs: [{ name: web }]
  rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec: { ports: [{ name: postgres, port: 5432 }] }
`;

const WARNING_ONLY = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: reviews }]
`;

const GUIDE = fileURLToPath(new URL("../../../../../shared/scenarios/asm-guide/asm-guide.yaml", import.meta.url));
const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const WORKSPACE_DIR = scratchFolder("cli-analyze");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-analyze-"));
  await mkdir(join(dir, "tree/shop"), { recursive: true });
  await writeFile(join(dir, "tree/shop/mesh.yaml"), MESH);
  await writeFile(join(dir, "tree/kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [shop/mesh.yaml]\n");
  await writeFile(join(dir, "warning.yaml"), WARNING_ONLY);
  await writeFile(join(dir, "external.yaml"), "services: [shop/reviews]\ngateways: [shop/web]\n");
  await writeFile(join(dir, "broken.yaml"), "kind: Service\n\tname: x\n");
  if (existsSync(GUIDE)) await copyFile(GUIDE, join(dir, "asm-guide.yaml"));
  await mkdir(WORKSPACE_DIR, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(WORKSPACE_DIR, { recursive: true, force: true });
});

/** Runs `meshform analyze …args` in process, with paths under the test folder. */
async function analyze(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = captureIo();
  const code = await main(["analyze", ...args.map((a) => (a.endsWith(".yaml") || a === "tree" ? join(dir, a) : a))], captured.io);
  return { code, stdout: captured.stdout().split(dir).join("."), stderr: captured.stderr().split(dir).join(".") };
}

describe("meshform analyze", () => {
  test("a resource validation rejects satisfies no reference: a ServiceEntry for host * does not provide every host", async () => {
    const entry = "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: any-host, namespace: shop }\nspec: { hosts: ['*'], ports: [{ number: 80, name: http, protocol: HTTP }], resolution: NONE }\n";
    const route = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: api, namespace: shop }\nspec: { hosts: [api.example.com], http: [{ route: [{ destination: { host: api.example.com } }] }] }\n";
    await writeFile(join(dir, "any-host.yaml"), `${entry}---\n${route}`);
    const { stdout } = await analyze("--json", "any-host.yaml");
    const report = JSON.parse(stdout) as { findings: { code: string; path: string }[] };
    expect(report.findings.map((f) => [f.code, f.path])).toContainEqual(["DESTINATION_HOST_NOT_FOUND", "spec.http[0].route[0].destination.host"]);
  });

  test("prints findings grouped by file and resource, one ✖/⚠/ℹ line each with its line and code, then the counts", async () => {
    expect(await analyze("tree")).toEqual({
      code: 1,
      stdout: "Found 1 error and 1 warning in 2 resources (2 files)\n",
      stderr: [
        "./tree/shop/mesh.yaml - gateway.networking.k8s.io/v1/HTTPRoute shop/reviews",
        "  ✖ line 5 spec.parentRefs[0]: HTTPRoute attaches to Gateway shop/web, which is not in the set: the route is not accepted and routes nothing (fix the name or namespace, or declare it with --external Gateway/shop/web if it lives elsewhere) [ROUTE_GATEWAY_NOT_FOUND]",
        "  ⚠ line 6 spec.rules[0].backendRefs[0]: HTTPRoute routes to Service shop/reviews, which is neither in the set nor declared external (fix the name or namespace, or declare the Service with --external shop/reviews if it lives elsewhere) [SERVICE_NOT_FOUND]",
        "./tree/shop/mesh.yaml - v1/Service shop/db",
        "  ℹ line 11 spec.ports[0]: Port name postgres (port: 5432, targetPort: 0) doesn't follow the naming convention of Istio port: it declares its protocol neither by name nor by appProtocol, so Istio sniffs the first bytes to guess it, which adds latency and breaks server-first protocols such as MySQL (set appProtocol to http, http2, grpc, tcp or tls, or name the port <protocol>[-<suffix>], e.g. http-web) [PORT_PROTOCOL_UNDECLARED IST0118]",
        "",
      ].join("\n"),
    });
  });

  test("what is declared external, by flag or by file, is not reported missing", async () => {
    const byFlag = await analyze("--external", "shop/reviews", "--external", "Gateway/shop/web", "tree");
    const byFile = await analyze("--external-file", "external.yaml", "tree");
    expect([byFlag.code, byFlag.stdout, byFile.code, byFile.stdout]).toEqual([0, "Found 0 errors and 0 warnings in 2 resources (2 files)\n", 0, "Found 0 errors and 0 warnings in 2 resources (2 files)\n"]);
  });

  test("a subset declared external, by flag or by file, is not reported missing", async () => {
    const subsetsFile = join(dir, "subsets-external.yaml");
    await writeFile(join(dir, "canary.yaml"), "apiVersion: v1\nkind: Service\nmetadata: { name: reviews, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: reviews, namespace: shop }\nspec:\n  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews, subset: v2 } }] }]\n");
    await writeFile(subsetsFile, "subsets: [reviews.shop.svc.cluster.local/v2]\n");
    const missing = await analyze("canary.yaml");
    expect([missing.code, missing.stderr.includes("--external Subset/reviews.shop.svc.cluster.local/v2) [SUBSET_NOT_FOUND IST0101]")]).toEqual([1, true]);
    const byFlag = await analyze("--external", "Subset/reviews.shop.svc.cluster.local/v2", "canary.yaml");
    const byFile = await analyze("--external-file", "subsets-external.yaml", "canary.yaml");
    expect([byFlag.code, byFlag.stdout, byFile.code, byFile.stdout]).toEqual([0, "Found 0 errors and 0 warnings in 2 resources (1 file)\n", 0, "Found 0 errors and 0 warnings in 2 resources (1 file)\n"]);
  });

  test("warnings exit 0, or 1 with --fail-on warning", async () => {
    expect((await analyze("warning.yaml")).code).toBe(0);
    expect((await analyze("--fail-on", "warning", "warning.yaml")).code).toBe(1);
  });

  test("--json prints the counts and every finding with its file, line, resource and path", async () => {
    const { code, stdout, stderr } = await analyze("--json", "warning.yaml");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toEqual({
      resources: 1,
      files: 1,
      errors: 0,
      warnings: 1,
      infos: 0,
      findings: [
        {
          code: "SERVICE_NOT_FOUND",
          severity: "warning",
          file: "./warning.yaml",
          line: 5,
          resource: { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", namespace: "shop", name: "reviews" },
          path: "spec.parentRefs[0]",
          message: "HTTPRoute attaches to Service shop/reviews, which is neither in the set nor declared external",
          hint: "fix the name or namespace, or declare the Service with --external shop/reviews if it lives elsewhere",
        },
      ],
    });
  });

  test("a file that cannot be read or is not YAML is an error at its line", async () => {
    const { code, stderr } = await analyze("missing.yaml", "broken.yaml");
    expect(code).toBe(1);
    expect(stderr).toBe("./missing.yaml\n  ✖ cannot read: no such file or folder [READ_FAILED]\n./broken.yaml\n  ✖ line 2 cannot read as YAML: tab characters must not be used in indentation [YAML_SYNTAX]\n");
  });

  test.each([
    [[], "error: Missing required positional argument: INPUTS"],
    [["--fail-on", "info", "x.yaml"], "error: option '--fail-on' must be error or warning, not 'info'; see 'meshform analyze --help'"],
    [["--external", "Route/shop/a", "x.yaml"], `error: --external: cannot read external reference "Route/shop/a": write namespace/name (a Service), Gateway/namespace/name, Subset/<host>/<subset> (host in full, e.g. Subset/reviews.shop.svc.cluster.local/v1), or a host such as api.example.com; see 'meshform analyze --help'`],
  ])("%j is a usage mistake", async (args, message) => {
    expect(await analyze(...args)).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
  });

  test("an external file that is missing or malformed stops the run with one line", async () => {
    expect(await analyze("--external-file", "nope.yaml", "tree")).toEqual({ code: 1, stdout: "", stderr: "error: ./nope.yaml: no such file or folder (--external-file)\n" });
    expect(await analyze("--external-file", "warning.yaml", "tree")).toEqual({ code: 1, stdout: "", stderr: 'error: ./warning.yaml: unknown key "apiVersion"; expected services, gateways, hosts or subsets\n' });
  });

  test.skipIf(!existsSync(GUIDE))(`reports the guide's real problems${existsSync(GUIDE) ? "" : " (skipped: ../shared/scenarios/asm-guide/asm-guide.yaml is not present)"}`, async () => {
    const { code, stdout } = await analyze("--json", "asm-guide.yaml");
    const report = JSON.parse(stdout) as { errors: number; warnings: number; findings: { code: string; line: number }[] };
    expect([code, report.errors, report.warnings, report.findings.map((f) => `${f.line} ${f.code}`)]).toEqual([
      1,
      2,
      6,
      ["51 SERVICE_NOT_FOUND", "51 ROUTE_NOT_ENFORCED", "56 SERVICE_NOT_FOUND", "59 SERVICE_NOT_FOUND", "85 EXTERNAL_POLICY_NOT_ENFORCED", "86 HTTP_SETTINGS_ON_NON_HTTP_PORT", "116 SOURCE_IDENTITY_AT_INGRESS", "118 REQUEST_AUTHENTICATION_MISSING"],
    ]);
  });

  test("reads standard input with -", async () => {
    expect(await runMeshform(["analyze", "-"], dir, WARNING_ONLY)).toEqual({
      code: 0,
      stdout: "Found 0 errors and 1 warning in 1 resource (1 file)\n",
      stderr: "- - gateway.networking.k8s.io/v1/HTTPRoute shop/reviews\n  ⚠ line 5 spec.parentRefs[0]: HTTPRoute attaches to Service shop/reviews, which is neither in the set nor declared external (fix the name or namespace, or declare the Service with --external shop/reviews if it lives elsewhere) [SERVICE_NOT_FOUND]\n",
    });
  });
});

const AUTH_CONFIG = (failOn: string) => `import { defineMesh } from "@meshform/dsl";
import { authorizationPolicy } from "@meshform/istio/security.istio.io/v1";

export default defineMesh({ targets: { istio: "1.30.3" } }, (mesh) => {
  const gw = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
  const shop = mesh.namespace("shop", { dataplane: "ambient" });
  shop.waypoint("waypoint");${failOn}
  mesh.resource(authorizationPolicy({ metadata: { name: "edge", namespace: "istio-system" }, spec: { targetRefs: [{ group: gw.group, kind: gw.kind, name: gw.name }], rules: [{ when: [{ key: "request.auth.claims[iss]", values: ["https://issuer"] }] }] } }));
});
`;

describe("meshform generate runs the analysis", () => {
  test("errors stop the write and name the line of mesh.config.ts", async () => {
    await writeFile(join(WORKSPACE_DIR, "errors.config.ts"), AUTH_CONFIG(""));
    const { code, stdout, stderr } = await runMeshform(["generate", "--config", "errors.config.ts", "--out", "out-errors"], WORKSPACE_DIR);
    expect({ code, stdout: stdout.replace(/\d+\.\ds/, "0.0s") }).toEqual({ code: 1, stdout: "generate: nothing written: fix the errors above (0.0s)\n" });
    expect(stderr.split("\n").filter((l) => l.includes("✖") || l.includes("⚠"))).toEqual([
      "  ⚠ line 7 metadata.name: no namespace, Service or workload of the set uses waypoint shop/waypoint (label istio.io/use-waypoint): no traffic goes through it, so the routes and policies it would apply do nothing (label the namespace or its Services with istio.io/use-waypoint, or remove the waypoint; if resources outside the set use it, suppress this finding with that reason)",
      "  ✖ line 8 spec.rules[0].when[0].key: request.auth.claims[iss] is set only for requests whose JWT a RequestAuthentication validated, and no RequestAuthentication of the set covers Gateway istio-system/edge: the condition never matches, so the policy allows nothing and every request is denied (add a RequestAuthentication with the issuer's jwtRules and the same targetRefs or selector as this policy)",
    ]);
    await expect(readdir(join(WORKSPACE_DIR, "out-errors"))).rejects.toThrow("ENOENT");
  });

  test("warnings print and the tree is written, unless --fail-on warning", async () => {
    await writeFile(join(WORKSPACE_DIR, "warnings.config.ts"), AUTH_CONFIG("").replace(/\n {2}mesh\.resource\(authorizationPolicy.*\n/, "\n"));
    const lenient = await runMeshform(["generate", "--config", "warnings.config.ts", "--out", "out-warnings", "--json"], WORKSPACE_DIR);
    expect([lenient.code, JSON.parse(lenient.stdout).issues.map((i: { code: string }) => i.code)]).toEqual([0, ["WAYPOINT_UNUSED"]]);
    const strict = await runMeshform(["generate", "--config", "warnings.config.ts", "--out", "out-strict", "--fail-on", "warning"], WORKSPACE_DIR);
    expect(strict.code).toBe(1);
    await expect(readdir(join(WORKSPACE_DIR, "out-strict"))).rejects.toThrow("ENOENT");
  });

  test("the repository's example mesh.config.ts analyzes clean", async () => {
    const { code, stdout } = await runMeshform(["generate", "--config", join(REPO, "mesh.config.ts"), "--out", join(WORKSPACE_DIR, "example"), "--json"], WORKSPACE_DIR);
    expect([code, JSON.parse(stdout).issues]).toEqual([0, []]);
  });
});

describe("meshform analyze --help", () => {
  test("lists the inputs and every option with its value hint and default, examples and exit codes", async () => {
    const captured = captureIo();
    expect(await main(["analyze", "--help"], captured.io)).toBe(0);
    expect(captured.stdout()).toMatchInlineSnapshot(`
      "Find what is valid per resource but broken or unsafe across the mesh: references, conflicts, security, protocols, ambient mode (meshform analyze v0.1.0)

      USAGE meshform analyze [OPTIONS] <INPUTS>

      ARGUMENTS

        INPUTS=<file|dir|->    Manifest files, folders (searched for .yaml, .yml, .json, hidden ones skipped) or - for standard input (Required)

      OPTIONS

                                                            --json    Print one JSON object with every finding on stdout instead of the report
                                         --fail-on=<error|warning>    Exit 1 when a finding is at least this severe (Default: error)
        --external=<ns/name|Gateway/ns/name|Subset/host/name|host>    A Service, Gateway, DestinationRule subset (its host in full) or host that exists outside the input, so references to it are not reported; repeatable
                                            --external-file=<file>    A YAML file listing services, gateways, hosts and subsets that exist outside the input
                                      --root-namespace=<namespace>    The Istio root namespace, where mesh-wide policy lives (Default: istio-system)
                                                   --config=<file>    The mesh.config.ts the input was generated from: check it with the config's targets, kinds, externals and suppressions, as generate does
                                                      --env=<name>    With --config: the environment the input belongs to (needed when the config declares several)

      EXAMPLES

        meshform analyze generated/
        meshform analyze --external shop/reviews --external Gateway/istio-system/ingress routes.yaml
        meshform analyze --external Subset/reviews.shop.svc.cluster.local/v1 virtual-services.yaml
        kustomize build overlays/prod | meshform analyze --fail-on warning -
        meshform analyze --external-file external.yaml --json manifests/
        meshform analyze --config mesh.config.ts --env prod generated/prod

      EXIT CODES

        0  success
        1  errors found, bad input, or stale files with --check
        2  usage mistake: unknown command or option, missing or conflicting arguments
      "
    `);
  });
});

describe("meshform analyze on hostile input: a clear error, exit 1, never a crash", () => {
  let hostile: string;
  beforeAll(async () => {
    hostile = await mkdtemp(join(tmpdir(), "meshform-analyze-hostile-"));
    await mkdir(join(hostile, "no-yaml"));
    await writeFile(join(hostile, "no-yaml/notes.txt"), "kind: Service\n");
    await writeFile(join(hostile, "bomb.yaml"), `${ALIAS_BOMB}\n`);
    await writeFile(join(hostile, "many.yaml"), MANY_NAMESPACES);
    await writeFile(join(hostile, "shapes.yaml"), "- a list\n---\njust a string\n---\nmetadata: {name: x}\n---\napiVersion: v1\nmetadata: {name: y}\n");
  });
  afterAll(async () => {
    await rm(hostile, { recursive: true, force: true });
  });

  test("a 9-level alias bomb is refused, naming the file, the document and excessive aliasing", async () => {
    expect(await runMeshform(["analyze", "bomb.yaml"], hostile)).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 0 resources (1 file)\n",
      stderr: "bomb.yaml\n  ✖ line 1 cannot read as YAML: document 1 contains excessive aliasing, which Kubernetes' YAML reader refuses (write the repeated values out instead of nesting aliases of aliases) [YAML_SYNTAX]\n",
    });
  });

  test("200 000 documents in one file are all analyzed", { timeout: 120_000 }, async () => {
    // One Namespace written 200 000 times: one duplicate, on the last definition.
    const duplicate =
      "  ⚠ line 799999 metadata.name: Namespace a is also defined at many.yaml:1, many.yaml:5, many.yaml:9 and 199996 more times: applying the set keeps only the last definition, this one, and the earlier ones are overwritten without a trace, so what they configure never takes effect (keep one definition of the resource: merge them, rename one, or leave the superseded file out of the set) [RESOURCE_DUPLICATE]";
    expect(await runMeshform(["analyze", "many.yaml"], hostile)).toEqual({ code: 0, stdout: "Found 0 errors and 1 warning in 200000 resources (1 file)\n", stderr: `many.yaml - v1/Namespace a\n${duplicate}\n` });
  });

  test("lists, scalars and documents without apiVersion or kind are reported in meshform validate's words", async () => {
    expect(await runMeshform(["analyze", "shapes.yaml"], hostile)).toEqual({
      code: 1,
      stdout: "Found 4 errors and 0 warnings in 0 resources (1 file)\n",
      stderr: [
        "shapes.yaml",
        "  ✖ line 1 document is not an object [NOT_A_RESOURCE]",
        "  ✖ line 3 document is not an object [NOT_A_RESOURCE]",
        "  ✖ line 5 apiVersion: Required value: apiVersion must be set [NOT_A_RESOURCE]",
        "  ✖ line 7 kind: Required value: kind must be set [NOT_A_RESOURCE]",
        "",
      ].join("\n"),
    });
  });

  test("a folder with no YAML or JSON file, or empty standard input, is 'no manifests found': exit 1", async () => {
    expect(await runMeshform(["analyze", "no-yaml"], hostile)).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 0 resources (0 files)\n",
      stderr: "no-yaml\n  ✖ no manifests found in no-yaml (a folder is searched, subfolders included, for .yaml, .yml and .json files; hidden files and folders are left out) [NO_MANIFESTS]\n",
    });
    const { code, stderr } = await runMeshform(["analyze", "-"], hostile, "");
    expect([code, stderr]).toEqual([1, "-\n  ✖ no manifests found in standard input (standard input was empty: pipe the manifests into it, e.g. the output of kustomize build) [NO_MANIFESTS]\n"]);
  });
});

