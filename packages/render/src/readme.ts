// The README of each folder: data from the plan, laid out by a handlebars template the user can
// replace. The template lays text out; everything it shows is computed here. The default template
// is rendered by a plain function that writes the same text, so that a run without a template of
// its own neither loads nor runs handlebars.
import { createRequire } from "node:module";
import type HandlebarsModule from "handlebars";
import { RenderError } from "./errors.js";
import type { PlannedFolder } from "./plan.js";

/** One resource as a README template sees it. */
export interface ReadmeResource {
  /** The resource's `apiVersion`. */
  readonly apiVersion: string;
  /** The resource's kind. */
  readonly kind: string;
  /** The resource's `metadata.name`. */
  readonly name: string;
  /** Its file name in the folder. */
  readonly file: string;
}

/** What a README template is rendered with. */
export interface ReadmeContext {
  /** The folder name: a namespace, or `_cluster`. */
  readonly folder: string;
  /** The namespace the folder's kustomization sets; `null` for `_cluster`. */
  readonly namespace: string | null;
  /** Whether this is the `_cluster` folder. */
  readonly cluster: boolean;
  /** The folder's resources, in file order. */
  readonly resources: readonly ReadmeResource[];
  /** How many resources the folder holds. */
  readonly count: number;
  /** The count in words: `1 resource`, `4 resources`. */
  readonly countText: string;
}

// The default README's text, in pieces that both the template and renderDefaultReadme are made of.

/** The head of the `_cluster` folder's README: the `{{#if cluster}}` branch of {@link DEFAULT_README_TEMPLATE}. */
const CLUSTER_HEAD = `# Cluster-scoped resources

Resources that belong to no namespace. \`kubectl kustomize\` on the output folder includes them;
Namespace objects are not here but in the folder of the namespace they create.
`;

/** The head of a namespace folder's README, for a namespace or the template's `{{namespace}}`. */
function namespaceHead(namespace: string): string {
  return `# Namespace \`${namespace}\`

\`kubectl kustomize\` on this folder builds this namespace alone, its Namespace object included when
meshform manages it; its \`kustomization.yaml\` sets \`namespace: ${namespace}\`.
`;
}

/** The lines from the end of the head to `{{countText}}`. */
const MIDDLE = `
This folder is written by \`meshform generate\`: change \`mesh.config.ts\` and regenerate instead of
editing these files.

`;

/** The lines from `{{countText}}` to the table's rows. */
const TABLE_HEAD = `:

| kind | apiVersion | name | file |
| --- | --- | --- | --- |
`;

/** One row of the table, for a resource or the template's fields. */
function tableRow(kind: string, apiVersion: string, name: string, file: string): string {
  return `| ${kind} | ${apiVersion} | ${name} | [${file}](${file}) |\n`;
}

/**
 * The template of the README written in each folder. Its context is a {@link ReadmeContext};
 * values are inserted as they are (no HTML escaping: the file is Markdown).
 */
export const DEFAULT_README_TEMPLATE = `{{#if cluster}}
${CLUSTER_HEAD}{{else}}
${namespaceHead("{{namespace}}")}{{/if}}
${MIDDLE}{{countText}}${TABLE_HEAD}{{#each resources}}
${tableRow("{{kind}}", "{{apiVersion}}", "{{name}}", "{{file}}")}{{/each}}
`;

/** Loads handlebars on first use: only a template other than the default needs it. */
const loadHandlebars = (() => {
  let loaded: typeof HandlebarsModule | undefined;
  return (): typeof HandlebarsModule => (loaded ??= createRequire(import.meta.url)("handlebars") as typeof HandlebarsModule);
})();

/**
 * Compiles a README template once; the result renders a {@link ReadmeContext}. The default
 * template is not compiled: {@link renderDefaultReadme} writes its text.
 */
export function compileReadme(template: string): (context: ReadmeContext) => string {
  if (template === DEFAULT_README_TEMPLATE) return renderDefaultReadme;
  let render: HandlebarsModule.TemplateDelegate<ReadmeContext>;
  try {
    const handlebars = loadHandlebars().create();
    render = handlebars.compile<ReadmeContext>(template, { noEscape: true, strict: true });
  } catch (error) {
    throw templateError(error);
  }
  return (context) => {
    try {
      return render(context);
    } catch (error) {
      throw templateError(error);
    }
  };
}

/**
 * {@link DEFAULT_README_TEMPLATE} rendered: the text handlebars makes of it (its block tags stand
 * on lines of their own, which handlebars drops), written directly.
 */
export function renderDefaultReadme(context: ReadmeContext): string {
  let text = `${context.cluster ? CLUSTER_HEAD : namespaceHead(String(context.namespace))}${MIDDLE}${context.countText}${TABLE_HEAD}`;
  for (const { kind, apiVersion, name, file } of context.resources) text += tableRow(kind, apiVersion, name, file);
  return text;
}

/** The fields a README template can use, for messages. */
const FIELDS = "folder, namespace, cluster, resources (apiVersion, kind, name, file), count and countText";

function templateError(error: unknown): RenderError {
  return new RenderError("RENDER_TEMPLATE_FAILED", `README template: ${describeTemplateError(error)}`, { cause: error });
}

/** Rewrites handlebars' messages for people: the missing field or the parse error's place. */
function describeTemplateError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /^"(.*)" not defined in .* - (\d+):(\d+)$/.exec(message);
  if (missing) return `"${missing[1]}" is not defined (line ${missing[2]}, column ${missing[3]}); a README template sees ${FIELDS}`;
  const lines = message.split("\n");
  if (lines[0]?.startsWith("Parse error") && lines.length >= 4) {
    const got = /got '([^']*)'$/.exec(lines[3] ?? "")?.[1] ?? "input";
    return `${lines[0]} unexpected ${got}\n${lines[1]}\n${lines[2]}`;
  }
  return message;
}

/** The README context of a planned folder. */
export function readmeContextOf(folder: PlannedFolder): ReadmeContext {
  const resources = folder.resources.map(({ resource, file }) => ({
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    name: resource.metadata.name,
    file,
  }));
  return {
    folder: folder.folder,
    namespace: folder.namespace,
    cluster: folder.namespace === null,
    resources,
    count: resources.length,
    countText: `${resources.length} ${resources.length === 1 ? "resource" : "resources"}`,
  };
}
