import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { conditional, exclusive, type Exclusive, type OneOf } from "./one-of.js";
import { strictObject } from "./object.js";

/** What the generator emits for an Istio-style path match: every field optional, three exclusive. */
interface PathMatchFields {
  exact?: string;
  prefix?: string;
  regex?: string;
  ignoreUriCase?: boolean;
}
type PathMatch = Omit<PathMatchFields, "exact" | "prefix" | "regex"> & OneOf<Pick<PathMatchFields, "exact" | "prefix" | "regex">>;

const PathMatchSchema = exclusive<PathMatch, PathMatchFields>(
  strictObject<PathMatchFields>({
    exact: z.string().optional(),
    prefix: z.string().optional(),
    regex: z.string().optional(),
    ignoreUriCase: z.boolean().optional(),
  }),
  [["exact", "prefix", "regex"]],
);

describe("exclusive", () => {
  it.each([
    ["none of the group", {}],
    ["one of the group", { prefix: "/api" }],
    ["one of the group beside other fields", { exact: "/", ignoreUriCase: true }],
  ])("accepts %s", (_name, value) => {
    expect(PathMatchSchema.safeParse(value).success).toBe(true);
  });

  it.each([
    ["two", { exact: "/", prefix: "/api" }, "only one of exact, prefix, regex may be set, found exact and prefix"],
    ["three", { regex: ".*", exact: "/", prefix: "/api" }, "only one of exact, prefix, regex may be set, found exact, prefix and regex"],
  ])("rejects %s fields of a group with one issue naming them", (_name, value, message) => {
    expect(PathMatchSchema.safeParse(value).error?.issues).toEqual([{ code: "custom", path: [], message }]);
  });

  it("checks every group on its own", () => {
    const schema = exclusive<unknown, { a?: number; b?: number; c?: number; d?: number }>(
      strictObject<{ a?: number; b?: number; c?: number; d?: number }>({ a: z.number().optional(), b: z.number().optional(), c: z.number().optional(), d: z.number().optional() }),
      [["a", "b"], ["c", "d"]],
    );
    expect(schema.safeParse({ a: 1, c: 1 }).success).toBe(true);
    expect(schema.safeParse({ a: 1, b: 1, c: 1, d: 1 }).error?.issues.map((i) => i.message)).toEqual([
      "only one of a, b may be set, found a and b",
      "only one of c, d may be set, found c and d",
    ]);
  });

  it("reports the issue at the object's path inside a larger schema", () => {
    const route = z.object({ http: z.array(z.object({ match: z.array(PathMatchSchema) })) });
    const result = route.safeParse({ http: [{ match: [{ exact: "/" }, { exact: "/", regex: "^/$" }] }] });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [["http", 0, "match", 1], "only one of exact, prefix, regex may be set, found exact and regex"],
    ]);
  });

  it("types the schema as the exclusive form", () => {
    expectTypeOf<z.output<typeof PathMatchSchema>>().toEqualTypeOf<PathMatch>();
  });
});

describe("OneOf and Exclusive", () => {
  type Match = OneOf<{ exact?: string; prefix?: string; regex?: string }>;

  it("accept one field of the group, or none when the fields are optional", () => {
    expectTypeOf<{ exact: string }>().toExtend<Match>();
    expectTypeOf<{ regex: string }>().toExtend<Match>();
    expectTypeOf<{}>().toExtend<Match>();
    expectTypeOf<{ prefix: string; ignoreUriCase: boolean }>().toExtend<PathMatch>();
  });

  it("reject two fields of the group at compile time", () => {
    expectTypeOf<{ exact: string; prefix: string }>().not.toExtend<Match>();
    expectTypeOf<{ exact: string; regex: string; ignoreUriCase: boolean }>().not.toExtend<PathMatch>();
    // @ts-expect-error exact and prefix are exclusive
    const match: Match = { exact: "/", prefix: "/api" };
    // @ts-expect-error exact and regex are exclusive, whatever else is set
    const pathMatch: PathMatch = { exact: "/", regex: ".*", ignoreUriCase: true };
    expect([match, pathMatch]).toHaveLength(2);
  });

  it("require exactly one field when the fields are required", () => {
    type Target = OneOf<{ host: string; service: string }>;
    expectTypeOf<{ host: string }>().toExtend<Target>();
    expectTypeOf<{}>().not.toExtend<Target>();
    expectTypeOf<{ host: string; service: string }>().not.toExtend<Target>();
  });

  it("keep the other fields of T with Exclusive", () => {
    type Backend = Exclusive<{ name: string; port?: number; weight?: number; hostname?: string; ip?: string }, "hostname" | "ip">;
    expectTypeOf<{ name: string; hostname: string }>().toExtend<Backend>();
    expectTypeOf<{ name: string; port: number; ip: string }>().toExtend<Backend>();
    expectTypeOf<{ hostname: string }>().not.toExtend<Backend>();
    // @ts-expect-error hostname and ip are exclusive
    const backend: Backend = { name: "b", hostname: "example.com", ip: "10.0.0.1" };
    expect(backend.name).toBe("b");
  });
});

describe("strictObject", () => {
  interface Port {
    name: string;
    port?: number;
  }

  it("accepts a shape whose schemas match the interface", () => {
    const schema = strictObject<Port>({ name: z.string(), port: z.number().int().optional() });
    expectTypeOf<z.output<typeof schema>>().toEqualTypeOf<Port>();
    expect(schema.safeParse({ name: "http", port: 80 }).success).toBe(true);
  });

  it("rejects at compile time a shape that disagrees with the interface", () => {
    // @ts-expect-error name is a string, not a number
    strictObject<Port>({ name: z.number(), port: z.number().optional() });
    // @ts-expect-error name is required, so its schema may not yield undefined
    strictObject<Port>({ name: z.string().optional(), port: z.number().optional() });
    // @ts-expect-error port is optional, so its schema must be optional too
    strictObject<Port>({ name: z.string(), port: z.number() });
    // @ts-expect-error every field needs a schema, port included
    strictObject<Port>({ name: z.string() });
    // @ts-expect-error a field the interface does not have
    strictObject<Port>({ name: z.string(), port: z.number().optional(), protocol: z.string().optional() });
  });
});

describe("conditional", () => {
  interface Address {
    type?: string;
    value: string;
  }
  /** Gateway API's address: an IP address unless `type` says otherwise; `type` defaults to IPAddress. */
  const AddressSchema = conditional<Address>(
    strictObject<Address>({ type: z.string().optional(), value: z.string() }),
    [
      { properties: { type: { enum: ["IPAddress"] }, value: { anyOf: [{ format: "ipv4" }, { format: "ipv6" }] } } },
      { properties: { type: { not: { enum: ["IPAddress"] } } } },
    ],
    { type: "IPAddress" },
  );

  it.each([
    ["an IPv4 address with the default type", { value: "192.0.2.1" }],
    ["an IPv6 address with the type given", { type: "IPAddress", value: "2001:db8::1" }],
    ["a hostname with the Hostname type", { type: "Hostname", value: "gateway.example.com" }],
    ["any value with a custom type", { type: "example.com/custom", value: "anything" }],
  ])("accepts %s", (_name, value) => {
    expect(AddressSchema.safeParse(value).success).toBe(true);
  });

  it("rejects a hostname under the default type, saying why each branch failed", () => {
    expect(AddressSchema.safeParse({ value: "gateway.example.com" }).error?.issues).toEqual([
      {
        code: "custom",
        path: [],
        message:
          'must validate one and only one schema (oneOf): value must be of format ipv4 or value must be of format ipv6; or type must not match {"enum":["IPAddress"]}',
      },
    ]);
  });

  it("rejects a value that matches more than one branch", () => {
    const schema = conditional<{ a?: string }>(strictObject<{ a?: string }>({ a: z.string().optional() }), [{ properties: { a: { enum: ["x"] } } }, { properties: { a: { pattern: "^x" } } }], {});
    expect(schema.safeParse({ a: "x" }).error?.issues).toEqual([{ code: "custom", path: [], message: "must validate one and only one schema (oneOf)" }]);
  });

  it("lets a given value win over the default", () => {
    expect(AddressSchema.safeParse({ type: "Hostname", value: "192.0.2.1" }).success).toBe(true);
  });
});
