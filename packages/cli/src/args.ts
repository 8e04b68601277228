import type { BooleanArgDef, StringArgDef } from "citty";
import { UsageError } from "./errors.js";

/** A string option; `multiple` makes it repeatable (`--crd a.yaml --crd b.yaml`). */
export type StringOption = StringArgDef & { readonly type: "string"; readonly multiple?: boolean };

/** A boolean flag; `--no-<name>` sets it to false. */
export type BooleanOption = BooleanArgDef & { readonly type: "boolean" };

/** The options of one command, as citty's `args` (so its help shows them) plus `multiple`. */
export type OptionsDef = Readonly<Record<string, StringOption | BooleanOption>>;

/** The value an option reads as: its type derived from its definition. */
export type OptionValue<D> = D extends { type: "boolean" }
  ? boolean
  : D extends { multiple: true }
    ? string[]
    : D extends { default: string }
      ? string
      : string | undefined;

/** What {@link readOptions} returns: each option's value, and which options were given. */
export interface ReadOptions<T extends OptionsDef> {
  readonly values: { readonly [K in keyof T]: OptionValue<T[K]> };
  /** The options the command line named, in the order first given. */
  readonly given: readonly (keyof T & string)[];
}

/**
 * Reads a command's options strictly, where citty's parser is lenient: an unknown option, a
 * missing value, a value for a flag, a repeated single option or a stray argument is a
 * {@link UsageError}. Accepts `--name value`, `--name=value` and `--no-flag`.
 *
 * @param command - the command's full name for messages, e.g. `meshform codegen`
 * @throws UsageError for any of the mistakes above
 */
export function readOptions<T extends OptionsDef>(rawArgs: readonly string[], def: T, command: string): ReadOptions<T> {
  const found = new Map<string, string | boolean | string[]>();
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i]!;
    if (token === "--" && i === rawArgs.length - 1) break;
    if (token === "--" || token === "-" || !token.startsWith("-")) {
      throw new UsageError(`unexpected argument '${token === "--" ? rawArgs[i + 1] : token}'`, command);
    }
    const eq = token.indexOf("=");
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : token.slice(eq + 1);
    const option = token.startsWith("--") ? def[name] : undefined;
    if (option?.type === "string") {
      const value = inline ?? takeValue(rawArgs[i + 1], token, option, command);
      if (inline === undefined) i += 1;
      storeString(found, name, value, option, command);
    } else {
      found.set(...readFlag(token, name, inline, def, command));
    }
  }
  return { values: withDefaults(def, found), given: [...found.keys()] as (keyof T & string)[] };
}

/** What {@link splitInputs} returns: the inputs named, and the rest for {@link readOptions}. */
export interface SplitArguments {
  readonly inputs: string[];
  readonly options: string[];
}

/**
 * Splits a command line into input paths and options, for commands that take any number of
 * inputs: a word that is not an option, `-` (standard input) and everything after `--` is an
 * input; a string option of `def` takes the next word as its value.
 *
 * @throws UsageError when no input is named
 */
export function splitInputs(rawArgs: readonly string[], def: OptionsDef, command: string): SplitArguments {
  const inputs: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < rawArgs.length; i += 1) {
    const token = rawArgs[i]!;
    if (token === "--") {
      inputs.push(...rawArgs.slice(i + 1));
      break;
    }
    if (token === "-" || !token.startsWith("-")) {
      inputs.push(token);
      continue;
    }
    options.push(token);
    if (def[token.slice(2)]?.type === "string" && i + 1 < rawArgs.length) options.push(rawArgs[(i += 1)]!);
  }
  if (inputs.length === 0) throw new UsageError("no input given: name files, folders, or - for standard input", command);
  return { inputs, options };
}

// --- internal ---

function takeValue(next: string | undefined, token: string, option: StringOption, command: string): string {
  if (next === undefined || (next.startsWith("-") && next !== "-")) {
    throw new UsageError(`option '${token}' needs a value (${token} <${option.valueHint ?? "value"}>)`, command);
  }
  return next;
}

function storeString(found: Map<string, string | boolean | string[]>, name: string, value: string, option: StringOption, command: string): void {
  const before = found.get(name);
  if (option.multiple) found.set(name, [...((before as string[] | undefined) ?? []), value]);
  else if (before !== undefined) throw new UsageError(`option '--${name}' is given more than once`, command);
  else found.set(name, value);
}

function readFlag(token: string, name: string, inline: string | undefined, def: OptionsDef, command: string): [string, boolean] {
  const negated = name.startsWith("no-") ? name.slice(3) : undefined;
  const flag = token.startsWith("--") ? (def[name] ?? (negated === undefined ? undefined : def[negated])) : undefined;
  if (flag?.type !== "boolean") throw new UsageError(`unknown option '${token.split("=")[0]}'`, command);
  if (inline !== undefined) throw new UsageError(`option '${token.split("=")[0]}' takes no value`, command);
  return def[name] === flag ? [name, true] : [negated!, false];
}

function withDefaults<T extends OptionsDef>(def: T, found: Map<string, string | boolean | string[]>): ReadOptions<T>["values"] {
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(def)) {
    const fallback = option.type === "boolean" ? (option.default ?? false) : option.multiple ? [] : option.default;
    values[name] = found.get(name) ?? fallback;
  }
  return values as ReadOptions<T>["values"];
}
