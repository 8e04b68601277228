import { inspect } from "node:util";
import { defineCommand, runCommand, type ArgsDef, type CommandDef } from "citty";
import packageJson from "../package.json" with { type: "json" };
import { describeFileSystemFailure, isMeshformError, isSystemError, type MeshformError, UsageError } from "./errors.js";
import { ExitCode } from "./exit-code.js";
import { renderHelp } from "./help.js";
import { paletteFor, printLine, processIo, stripAnsi, type CliIo } from "./output.js";

/** The version `meshform --version` prints. */
export const VERSION: string = packageJson.version;

/** A command's module: the command as its default export, and examples for its help. */
interface CommandModule {
  readonly default: CommandDef;
  readonly examples?: readonly string[];
}

/** The sub-commands, each loaded only when it runs or its help is shown. */
const commandModules: Record<string, () => Promise<CommandModule>> = {
  analyze: () => import("./commands/analyze.js") as Promise<CommandModule>,
  codegen: () => import("./commands/codegen.js") as Promise<CommandModule>,
  generate: () => import("./commands/generate.js") as Promise<CommandModule>,
  import: () => import("./commands/import.js") as Promise<CommandModule>,
  validate: () => import("./commands/validate.js") as Promise<CommandModule>,
};

/** The `meshform` command: its name, description, global flags and (lazily loaded) sub-commands. */
export const meshform: CommandDef = defineCommand<ArgsDef>({
  meta: { name: "meshform", version: VERSION, description: "Typed service-mesh manifests from one mesh.config.ts" },
  args: {
    help: { type: "boolean", description: "Show help; after a command, that command's help" },
    version: { type: "boolean", description: "Print the version" },
  },
  subCommands: Object.fromEntries(Object.entries(commandModules).map(([name, load]) => [name, () => load().then((m) => m.default)])),
});

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the exit code. Help
 * and results go to `io.stdout`, diagnostics to `io.stderr`. A user's mistake prints one
 * `error: …` line; anything else prints its stack and asks for a bug report.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/**
 * Prints an error that ended a run and returns the exit code: 2 for a usage mistake, 1 for any
 * other error. A {@link MeshformError} (a `RenderError`, a `SpecError`, a config's error...), from
 * whichever copy of its package, prints as one `error: <message>` line without a stack, and so
 * does a file-system failure (`EACCES`, `ENOSPC`...) with what to do; only an unexpected error
 * prints its stack and asks for a bug report. Every line goes through
 * `printLine`, so control characters in a message are shown escaped.
 *
 * @internal
 */
export function reportError(error: unknown, io: CliIo): ExitCode {
  const red = paletteFor(io.stderr, io.env).red;
  if (isUsageMistake(error)) {
    printLine(io.stderr, `${red("error:")} ${stripAnsi(error.message)}`);
    return ExitCode.Usage;
  }
  if (isMeshformError(error)) {
    printLine(io.stderr, `${red("error:")} ${error.message}`);
    return ExitCode.Failure;
  }
  if (isSystemError(error)) {
    // A file system that refused a call no meshform code turned into an error: the environment, not a bug.
    const where = error.path === undefined ? "" : ` ${error.path}`;
    printLine(io.stderr, `${red("error:")} cannot ${error.syscall}${where}: ${describeFileSystemFailure(error)}`);
    return ExitCode.Failure;
  }
  printLine(io.stderr, inspect(error));
  printLine(io.stderr, red(`This is a bug in meshform ${VERSION}. Please report it with the command you ran and the output above.`));
  return ExitCode.Failure;
}

// --- internal ---

async function dispatch(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === "--version" || first === "-v") {
    if (rest.length > 0) throw new UsageError(`'${first}' takes no other arguments`);
    printLine(io.stdout, VERSION);
    return ExitCode.Success;
  }
  const name = first?.startsWith("-") === false ? first : undefined;
  const module = name === undefined ? undefined : await loadCommand(name);
  if (argv.some((arg) => arg === "--help" || arg === "-h")) {
    const palette = paletteFor(io.stdout, io.env);
    const help = module ? renderHelp(module.default, meshform, palette, module.examples) : renderHelp(meshform, undefined, palette);
    printLine(io.stdout, await help);
    return ExitCode.Success;
  }
  if (first === undefined) throw new UsageError("no command given");
  if (module === undefined) throw new UsageError(`unknown option '${first.split("=")[0]}'`);
  const { result } = await runCommand(module.default, { rawArgs: rest, data: io });
  return result as ExitCode;
}

async function loadCommand(name: string): Promise<CommandModule> {
  const load = Object.hasOwn(commandModules, name) ? commandModules[name] : undefined;
  if (load === undefined) throw new UsageError(`unknown command '${name}'`);
  return load();
}

/** A {@link UsageError}, or citty's own `CLIError` (not exported): a usage mistake its parser or dispatcher found. */
function isUsageMistake(error: unknown): error is Error {
  return (isMeshformError(error) && error.code === "USAGE") || (error instanceof Error && error.name === "CLIError");
}
