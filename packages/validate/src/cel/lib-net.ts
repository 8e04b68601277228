/**
 * The Kubernetes IP and CIDR libraries: `isIP`, `ip`, `ip.isCanonical`, `isCIDR`, `cidr`, and
 * the methods of IP (`family`, `isUnspecified`, `isLoopback`, `isLinkLocalMulticast`,
 * `isLinkLocalUnicast`, `isGlobalUnicast`) and CIDR (`containsIP`, `containsCIDR`, `ip`,
 * `masked`, `prefixLength`). Addresses parse as Go's `netip.ParseAddr`: no leading zeros in IPv4,
 * no zones, and no IPv4-mapped IPv6 addresses.
 */
import type { CelFunc, CelMap, CelScalar } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";
import { fieldsOf, opaque, opaqueType } from "./opaque.js";

/** An address: its family and its value as a 32- or 128-bit number. */
interface Address {
  readonly family: 4 | 6;
  readonly bits: bigint;
}

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;

/** Parses an IPv4 or IPv6 address as the Kubernetes IP library does, or `undefined`. */
export function parseAddress(text: string): Address | undefined {
  if (text.includes(".") && !text.includes(":")) return parseIPv4(text);
  if (!text.includes(":") || text.includes("%")) return undefined;
  const address = parseIPv6(text);
  if (address !== undefined && address.bits >> 32n === 0xffffn) return undefined;
  return address;
}

/** Parses `address/bits`, or `undefined`. */
export function parsePrefix(text: string): { address: Address; length: number } | undefined {
  const [ip, bits, ...rest] = text.split("/");
  if (rest.length > 0 || ip === undefined || bits === undefined || !/^(?:0|[1-9]\d*)$/.test(bits)) return undefined;
  const address = parseAddress(ip);
  const length = Number(bits);
  if (address === undefined || length > (address.family === 4 ? 32 : 128)) return undefined;
  return { address, length };
}

/** The IP and CIDR functions, for the CEL environment. */
export function netFunctions(): readonly CelFunc[] {
  const { CelScalar, celFunc, celMethod } = celRuntime();
  const OPAQUE = opaqueType();
  return [
  celFunc("isIP", [CelScalar.STRING], CelScalar.BOOL, (text) => parseAddress(text) !== undefined),
  celFunc("ip", [CelScalar.STRING], OPAQUE, (text) => ipValue(mustParse(parseAddress(text), "IP Address", text))),
  celFunc("ip.isCanonical", [CelScalar.STRING], CelScalar.BOOL, (text) => formatAddress(mustParse(parseAddress(text), "IP Address", text)) === text),
  celFunc("isCIDR", [CelScalar.STRING], CelScalar.BOOL, (text) => parsePrefix(text) !== undefined),
  celFunc("cidr", [CelScalar.STRING], OPAQUE, (text) => cidrValue(mustParse(parsePrefix(text), "CIDR", text))),
  ipMethod("family", CelScalar.INT, (a) => BigInt(a.family)),
  ipMethod("isUnspecified", CelScalar.BOOL, (a) => a.bits === 0n),
  ipMethod("isLoopback", CelScalar.BOOL, (a) => (a.family === 4 ? a.bits >> 24n === 127n : a.bits === 1n)),
  ipMethod("isLinkLocalMulticast", CelScalar.BOOL, (a) => (a.family === 4 ? a.bits >> 8n === 0xe00000n : a.bits >> 112n === 0xff02n)),
  ipMethod("isLinkLocalUnicast", CelScalar.BOOL, (a) => (a.family === 4 ? a.bits >> 16n === 0xa9fen : a.bits >> 118n === 0x3fan)),
  ipMethod("isGlobalUnicast", CelScalar.BOOL, isGlobalUnicast),
  celMethod("containsIP", OPAQUE, [CelScalar.DYN], CelScalar.BOOL, function (other) {
    const prefix = prefixOf(this);
    const address = typeof other === "string" ? mustParse(parseAddress(other), "IP Address", other) : addressOf(other, "IP");
    return contains(prefix, address);
  }),
  celMethod("containsCIDR", OPAQUE, [CelScalar.DYN], CelScalar.BOOL, function (other) {
    const prefix = prefixOf(this);
    const inner = typeof other === "string" ? mustParse(parsePrefix(other), "CIDR", other) : prefixOf(other);
    return inner.length >= prefix.length && contains(prefix, inner.address);
  }),
  celMethod("ip", OPAQUE, [], OPAQUE, function () {
    return ipValue(prefixOf(this).address);
  }),
  celMethod("masked", OPAQUE, [], OPAQUE, function () {
    const { address, length } = prefixOf(this);
    return cidrValue({ address: { family: address.family, bits: address.bits & mask(address.family, length) }, length });
  }),
  celMethod("prefixLength", OPAQUE, [], CelScalar.INT, function () {
    return BigInt(prefixOf(this).length);
  }),
  ];
}

// --- internal ---

function parseIPv4(text: string): Address | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => IPV4_PART.test(p) && Number(p) <= 255)) return undefined;
  return { family: 4, bits: parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n) };
}

function parseIPv6(text: string): Address | undefined {
  let body = text;
  let tail: bigint[] = [];
  const lastColon = body.lastIndexOf(":");
  if (body.slice(lastColon + 1).includes(".")) {
    const v4 = parseIPv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4.bits >> 16n, v4.bits & 0xffffn];
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const groups = halves.map((h) => (h === "" ? [] : h.split(":")));
  if (groups.some((g) => g.some((part) => !/^[0-9a-fA-F]{1,4}$/.test(part)))) return undefined;
  const words = groups.map((g) => g.map((part) => BigInt(`0x${part}`)));
  const count = words[0]!.length + (words[1]?.length ?? 0) + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const gap = halves.length === 2 ? new Array<bigint>(8 - count).fill(0n) : [];
  const all = [...words[0]!, ...gap, ...(words[1] ?? []), ...tail];
  return { family: 6, bits: all.reduce((n, w) => (n << 16n) | w, 0n) };
}

function formatAddress(address: Address): string {
  if (address.family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address.bits >> shift) & 0xffn)).join(".");
  const words = Array.from({ length: 8 }, (_, i) => ((address.bits >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === "0") j += 1;
    if (j - i > best[1]! && j - i > 1) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best[0]! < 0) return words.join(":");
  return `${words.slice(0, best[0]).join(":")}::${words.slice(best[0]! + best[1]!).join(":")}`;
}

function mask(family: 4 | 6, length: number): bigint {
  const width = family === 4 ? 32n : 128n;
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(length))) - 1n);
}

function contains(prefix: { address: Address; length: number }, address: Address): boolean {
  const m = mask(prefix.address.family, prefix.length);
  return prefix.address.family === address.family && (prefix.address.bits & m) === (address.bits & m);
}

function isGlobalUnicast(a: Address): boolean {
  if (a.bits === 0n) return false;
  if (a.family === 4) return !(a.bits >> 24n === 127n || a.bits >> 28n === 0xen || a.bits >> 16n === 0xa9fen || a.bits === 0xffffffffn);
  return !(a.bits === 1n || a.bits >> 120n === 0xffn || a.bits >> 118n === 0x3fan);
}

function mustParse<T>(value: T | undefined, what: string, text: string): T {
  if (value === undefined) throw new Error(`${what} ${JSON.stringify(text)} parse error during conversion from string`);
  return value;
}

function ipValue(address: Address): CelMap {
  return opaque("IP", { text: formatAddress(address) });
}

function cidrValue(prefix: { address: Address; length: number }): CelMap {
  return opaque("CIDR", { text: `${formatAddress(prefix.address)}/${prefix.length}` });
}

function addressOf(value: unknown, type: "IP"): Address {
  return parseAddress(String(fieldsOf(value, type).get("text")))!;
}

function prefixOf(value: unknown): { address: Address; length: number } {
  return parsePrefix(String(fieldsOf(value, "CIDR").get("text")))!;
}

function ipMethod(name: string, result: typeof CelScalar.INT | typeof CelScalar.BOOL, read: (a: Address) => bigint | boolean): CelFunc {
  const { celMethod } = celRuntime();
  const OPAQUE = opaqueType();
  return celMethod(name, OPAQUE, [], result, function () {
    return read(addressOf(this, "IP")) as never;
  });
}
