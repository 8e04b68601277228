// The checks that stop a write before it changes anything, beyond what inspecting finds: an output
// folder meshform must not own, and a removal that needs consent.
import type { InspectedTree } from "./inspect.js";
import { outputFolderError } from "./output-folder.js";
import { planRemoval, removalError } from "./removal.js";

/**
 * Throws when a write must not go ahead: `out` is a folder meshform refuses to own
 * (`RENDER_OUTPUT_REFUSED`), or the write would delete a whole folder, a Namespace object or a
 * large share of the owned files without `allowRemoval` (`RENDER_REMOVAL_NOT_ALLOWED`).
 *
 * @param out - the output folder as given
 * @param tree - the output folder as it is, against the files to write
 */
export function guardWrite(out: string, tree: InspectedTree, options: { readonly allowRemoval?: boolean }): void {
  const refused = outputFolderError(out) ?? removalError(tree.root, planRemoval(tree), options.allowRemoval);
  if (refused) throw refused;
}
