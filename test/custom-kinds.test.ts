// A vendor's CRD, generated with the same generator as meshform's own kinds, plugs into the
// DSL's escape hatch like any built-in kind: typed, checked by compile, rendered.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCodegen } from "@meshform/codegen";
import { compile, defineMesh } from "@meshform/dsl";
import { formatIssue } from "@meshform/diagnostics";
import { createValidator } from "@meshform/validate";
import type { KindEntry } from "@meshform/kind-runtime";
import { scratchFolder } from "../packages/cli/src/testing.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const folder = scratchFolder("custom-kinds");

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: meshquotas.istio.example.com
spec:
  group: istio.example.com
  names: { kind: MeshQuota, plural: meshquotas }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [rps]
              x-kubernetes-validations:
                - rule: "!has(self.mode) || self.mode != 'Global' || self.rps <= 1000"
                  message: a global quota is at most 1000 rps
              properties:
                rps: { type: integer, minimum: 1 }
                mode: { type: string, enum: [Local, Global] }
`;

type Generated = { kinds: readonly KindEntry[]; meshQuota: (body: { metadata: { name: string; namespace?: string }; spec: { rps: number; mode?: "Local" | "Global" } }) => { apiVersion: string; kind: string; metadata: { name: string } } };
let generated: Generated;

beforeAll(async () => {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "crd.yaml"), CRD);
  await runCodegen({ product: "Example", releases: [{ release: "1.0", inputs: [join(folder, "crd.yaml")] }], out: join(folder, "kinds"), displayRoot: folder });
  const kinds = (await import(pathToFileURL(join(folder, "kinds", "kinds.ts")).href)) as { kinds: readonly KindEntry[] };
  const v1 = (await import(pathToFileURL(join(folder, "kinds", "istio.example.com", "v1.ts")).href)) as Pick<Generated, "meshQuota">;
  generated = { kinds: kinds.kinds, meshQuota: v1.meshQuota };
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("a kind generated from a vendor CRD", () => {
  it("compiles through mesh.resource when given to defineMesh({ kinds })", () => {
    const mesh = defineMesh({ kinds: generated.kinds }, (m) => {
      m.resource(generated.meshQuota({ metadata: { name: "api", namespace: "shop" }, spec: { rps: 50, mode: "Global" } }));
    });
    const { resources, issues } = compile(mesh.model);
    expect(issues).toEqual([]);
    expect(resources).toEqual([{ apiVersion: "istio.example.com/v1", kind: "MeshQuota", metadata: { name: "api", namespace: "shop" }, spec: { rps: 50, mode: "Global" } }]);
  });

  it("is checked against its own schema", () => {
    const mesh = defineMesh({ kinds: generated.kinds }, (m) => {
      m.resource(generated.meshQuota({ metadata: { name: "api", namespace: "shop" }, spec: { rps: 0 } }));
    });
    expect(compile(mesh.model).issues.map((i) => formatIssue({ ...i, source: undefined }))).toEqual([
      "istio.example.com/v1/MeshQuota shop/api spec.rps: Too small: expected number to be >=1",
    ]);
  });

  it("is unknown without the kinds, with a hint that says how to add them", () => {
    const mesh = defineMesh({}, (m) => {
      m.resource(generated.meshQuota({ metadata: { name: "api", namespace: "shop" }, spec: { rps: 5 } }));
    });
    expect(compile(mesh.model).issues.map((i) => `${i.code}: ${i.message} (${i.hint})`)).toEqual([
      "KIND_UNKNOWN: meshform knows no kind MeshQuota in istio.example.com/v1 (use a kind from @meshform/k8s, @meshform/istio or @meshform/gateway-api, or generate yours with `meshform codegen` and pass its kinds to defineMesh({ kinds }))",
    ]);
  });

  it("has its CEL rules evaluated by the validator when given its kinds", () => {
    const validator = createValidator({ kinds: generated.kinds });
    const quota = (rps: number) => generated.meshQuota({ metadata: { name: "api", namespace: "shop" }, spec: { rps, mode: "Global" } });
    expect(validator.validate(quota(500))).toEqual([]);
    expect(validator.validate(quota(5000)).map((i) => `${i.code} ${formatIssue(i)}`)).toEqual([
      'CEL_RULE istio.example.com/v1/MeshQuota shop/api spec: Invalid value: "object": a global quota is at most 1000 rps',
    ]);
  });
});

