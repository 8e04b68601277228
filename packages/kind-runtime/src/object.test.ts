import { describe, expect, it } from "vitest";
import { z } from "zod";
import { looseObject, strictObject } from "./object.js";

interface Port {
  name: string;
  port?: number;
}

describe("strictObject", () => {
  const PortSchema = strictObject<Port>({ name: z.string(), port: z.number().int().optional() });

  it("accepts the declared fields", () => {
    expect(PortSchema.parse({ name: "http", port: 80 })).toEqual({ name: "http", port: 80 });
  });

  it("rejects unknown fields, as kubectl apply --validate=strict does", () => {
    expect(PortSchema.safeParse({ name: "http", prot: 80 }).error?.issues).toEqual([
      { code: "unrecognized_keys", keys: ["prot"], path: [], message: 'Unrecognized key: "prot"' },
    ]);
  });

  it("rejects a missing required field at its path", () => {
    expect(PortSchema.safeParse({ port: 80 }).error?.issues.map((i) => [i.code, i.path])).toEqual([["invalid_type", ["name"]]]);
  });
});

describe("looseObject", () => {
  it("keeps unknown fields", () => {
    const schema = looseObject<{ name?: string; [key: string]: unknown }>({ name: z.string().optional() });
    expect(schema.parse({ name: "a", extra: { any: 1 } })).toEqual({ name: "a", extra: { any: 1 } });
  });
});
