import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { main } from "../main.js";
import { WIDGET_CRD, captureIo, scratchFolder } from "../testing.js";

const TSC = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
const ROOT_TSCONFIG = fileURLToPath(new URL("../../../../tsconfig.json", import.meta.url));

const CONSUMER = `import { widget, WidgetSchema, widgetInfo, type Widget } from "./out/example.com/v1.js";

export const small: Widget = widget({ metadata: { name: "small" }, spec: { size: 1, color: "red" } });
// @ts-expect-error: color is "red" | "blue"
export const green: Widget = widget({ metadata: { name: "green" }, spec: { size: 1, color: "green" } });
// @ts-expect-error: size is required
export const empty: Widget = widget({ metadata: { name: "empty" }, spec: {} });
export { WidgetSchema, widgetInfo };
`;

/** What the test uses of the generated `example.com/v1` module (its types are checked by tsc above). */
interface WidgetModule {
  widget(body: { metadata: { name: string; namespace?: string }; spec?: { size: number; color?: string } }): Record<string, unknown>;
  readonly WidgetSchema: { safeParse(value: unknown): { success: boolean } };
  readonly widgetInfo: unknown;
}

let dir: string;
beforeAll(async () => {
  // Inside the workspace, so that the generated imports of `@meshform/kind-runtime`,
  // `@meshform/k8s/meta/v1` and `zod` resolve as in a user's project.
  dir = scratchFolder("cli-codegen-module");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "widget.yaml"), WIDGET_CRD);
  const captured = captureIo();
  expect(await main(["codegen", "--crd", join(dir, "widget.yaml"), "--out", join(dir, "out")], captured.io)).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("the generated module type-checks, and its types catch a wrong field", async () => {
  await writeFile(join(dir, "consumer.ts"), CONSUMER);
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ extends: ROOT_TSCONFIG, include: ["**/*.ts"] }));
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSC, "-p", join(dir, "tsconfig.json"), "--noEmit"]);
  expect(stdout + stderr).toBe("");
});

test("the generated factory fills apiVersion and kind, and the schema checks objects", async () => {
  const module = (await import(join(dir, "out/example.com/v1.ts"))) as WidgetModule;
  const object = module.widget({ metadata: { name: "w", namespace: "default" }, spec: { size: 3, color: "blue" } });
  expect(object).toEqual({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: "default" }, spec: { size: 3, color: "blue" } });
  expect(module.WidgetSchema.safeParse(object).success).toBe(true);
  expect(module.WidgetSchema.safeParse({ ...object, spec: { size: 0 } }).success).toBe(false);
  expect(module.WidgetSchema.safeParse({ ...object, spec: { size: 1, colour: "red" } }).success).toBe(false);
  expect(module.widgetInfo).toMatchObject({ group: "example.com", version: "v1", kind: "Widget", plural: "widgets", scope: "Namespaced" });
});
