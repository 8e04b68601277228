import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, test } from "vitest";
import { ALIAS_BOMB, MANY_NAMESPACES, runMeshform } from "../testing.js";

const VALID_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
spec:
  parentRefs:
  - name: gw
  rules:
  - backendRefs:
    - name: reviews
      port: 9080
`;

const BAD_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: prod
  namespace: istio-system
spec:
  gatewayClassName: istio
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls:
      mode: Passthrough
    extra: true
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-validate-"));
  await mkdir(join(dir, "tree/ns-a"), { recursive: true });
  await writeFile(join(dir, "tree/ns-a/route.yaml"), VALID_ROUTE);
  await writeFile(join(dir, "tree/kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [ns-a/route.yaml]\n");
  await writeFile(join(dir, "tree/README.md"), "# not a manifest\n");
  await writeFile(join(dir, "tree/.meshform-owned.json"), '{"files":[]}\n');
  await writeFile(join(dir, "bad.yaml"), BAD_GATEWAY);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("meshform validate, run as a process", () => {
  test("--help lists the arguments, every option with its values and default, and the exit codes", async ({ expect }) => {
    const { code, stdout } = await runMeshform(["validate", "--help"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatchInlineSnapshot(`
      "Check manifests as the API server would on create: schema, CEL rules, Istio admission (meshform validate v0.1.0)

      USAGE meshform validate [OPTIONS] <INPUTS>

      ARGUMENTS

        INPUTS=<file|dir|->    Manifest files, folders (searched for .yaml, .yml, .json, hidden ones skipped) or - for standard input (Required)

      OPTIONS

                                                                   --strict    Unknown fields are errors (as kubectl apply --validate=strict), not warnings
                                                                     --json    Print one JSON record per document on stdout instead of the report
        --istio-release=<1.24.6|1.25.5|1.26.8|1.27.9|1.28.10|1.29.6|1.30.3>    The Istio release the resources must be served by (Default: 1.30.3)
                 --gateway-api-release=<v1.2.1|v1.3.0|v1.4.1|v1.5.1|v1.6.1>    The Gateway API release the resources must be served by (Default: v1.6.1)
                              --gateway-api-channel=<standard|experimental>    The Gateway API channel whose CRDs are installed (Default: standard)
                                                            --config=<file>    The mesh.config.ts the input was generated from: check it with the config's targets, kinds, externals and suppressions, as generate does
                                                               --env=<name>    With --config: the environment the input belongs to (needed when the config declares several)

      EXAMPLES

        meshform validate generated/
        meshform validate --strict route.yaml gateway.yaml
        kustomize build overlays/prod | meshform validate -
        meshform validate --gateway-api-channel experimental --json manifests/
        meshform validate --config mesh.config.ts --env prod generated/prod

      EXIT CODES

        0  success
        1  errors found, bad input, or stale files with --check
        2  usage mistake: unknown command or option, missing or conflicting arguments
      "
    `);
  });

  test("accepts a folder of valid manifests, skipping kustomization files, hidden files and other files: exit 0", async ({ expect }) => {
    expect(await runMeshform(["validate", "tree"], dir)).toEqual({ code: 0, stdout: "Found 0 errors and 0 warnings in 1 document (2 files)\n", stderr: "" });
  });

  test("prints the issues grouped by file, then resource, one line each with line, field, message and hint, and exits 1", async ({ expect }) => {
    expect(await runMeshform(["validate", "tree", "bad.yaml"], dir)).toEqual({
      code: 1,
      stdout: "Found 1 error and 2 warnings in 3 documents (3 files)\n",
      stderr: [
        "bad.yaml - gateway.networking.k8s.io/v1/Gateway istio-system/prod",
        '  ✖ line 8 spec.listeners: Invalid value: "array": tls mode must be Terminate for protocol HTTPS',
        '  ⚠ line 14 spec.listeners[0].extra: unknown field "extra" (dropped by the API server)',
        "bad.yaml - example.com/v1/Widget w",
        "  ⚠ line 17 kind: not checked: meshform has no schema for example.com/v1 Widget",
        "",
      ].join("\n"),
    });
  });

  test("--strict makes an unknown field an error", async ({ expect }) => {
    const { code, stderr } = await runMeshform(["validate", "--strict", "bad.yaml"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('  ✖ line 14 spec.listeners[0].extra: unknown field "extra"\n');
  });

  test("--json prints one record per document, each issue a record as in every command's --json", async ({ expect }) => {
    const { code, stdout, stderr } = await runMeshform(["validate", "--json", "bad.yaml"], dir);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    const gateway = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "istio-system", name: "prod" };
    const widget = { apiVersion: "example.com/v1", kind: "Widget", name: "w" };
    expect(JSON.parse(stdout)).toEqual([
      {
        file: "bad.yaml", index: 0, ...gateway, valid: false,
        errors: [{ code: "CEL_RULE", severity: "error", file: "bad.yaml", line: 8, resource: gateway, path: "spec.listeners", message: 'Invalid value: "array": tls mode must be Terminate for protocol HTTPS' }],
        warnings: [{ code: "UNKNOWN_FIELD", severity: "warning", file: "bad.yaml", line: 14, resource: gateway, path: "spec.listeners[0].extra", message: 'unknown field "extra" (dropped by the API server)' }],
      },
      {
        file: "bad.yaml", index: 1, ...widget, valid: true,
        errors: [], warnings: [{ code: "UNKNOWN_KIND", severity: "warning", file: "bad.yaml", line: 17, resource: widget, path: "kind", message: "not checked: meshform has no schema for example.com/v1 Widget" }],
      },
    ]);
  });

  test("reads standard input as -", async ({ expect }) => {
    expect(await runMeshform(["validate", "-"], dir, VALID_ROUTE.replace("port: 9080", "port: 0"))).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 1 document (1 file)\n",
      stderr: "- - gateway.networking.k8s.io/v1/HTTPRoute bookinfo/reviews\n  ✖ line 12 spec.rules[0].backendRefs[0].port: Invalid value: 0: spec.rules[0].backendRefs[0].port in body should be greater than or equal to 1\n",
    });
  });

  test("an unreadable input is an error for that input, and the others are still checked", async ({ expect }) => {
    expect(await runMeshform(["validate", "missing.yaml", "tree"], dir)).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 1 document (3 files)\n",
      stderr: "missing.yaml\n  ✖ cannot read: no such file or folder\n",
    });
  });

  test.for([
    [[], "error: Missing required positional argument: INPUTS\n"],
    [["tree", "--gateway-api-channel", "beta"], "error: unknown Gateway API channel 'beta'; meshform knows standard, experimental; see 'meshform validate --help'\n"],
    [["tree", "--istio-release", "1.2"], "error: unknown Istio release '1.2'; meshform knows 1.24.6, 1.25.5, 1.26.8, 1.27.9, 1.28.10, 1.29.6, 1.30.3; see 'meshform validate --help'\n"],
    [["tree", "--frobnicate"], "error: unknown option '--frobnicate'; see 'meshform validate --help'\n"],
  ] as const)("%j is a usage mistake: one line, exit 2", async ([args, stderr], { expect }) => {
    expect(await runMeshform(["validate", ...args], dir)).toEqual({ code: 2, stdout: "", stderr });
  });
});

describe("meshform validate on hostile input: a clear error, exit 1, never a crash", () => {
  let hostile: string;
  beforeAll(async () => {
    hostile = await mkdtemp(join(tmpdir(), "meshform-validate-hostile-"));
    await mkdir(join(hostile, "empty"));
    await writeFile(join(hostile, "bomb.yaml"), `${ALIAS_BOMB}\n`);
    await writeFile(join(hostile, "many.yaml"), MANY_NAMESPACES);
    await writeFile(join(hostile, "latin1.yaml"), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {city: "Z'), Buffer.from([0xfc]), Buffer.from('rich"}\n')]));
    await writeFile(join(hostile, "proto.json"), '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "__proto__": {"polluted": true}}\n');
    await writeFile(join(hostile, "names.yaml"), ["../../etc", "Shop"].map((name) => `apiVersion: v1\nkind: Service\nmetadata: {name: "${name}"}\nspec: {ports: [{port: 80}]}\n`).join("---\n"));
  });
  afterAll(async () => {
    await rm(hostile, { recursive: true, force: true });
  });

  test("a 9-level alias bomb is refused in well under a second of work, naming the file, the document and excessive aliasing", async ({ expect }) => {
    expect(await runMeshform(["validate", "bomb.yaml"], hostile)).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 0 documents (1 file)\n",
      stderr: "bomb.yaml\n  ✖ line 1 cannot read as YAML: document 1 contains excessive aliasing, which Kubernetes' YAML reader refuses (write the repeated values out instead of nesting aliases of aliases)\n",
    });
  });

  test("200 000 documents in one file are all checked", { timeout: 120_000 }, async ({ expect }) => {
    expect(await runMeshform(["validate", "many.yaml"], hostile)).toEqual({ code: 0, stdout: "Found 0 errors and 0 warnings in 200000 documents (1 file)\n", stderr: "" });
  });

  test("a byte that is not UTF-8 is an error at its line and column", async ({ expect }) => {
    expect(await runMeshform(["validate", "latin1.yaml"], hostile)).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 0 documents (1 file)\n",
      stderr: "latin1.yaml\n  ✖ line 4 cannot read as YAML: byte 0xFC at column 16 is not valid UTF-8, which the API server refuses (save the file as UTF-8)\n",
    });
  });

  test("a __proto__ key is an unknown field like any other", async ({ expect }) => {
    const { code, stderr } = await runMeshform(["validate", "--strict", "proto.json"], hostile);
    expect([code, stderr]).toEqual([1, 'proto.json - v1/ConfigMap a\n  ✖ line 1 __proto__: unknown field "__proto__"\n']);
  });

  test("a Service name the API server refuses is an error with its message", async ({ expect }) => {
    const { code, stdout, stderr } = await runMeshform(["validate", "names.yaml"], hostile);
    expect([code, stdout]).toEqual([1, "Found 2 errors and 0 warnings in 2 documents (1 file)\n"]);
    expect(stderr).toContain(`  ✖ line 8 metadata.name: Invalid value: "Shop": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n`);
    expect(stderr).toContain('  ✖ line 3 metadata.name: Invalid value: "../../etc": a DNS-1035 label');
  });

  test("an empty folder, or empty standard input, is 'no manifests found': exit 1", async ({ expect }) => {
    expect(await runMeshform(["validate", "empty"], hostile)).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 0 documents (0 files)\n",
      stderr: "empty\n  ✖ no manifests found in empty (a folder is searched, subfolders included, for .yaml, .yml and .json files; hidden files and folders are left out)\n",
    });
    expect(await runMeshform(["validate", "-"], hostile, "")).toEqual({
      code: 1,
      stdout: "Found 1 error and 0 warnings in 0 documents (1 file)\n",
      stderr: "-\n  ✖ no manifests found in standard input (standard input was empty: pipe the manifests into it, e.g. the output of kustomize build)\n",
    });
  });
});

