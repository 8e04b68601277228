import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compiledSchema, schemaForChecking } from "./compiled.js";
import { uniqueListKeys } from "./list.js";
import { lazy, strictObject } from "./object.js";
import { exclusive } from "./one-of.js";

interface Port {
  name: string;
  port?: number;
}
interface Spec {
  ports?: Port[];
  host?: string;
  hosts?: string[];
}
interface Thing {
  spec?: Spec;
}

const PortSchema = lazy(() => strictObject<Port>({ name: z.string().min(1), port: z.number().int().gte(1).lte(65535).optional() }));
const SpecSchema = lazy(() =>
  exclusive<Spec, Spec>(
    strictObject<Spec>({ ports: uniqueListKeys(z.array(PortSchema), ["name"]).optional(), host: z.string().optional(), hosts: z.array(z.string()).optional() }),
    [["host", "hosts"]],
  ),
);
const ThingSchema = lazy(() => strictObject<Thing>({ spec: SpecSchema.optional() }));

const values: unknown[] = [
  { spec: { ports: [{ name: "http", port: 80 }] } },
  { spec: { ports: [{ name: "http", port: 0 }] } },
  { spec: { ports: [{ name: "a" }, { name: "a" }] } },
  { spec: { host: "a", hosts: ["b"] } },
  { spec: { extra: true } },
  { spec: { ports: [{ port: 80 }] } },
  { spec: "no" },
  {},
];

describe("compiledSchema", () => {
  it("accepts and rejects what the schema does, with the same issues", () => {
    const fast = compiledSchema(ThingSchema);
    expect(fast).not.toBe(ThingSchema);
    for (const value of values) {
      const [slow, quick] = [ThingSchema.safeParse(value), fast.safeParse(value)];
      expect(quick.success).toBe(slow.success);
      expect(quick.error?.issues).toEqual(slow.error?.issues);
    }
  });

  it("compiles a schema once", () => {
    expect(compiledSchema(ThingSchema)).toBe(compiledSchema(ThingSchema));
  });

  it("keeps a recursive schema on zod's runtime parser", () => {
    interface Node {
      children?: Node[];
    }
    const NodeSchema: z.ZodType<Node, Node> = lazy(() => strictObject<Node>({ children: z.array(z.lazy(() => NodeSchema)).optional() }));
    const fast = compiledSchema(NodeSchema);
    expect(fast.safeParse({ children: [{ children: [] }] }).success).toBe(true);
    expect(fast.safeParse({ children: [{ other: 1 }] }).success).toBe(false);
  });

  it("checks with the schema itself at first, and with the compiled one after many values", () => {
    const schema = lazy(() => strictObject<Port>({ name: z.string(), port: z.number().optional() }));
    const picked = Array.from({ length: 1001 }, () => schemaForChecking(schema));
    expect(picked.slice(0, 1000).every((one) => one === schema)).toBe(true);
    expect(picked[1000]).toBe(compiledSchema(schema));
    expect(schemaForChecking(schema)).toBe(compiledSchema(schema));
  });

  it("checks with the compiled schema from the first value when many are coming, and with the schema itself when few are", () => {
    const schema = lazy(() => strictObject<Port>({ name: z.string(), port: z.number().optional() }));
    expect(schemaForChecking(schema, 499)).toBe(schema);
    expect(schemaForChecking(schema, 500)).toBe(compiledSchema(schema));
    expect(schemaForChecking(schema, 1)).toBe(compiledSchema(schema));
  });
});
