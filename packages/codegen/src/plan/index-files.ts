import type { AvailabilityIndex } from "@meshform/kind-runtime";
import { renderHeader } from "../emit/template.js";
import { camelCase, literal, quote } from "../emit/ts-text.js";
import { importSpecifier } from "../emit/module.js";
import type { GeneratedFile, PlannedKind } from "./types.js";

function moduleAlias(path: string): string {
  return camelCase(
    path
      .replace(/\.ts$/, "")
      .split(/[^A-Za-z0-9]+/)
      .filter((p) => p !== "")
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join(""),
  );
}

/** `kinds.ts`: every generated kind version with its metadata and schema, for validators. */
export function renderKindsRegistry(kinds: readonly PlannedKind[], runtime: string, header: { sources: string[]; generator: string }): GeneratedFile {
  const modules = [...new Set(kinds.map((k) => k.module))].sort();
  const imports = modules.map((m) => `import * as ${moduleAlias(m)} from "${importSpecifier("kinds.ts", m)}";`);
  const sorted = [...kinds].sort((a, b) => (a.module + a.kind < b.module + b.kind ? -1 : 1));
  const entries = sorted.map((k) => `  { info: ${moduleAlias(k.module)}.${camelCase(k.kind)}Info, schema: ${moduleAlias(k.module)}.${k.kind}Schema },`);
  const content = [
    renderHeader(header.sources, header.generator),
    `import type { KindEntry } from "${runtime}";`,
    ...imports,
    "",
    "/** Every kind version of this package: its metadata and the zod schema that checks it. */",
    `export const kinds: readonly KindEntry[] = [\n${entries.join("\n")}\n];`,
    "",
  ].join("\n");
  return { path: "kinds.ts", content };
}

/** `availability.ts`: which release first has each kind version and each later field. */
export function renderAvailability(index: AvailabilityIndex, runtime: string, header: { sources: string[]; generator: string }): GeneratedFile {
  const kinds = Object.entries(index.kinds).map(([key, entry]) => {
    const fields = Object.entries(entry.fields).map(([path, since]) => `      ${quote(path)}: ${quote(since)},`);
    const fieldText = fields.length === 0 ? "{}" : `{\n${fields.join("\n")}\n    }`;
    return `    ${quote(key)}: { since: ${quote(entry.since)}, fields: ${fieldText} },`;
  });
  const content = [
    renderHeader(header.sources, header.generator),
    `import type { AvailabilityIndex } from "${runtime}";`,
    "",
    `/** Which ${index.product} release (of ${index.releases.join(", ")}) first has each kind version and each later field. */`,
    "export const availability: AvailabilityIndex = {",
    `  product: ${quote(index.product)},`,
    `  releases: ${literal(index.releases)},`,
    `  kinds: {\n${kinds.join("\n")}\n  },`,
    "};",
    "",
  ].join("\n");
  return { path: "availability.ts", content };
}

/**
 * `releases.ts`: every release's kind entries, each older release's built on first access (its
 * module's `releaseKinds()`), the newest's being `kinds`.
 */
export function renderReleases(
  product: string,
  newest: string,
  older: readonly { readonly release: string; readonly module: string }[],
  runtime: string,
  header: { sources: string[]; generator: string },
): GeneratedFile {
  const imports = older.map((r, i) => `import { releaseKinds as release${i} } from "${importSpecifier("releases.ts", r.module)}";`);
  const getters = older.map((r, i) => `  get ${quote(r.release)}(): readonly KindEntry[] {\n    return release${i}();\n  },`);
  const content = [
    renderHeader(header.sources, header.generator),
    `import type { KindEntry } from "${runtime}";`,
    `import { kinds } from "./kinds.js";`,
    ...imports,
    "",
    `/**`,
    ` * Every ${product} release's kind versions, each with that release's own schema, CEL rules and`,
    ` * defaults, by release. An older release's entries are built when first read.`,
    ` */`,
    `export const releases: Readonly<Record<string, readonly KindEntry[]>> = {`,
    ...getters,
    `  ${quote(newest)}: kinds,`,
    "};",
    "",
  ].join("\n");
  return { path: "releases.ts", content };
}
