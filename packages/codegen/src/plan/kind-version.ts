import type { ObjectNode } from "../ir.js";
import type { KindSource, KindVersionSource } from "../sources/kind-source.js";
import { apiVersionOf, kindDescription, type KindVersionEmit } from "../emit/kind.js";
import { defaultsName, rulesName } from "../emit/module.js";
import type { Availability } from "./availability.js";
import type { GenerateKindsOptions } from "./types.js";

/** The availability note of a kind version that the oldest compared release lacks. */
function kindNotes(options: GenerateKindsOptions, availability: Availability | undefined, source: KindSource, version: string): string[] {
  const since = availability?.index.kinds[`${apiVersionOf(source.group, version)}/${source.kind}`]?.since;
  const oldest = options.releases[0]?.release;
  if (since === undefined || since === oldest) return [];
  return ["", `Not in ${options.product} ${oldest}; first in ${since}.`];
}

/** What the emitter needs of one kind version, from its source and its transformed root. */
export function toKindVersionEmit(
  source: KindSource,
  version: KindVersionSource,
  root: ObjectNode,
  options: GenerateKindsOptions,
  release: string,
  availability?: Availability,
): KindVersionEmit {
  const description = kindDescription(version.schema);
  return {
    group: source.group,
    version: version.name,
    kind: source.kind,
    plural: source.plural,
    scope: source.scope,
    served: version.served,
    storage: version.storage,
    deprecated: version.deprecated,
    ...(version.deprecationWarning !== undefined ? { deprecationWarning: version.deprecationWarning } : {}),
    ...(description !== undefined ? { description } : {}),
    fieldsName: root.declName,
    rulesName: rulesName(source.kind),
    defaultsName: defaultsName(source.kind),
    source: { file: options.displayPath(source.file), release },
    notes: kindNotes(options, availability, source, version.name),
  };
}
