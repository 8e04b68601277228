import type { CelRule, SchemaDefault } from "@meshform/kind-runtime";
import type { FieldNode, SchemaNode } from "./ir.js";

/**
 * Visits every field under `node` with its dotted path (lists transparent, map values `*`).
 * References to named definitions are not followed.
 */
export function walkFields(node: SchemaNode, visit: (field: FieldNode, path: string) => void, prefix = ""): void {
  const join = (name: string): string => (prefix === "" ? name : `${prefix}.${name}`);
  switch (node.type) {
    case "object":
      for (const field of node.fields) {
        const path = join(field.name);
        visit(field, path);
        walkFields(field.schema, visit, path);
      }
      break;
    case "map":
      walkFields(node.values, visit, join("*"));
      break;
    case "array":
      walkFields(node.items, visit, prefix);
      break;
    case "union":
      for (const member of node.members) walkFields(member, visit, prefix);
      break;
    default:
      break;
  }
}

/** Every CEL rule under `node`, with its path from `node` (`"*"` for list items and map values). */
export function collectRules(node: SchemaNode, path: readonly string[] = []): CelRule[] {
  const here = node.rules.map((rule) => ({ ...rule, path }));
  switch (node.type) {
    case "object":
      return [...here, ...node.fields.flatMap((f) => collectRules(f.schema, [...path, f.name]))];
    case "map":
      return [...here, ...collectRules(node.values, [...path, "*"])];
    case "array":
      return [...here, ...collectRules(node.items, [...path, "*"])];
    case "union":
      return [...here, ...node.members.flatMap((m) => collectRules(m, path))];
    default:
      return here;
  }
}

/** Every field default under `node`, parents before children (`"*"` for list items and map values). */
export function collectDefaults(node: SchemaNode, path: readonly string[] = []): SchemaDefault[] {
  switch (node.type) {
    case "object":
      return node.fields.flatMap((field): SchemaDefault[] => {
        const here = [...path, field.name];
        const own: SchemaDefault[] = field.schema.doc.default !== undefined ? [[here, field.schema.doc.default]] : [];
        return [...own, ...collectDefaults(field.schema, here)];
      });
    case "map":
      return collectDefaults(node.values, [...path, "*"]);
    case "array":
      return collectDefaults(node.items, [...path, "*"]);
    default:
      return [];
  }
}
