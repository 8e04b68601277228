/**
 * The intermediate form between an OpenAPI schema and emitted TypeScript: one node per schema
 * construct, already checked, with everything the emitter needs and nothing it must look up.
 */
import type { CelRule } from "@meshform/kind-runtime";
import type { BranchSchema } from "@meshform/kind-runtime";

/** Documentation carried from the schema to TSDoc. */
export interface NodeDoc {
  readonly description?: string;
  readonly default?: unknown;
  readonly deprecated?: boolean;
}

/** What every node has. */
interface NodeBase {
  readonly doc: NodeDoc;
  readonly nullable: boolean;
  /** The `x-kubernetes-validations` rules at this node, with paths relative to it. */
  readonly rules: readonly CelRule[];
}

/** A property of an object node. */
export interface FieldNode {
  readonly name: string;
  readonly required: boolean;
  readonly schema: SchemaNode;
}

/** An object with known properties (a struct). */
export interface ObjectNode extends NodeBase {
  readonly type: "object";
  /** The declaration name the object is emitted under. */
  readonly declName: string;
  readonly fields: readonly FieldNode[];
  /** Groups of mutually exclusive fields (`oneOf` of `required` branches). */
  readonly exclusive: readonly (readonly string[])[];
  /** A `oneOf` whose branches constrain property values. */
  readonly conditional?: { readonly branches: readonly BranchSchema[]; readonly defaults: Readonly<Record<string, unknown>> };
  /** `x-kubernetes-preserve-unknown-fields` alongside properties: unknown keys are kept. */
  readonly openEnded: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

/** A map (`additionalProperties`), or an open object (`x-kubernetes-preserve-unknown-fields`). */
export interface MapNode extends NodeBase {
  readonly type: "map";
  readonly values: SchemaNode;
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

/** A list. */
export interface ArrayNode extends NodeBase {
  readonly type: "array";
  readonly items: SchemaNode;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** `x-kubernetes-list-type`. */
  readonly listType?: "atomic" | "set" | "map";
  /** `x-kubernetes-list-map-keys` for a `map` list. */
  readonly mapKeys?: readonly string[];
  /** The schema defaults of the map keys, applied before duplicates are looked for. */
  readonly mapKeyDefaults?: Readonly<Record<string, unknown>>;
}

/** A string, possibly an enum. */
export interface StringNode extends NodeBase {
  readonly type: "string";
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
}

/** A number or an integer. */
export interface NumberNode extends NodeBase {
  readonly type: "number" | "integer";
  readonly enum?: readonly number[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly format?: string;
}

/** A boolean. */
export interface BooleanNode extends NodeBase {
  readonly type: "boolean";
}

/** `x-kubernetes-int-or-string`. */
export interface IntOrStringNode extends NodeBase {
  readonly type: "int-or-string";
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Anything at all: `x-kubernetes-preserve-unknown-fields` with no type. */
export interface UnknownNode extends NodeBase {
  readonly type: "unknown";
}

/** One of several scalar types (`oneOf: [{type: string}, {type: number}]`, a Quantity). */
export interface UnionNode extends NodeBase {
  readonly type: "union";
  readonly members: readonly SchemaNode[];
}

/** A reference to a named declaration of an OpenAPI document. */
export interface RefNode extends NodeBase {
  readonly type: "ref";
  /** The definition name, e.g. `io.k8s.api.core.v1.PodSpec`. */
  readonly target: string;
}

/** Any node. */
export type SchemaNode =
  | ObjectNode
  | MapNode
  | ArrayNode
  | StringNode
  | NumberNode
  | BooleanNode
  | IntOrStringNode
  | UnknownNode
  | UnionNode
  | RefNode;
