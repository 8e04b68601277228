/**
 * Label maps as Istio's webhook checks them (`labels.Instance.Validate`): Kubernetes label keys
 * with an optional DNS prefix, and label values.
 */
import { type FieldPath, type Findings, entriesOf, reject } from "./finding.js";
import { quote } from "./go-format.js";

const label = "[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?";
const qualifiedName = "(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const keyRegexp = new RegExp(`^(${label}(?:\\.${label})*/)?(${qualifiedName})$`);
const valueRegexp = new RegExp(`^(${qualifiedName})?$`);
const hint = "label keys are [prefix/]name and values are alphanumerics with '-', '_' or '.' inside";

function validateLabelKey(key: string): string | undefined {
  const match = keyRegexp.exec(key);
  if (match === null) return `invalid tag key: ${quote(key)} (${hint})`;
  const prefix = match[1] ?? "";
  if (prefix.length - 1 > 253) return `invalid tag key: ${quote(key)} (DNS prefix is too long)`;
  if ((match[2] ?? "").length > 63) return `invalid tag key: ${quote(key)} (name is too long)`;
  return undefined;
}

/** Checks every key and value of a label map, reporting at `path`. */
export function checkLabels(labels: { [key: string]: string } | undefined, path: FieldPath, out: Findings): void {
  for (const [key, value] of entriesOf(labels)) {
    const keyError = validateLabelKey(key);
    if (keyError !== undefined) reject(out, [...path, key], keyError);
    if (!valueRegexp.test(value)) reject(out, [...path, key], `invalid tag value: ${quote(value)} (${hint})`);
  }
}
