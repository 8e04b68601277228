import { SpecError, type SpecLocation } from "../errors.js";

/** Hands out declaration names that are unique inside one emitted module. */
export class NameRegistry {
  readonly #taken = new Set<string>();

  /** Reserves `base`, or `base2`, `base3`, ... when it is taken. */
  claim(base: string): string {
    let name = base;
    for (let n = 2; this.#taken.has(name); n += 1) name = `${base}${n}`;
    this.#taken.add(name);
    return name;
  }
}

/** What a transform knows about where it is. */
export interface TransformContext {
  /** The file, document and JSON pointer of the node being transformed. */
  readonly location: SpecLocation;
  /** The parts of the declaration name of the nearest object, e.g. `["HTTPRoute", "Spec", "Rules"]`. */
  readonly namePath: readonly string[];
  /** Declaration names already taken in the module. */
  readonly names: NameRegistry;
  /**
   * How to read `type: object` with neither properties nor additionalProperties. In a CRD's
   * structural schema it is an object with no fields (the API server prunes any); in Kubernetes'
   * own OpenAPI documents it is free-form JSON (`FieldsV1`, `RawExtension`).
   * @defaultValue `"closed"`
   */
  readonly emptyObjects?: "closed" | "open";
  /** The named definitions of an OpenAPI document, for what a construct must look up through a `$ref`. */
  readonly definitions?: Readonly<Record<string, RawSchema>>;
}

/** The context of a child node: the pointer grows by `pointer`, the name by `name` when given. */
export function childContext(ctx: TransformContext, pointer: readonly string[], name?: string): TransformContext {
  const escaped = pointer.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1"));
  return {
    ...ctx,
    location: { ...ctx.location, pointer: [ctx.location.pointer ?? "", ...escaped].join("/") },
    namePath: name === undefined ? ctx.namePath : [...ctx.namePath, name],
  };
}

/** Turns a property name into a PascalCase name part: `http1MaxPendingRequests` → `Http1MaxPendingRequests`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/** Throws a {@link SpecError} for a construct the generator does not support. */
export function unsupported(ctx: TransformContext, what: string): never {
  throw new SpecError("SPEC_UNSUPPORTED", ctx.location, `unsupported schema construct: ${what}`);
}

/** A raw JSON Schema object, as read from the spec. */
export type RawSchema = Readonly<Record<string, unknown>>;

/** Reads an optional number keyword, rejecting any other type. */
export function numberKeyword(raw: RawSchema, key: string, ctx: TransformContext): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number") unsupported(childContext(ctx, [key]), `${key} must be a number, got ${JSON.stringify(value)}`);
  return value;
}
