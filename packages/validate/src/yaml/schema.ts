/**
 * Plain scalars resolved as Kubernetes' YAML reader resolves them (go-yaml v2, behind kubectl,
 * kustomize and Argo CD), which is YAML 1.1 for booleans: `yes`, `no`, `on`, `off`, `y`, `n` in
 * any of their cases are booleans; `~`, `null` and an empty value are null; integers may be
 * written `0x1F`, `0o17`, `0b101`, `017` (octal) or with `_`; anything else that looks like a
 * number is a float. Timestamps stay strings, as they do for kubectl.
 */
import jsyaml from "js-yaml";

const TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSE = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const NULL = new Set(["", "~", "null", "Null", "NULL"]);
const INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
  ".inf": Infinity, ".Inf": Infinity, ".INF": Infinity, "+.inf": Infinity, "+.Inf": Infinity, "+.INF": Infinity,
  "-.inf": -Infinity, "-.Inf": -Infinity, "-.INF": -Infinity, ".nan": NaN, ".NaN": NaN, ".NAN": NaN,
};

/** A plain scalar's integer value as Go's `strconv.ParseInt(s, 0, 64)` reads it (after dropping `_`), or `undefined`. */
export function parseGoInt(text: string): number | undefined {
  const plain = text.replace(/_/g, "");
  if (!INT.test(plain)) return undefined;
  const negative = plain.startsWith("-");
  const digits = plain.replace(/^[-+]/, "");
  const prefix = digits.slice(0, 2).toLowerCase();
  let value: number;
  if (prefix === "0x" || prefix === "0o" || prefix === "0b") value = Number(digits.toLowerCase());
  else if (digits.length > 1 && digits.startsWith("0")) value = Number.parseInt(digits, 8);
  else value = Number(digits);
  return negative ? -value : value;
}

/** Whether a plain scalar may be a number: it starts with a digit, a sign or a dot. */
function numeric(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

function scalarType(tag: string, resolve: (data: string) => boolean, construct: (data: string) => unknown): jsyaml.Type {
  return new jsyaml.Type(tag, { kind: "scalar", resolve: (data: string | null) => resolve(data ?? ""), construct: (data: string | null) => construct(data ?? "") });
}

/** The schema of the reader: strings, lists and maps, plus the scalars above and `<<` merge keys. */
export const KUBERNETES_YAML_SCHEMA: jsyaml.Schema = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType("tag:yaml.org,2002:null", (d) => d.length <= 4 && NULL.has(d), () => null),
    scalarType("tag:yaml.org,2002:bool", (d) => d.length <= 5 && (TRUE.has(d) || FALSE.has(d)), (d) => TRUE.has(d)),
    scalarType("tag:yaml.org,2002:int", (d) => numeric(d) && parseGoInt(d) !== undefined, (d) => parseGoInt(d)),
    scalarType(
      "tag:yaml.org,2002:float",
      (d) => numeric(d) && (FLOAT.test(d.replace(/_/g, "")) || d in SPECIAL_FLOATS),
      (d) => SPECIAL_FLOATS[d] ?? Number(d.replace(/_/g, "")),
    ),
    scalarType("tag:yaml.org,2002:merge", (d) => d === "<<", (d) => d),
  ],
});
