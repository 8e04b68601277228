/**
 * What generated meshform kinds need at run time: the shape of a kind's metadata
 * ({@link KindInfo}), the CEL rules it carries, and the small zod helpers the generated
 * schemas use for what zod has no word for (mutually exclusive fields, list keys, formats).
 *
 * @packageDocumentation
 */
export type { KindInfo, KindEntry, SchemaDefault, CelRule, KindScope, Resource, KindFactory, AvailabilityIndex } from "./kind-info.js";
export { sinceOf } from "./availability.js";
export type { OneOf, Exclusive } from "./one-of.js";
export { exclusive, conditional, type ConditionalBranch } from "./one-of.js";
export { uniqueListKeys, uniqueSet } from "./list.js";
export { intOrString, formatString, checkFormat, type StringFormat, KNOWN_FORMATS } from "./format.js";
export { BRANCH_KEYWORDS, matchesSchema, type BranchSchema } from "./branch.js";
export { propertyCount } from "./map.js";
export { formatPath } from "./path.js";
export { compiledSchema, schemaForChecking } from "./compiled.js";
export { strictObject, looseObject, lazy, type ShapeOf, type SchemaOf, type OptionalSchemaOf, type KnownFields } from "./object.js";
export {
  DNS_LABEL_MAX_LENGTH, DNS_SUBDOMAIN_MAX_LENGTH, LABEL_VALUE_MAX_LENGTH, PORT_NAME_MAX_LENGTH, DNS1123_SUBDOMAIN_PATTERN,
  regexError, maxLengthError, dns1123LabelProblems, dns1123SubdomainProblems, dns1035LabelProblems, qualifiedNameProblems,
  labelValueProblems, portNameProblems, portNumberProblems, configKeyProblems,
} from "./names.js";
