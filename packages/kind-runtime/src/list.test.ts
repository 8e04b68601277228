import { describe, expect, it } from "vitest";
import { z } from "zod";
import { uniqueListKeys, uniqueSet } from "./list.js";

interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
}

const PortsSchema = uniqueListKeys(z.array(z.object({ name: z.string().optional(), port: z.number().int(), protocol: z.string() })), ["port", "protocol"]);

describe("uniqueListKeys", () => {
  it("accepts items whose keys differ in any one key", () => {
    const ports: ServicePort[] = [
      { port: 53, protocol: "TCP" },
      { port: 53, protocol: "UDP" },
      { port: 80, protocol: "TCP" },
    ];
    expect(PortsSchema.safeParse(ports).success).toBe(true);
  });

  it("reports each later duplicate at its index, with the keys it shares", () => {
    const ports: ServicePort[] = [
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "http", port: 80, protocol: "TCP" },
      { name: "dns-again", port: 53, protocol: "UDP" },
    ];
    expect(PortsSchema.safeParse(ports).error?.issues).toEqual([{ code: "custom", path: [2], message: 'Duplicate value: {"port":53,"protocol":"UDP"}' }]);
  });

  it("reports the duplicate at its full path inside a resource", () => {
    const service = z.object({ spec: z.object({ ports: PortsSchema }) });
    const result = service.safeParse({ spec: { ports: [{ port: 80, protocol: "TCP" }, { port: 80, protocol: "TCP" }] } });
    expect(result.error?.issues).toEqual([{ code: "custom", path: ["spec", "ports", 1], message: 'Duplicate value: {"port":80,"protocol":"TCP"}' }]);
  });

  it("fills in the keys' defaults first, as the API server does", () => {
    const ports = uniqueListKeys(z.array(z.object({ port: z.number().int(), protocol: z.string().optional() })), ["port", "protocol"], { protocol: "TCP" });
    expect(ports.safeParse([{ port: 80 }, { port: 80, protocol: "UDP" }]).success).toBe(true);
    expect(ports.safeParse([{ port: 80 }, { port: 80, protocol: "TCP" }]).error?.issues).toEqual([
      { code: "custom", path: [1], message: 'Duplicate value: {"port":80,"protocol":"TCP"}' },
    ]);
  });

  it("compares key values by value, not by identity", () => {
    const listeners = uniqueListKeys(z.array(z.object({ name: z.string(), tags: z.array(z.string()) })), ["tags"]);
    expect(listeners.safeParse([{ name: "a", tags: ["x"] }, { name: "b", tags: ["x"] }]).error?.issues).toEqual([
      { code: "custom", path: [1], message: 'Duplicate value: {"tags":["x"]}' },
    ]);
  });
});

describe("uniqueSet", () => {
  const HostsSchema = uniqueSet(z.array(z.string()));

  it("accepts distinct items", () => {
    expect(HostsSchema.safeParse(["a.example.com", "b.example.com"]).success).toBe(true);
  });

  it("reports every repeat at its own index", () => {
    expect(HostsSchema.safeParse(["a", "b", "a", "a"]).error?.issues).toEqual([
      { code: "custom", path: [2], message: 'Duplicate value: "a"' },
      { code: "custom", path: [3], message: 'Duplicate value: "a"' },
    ]);
  });

  it("tells a number from a string that looks like it", () => {
    expect(uniqueSet(z.array(z.union([z.number(), z.string()]))).safeParse([80, "80"]).success).toBe(true);
  });
});
