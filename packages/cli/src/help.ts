import { renderUsage, type CommandDef } from "citty";
import { EXIT_CODE_MEANINGS } from "./exit-code.js";
import { adoptStyle, stripAnsi, type Palette } from "./output.js";

/**
 * Renders a command's help: citty's usage, built from the same definitions the options are read
 * from, then examples and the exit codes. Without colour, citty's styling is stripped; trailing
 * blanks and repeated blank lines always are.
 *
 * @param parent - the command `command` is a sub-command of, for the `USAGE` line
 * @param examples - command lines shown under `EXAMPLES`
 */
export async function renderHelp(command: CommandDef, parent: CommandDef | undefined, palette: Palette, examples: readonly string[] = []): Promise<string> {
  const usage = await renderUsage(command, parent);
  const sections = [
    ...(examples.length > 0 ? [palette.heading("EXAMPLES"), "", ...examples.map((line) => `  ${line}`), ""] : []),
    palette.heading("EXIT CODES"),
    "",
    ...EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${code}  ${meaning}`),
  ];
  const text = `${usage}\n\n${sections.join("\n")}`;
  return (palette.enabled ? adoptStyle(text) : stripAnsi(text)).replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n");
}
