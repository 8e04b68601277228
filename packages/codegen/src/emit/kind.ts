import type { CelRule, SchemaDefault } from "@meshform/kind-runtime";
import { camelCase, docComment, docText, literal, quote } from "./ts-text.js";

/** What the emitter needs to know of one kind version. */
export interface KindVersionEmit {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: "Namespaced" | "Cluster";
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
  readonly description?: string;
  /** The name of the root `<Kind>Fields` declaration. */
  readonly fieldsName: string;
  /** The name of the rules constant of the shape. */
  readonly rulesName: string;
  /** The name of the defaults constant of the shape. */
  readonly defaultsName: string;
  /**
   * The name of the fields record spread into the kind's schema.
   * @defaultValue `fieldsRecordName(kind)`
   */
  readonly fieldsRecord?: string;
  /** The spec file (as shown) and upstream release. */
  readonly source: { readonly file: string; readonly release: string };
  /** Notes for the doc comment (availability, channel). */
  readonly notes: readonly string[];
}

/** The `apiVersion` of a group and version: `group/version`, or `version` for the core group. */
export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** The name of a shape's fields-record constant: `httpRouteFields`. */
export function fieldsRecordName(kind: string): string {
  return `${camelCase(kind)}Fields`;
}

/** The `KindInfo` object literal of a kind version, naming its rules and defaults constants. */
export function kindInfoText(k: KindVersionEmit): string {
  const info = {
    group: k.group,
    version: k.version,
    apiVersion: apiVersionOf(k.group, k.version),
    kind: k.kind,
    plural: k.plural,
    scope: k.scope,
    served: k.served,
    storage: k.storage,
    deprecated: k.deprecated,
    ...(k.deprecationWarning !== undefined ? { deprecationWarning: k.deprecationWarning } : {}),
  };
  return literal(info).replace(/ }$/, `, rules: ${k.rulesName}, defaults: ${k.defaultsName}, source: ${literal(k.source)} }`);
}

/** The resource interface, zod schema, metadata constant and factory of one kind version. */
export function renderKind(k: KindVersionEmit): string {
  const apiVersion = apiVersionOf(k.group, k.version);
  const factory = camelCase(k.kind);
  const doc = [
    docText(k.description ?? `A ${k.kind}.`),
    "",
    `\`${apiVersion}\`, ${k.scope === "Cluster" ? "cluster-scoped" : "namespaced"}${k.storage ? ", the storage version" : ""}.`,
    ...k.notes,
  ];
  if (k.deprecated) doc.push("", `@deprecated ${k.deprecationWarning ?? `${apiVersion} ${k.kind} is deprecated.`}`);
  const infoText = kindInfoText(k);
  return [
    `${docComment(doc, "")}export interface ${k.kind} extends ${k.fieldsName} {\n  apiVersion: ${quote(apiVersion)};\n  kind: ${quote(k.kind)};\n}`,
    `/** Checks a {@link ${k.kind}} as the API server's structural schema would (strict: unknown fields fail). */\nexport const ${k.kind}Schema: z.ZodType<${k.kind}, ${k.kind}> = lazy(() =>\n  strictObject<${k.kind}>({\n    apiVersion: z.literal(${quote(apiVersion)}),\n    kind: z.literal(${quote(k.kind)}),\n    ...${k.fieldsRecord ?? fieldsRecordName(k.kind)},\n  }),\n);`,
    `/** Metadata of {@link ${k.kind}} in \`${apiVersion}\`. */\nexport const ${factory}Info: KindInfo = ${infoText};`,
    `${docComment([`Creates a {@link ${k.kind}}, filling \`apiVersion\` and \`kind\`.`, "", "@example", "```ts", `const object = ${factory}({`, `  metadata: { name: "example"${k.scope === "Cluster" ? "" : `, namespace: "default"`} },`, "  // ...the kind's own fields, typed from its schema", "});", "```"], "")}export function ${factory}(body: Omit<${k.kind}, "apiVersion" | "kind">): ${k.kind} {\n  return { apiVersion: ${quote(apiVersion)}, kind: ${quote(k.kind)}, ...body };\n}`,
  ].join("\n\n");
}

/** The rules constant of a shape: every CEL rule with its path. */
export function renderRules(name: string, kind: string, rules: readonly CelRule[]): string {
  const items = rules.map((r) => `  ${literal(r)},`).join("\n");
  return `/** Every \`x-kubernetes-validations\` rule of {@link ${kind}}, with the path it sits at. */\nexport const ${name}: readonly CelRule[] = [${items === "" ? "" : `\n${items}\n`}];`;
}

/** A kind's description: the root schema's, else its `spec`'s (Istio documents only the spec). */
export function kindDescription(root: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof root.description === "string") return root.description;
  const spec = (root.properties as Record<string, Record<string, unknown>> | undefined)?.spec;
  return typeof spec?.description === "string" ? spec.description : undefined;
}

/** The defaults constant of a shape: every schema default with its path, parents first. */
export function renderDefaults(name: string, kind: string, defaults: readonly SchemaDefault[]): string {
  const items = defaults.map(([path, value]) => `  [${literal(path)}, ${literal(value)}],`).join("\n");
  return `/** The schema defaults of {@link ${kind}}, applied by the API server before it validates. */\nexport const ${name}: readonly SchemaDefault[] = [${items === "" ? "" : `\n${items}\n`}];`;
}
