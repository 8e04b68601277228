import { z } from "zod";

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX = /^[0-9a-fA-F]{1,4}$/;

function isIPv6(value: string): boolean {
  if (value.includes("%")) return false;
  let text = value;
  const lastColon = text.lastIndexOf(":");
  // An embedded IPv4 tail counts as two groups.
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    if (!IPV4.test(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === "" ? [] : h.split(":")));
  if (groups.some((g) => g.some((part) => !HEX.test(part)))) return false;
  const count = groups.reduce((n, g) => n + g.length, 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

function isCIDR(value: string): boolean {
  const [ip, bits, ...rest] = value.split("/");
  if (rest.length > 0 || ip === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const n = Number(bits);
  if (IPV4.test(ip)) return n <= 32;
  return isIPv6(ip) && n <= 128;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** A calendar date that exists: the month is 1 to 12 and the day is within the month. */
function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** An RFC 3339 date-time with every field in range, as Go's `time.Parse` (the API server) requires. */
function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (match === null) return false;
  const [date, hour, minute, second, offsetHour = "0", offsetMinute = "0"] = match.slice(1) as string[];
  return isDate(date!) && Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59 && Number(offsetHour) <= 23 && Number(offsetMinute) <= 59;
}

const CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  ipv4: (v) => IPV4.test(v),
  ipv6: isIPv6,
  cidr: isCIDR,
  mac: (v) => /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(v),
  uuid: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
  hostname: (v) =>
    v.length <= 253 && v.split(".").every((l) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l)),
  email: (v) => /^[^\s@]+@[^\s@]+$/.test(v),
  uri: (v) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/.test(v),
  byte: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
  date: isDate,
  "date-time": isDateTime,
  datetime: isDateTime,
  hexcolor: (v) => /^#?(?:[0-9a-fA-F]{3}){1,2}$/.test(v),
  bsonobjectid: (v) => /^[0-9a-fA-F]{24}$/.test(v),
  password: () => true,
};

/** A string format the generated schemas check; others are left unchecked, as the API server does. */
export type StringFormat = keyof typeof CHECKS;

/** Every string format that {@link formatString} checks. */
export const KNOWN_FORMATS: readonly string[] = Object.keys(CHECKS).sort();

/**
 * Whether `value` has the given OpenAPI string format. An unknown format is not checked, which
 * is what the Kubernetes API server does with formats it does not know.
 */
export function formatString(format: string, value: string): boolean {
  const check = CHECKS[format];
  return check === undefined || check(value);
}

/** A zod check for a string format, for `.superRefine(...)`. */
export function checkFormat(format: string): (value: string, ctx: z.RefinementCtx) => void {
  const check = CHECKS[format];
  return (value, ctx) => {
    if (check !== undefined && !check(value)) {
      ctx.addIssue({ code: "custom", message: `must be of format ${format}` });
    }
  };
}

/** `x-kubernetes-int-or-string`: an integer or a string. */
export const intOrString: z.ZodType<number | string, number | string> = z.union([z.number().int(), z.string()]);
