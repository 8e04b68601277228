/** The generator's name and version, as written in every generated file's header. */
export const GENERATOR = "@meshform/codegen 0.1.0";
