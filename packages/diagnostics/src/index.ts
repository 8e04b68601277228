/**
 * Findings as data. Every stage that checks something (`validate`, `analyze`, the DSL's
 * `compile`) returns {@link Issue}s and never throws for a user's mistake; only the edges (the
 * CLI) decide to stop. {@link MeshformError} is the base of the errors that do stop a run.
 *
 * @packageDocumentation
 */
export type { Issue, IssueSeverity, IssueResource, SourceLocation } from "./issue.js";
export { formatIssue, formatResource, formatSource, summarizeIssues, countIssues } from "./format.js";
export { MeshformError, isMeshformError } from "./error.js";
export { formatPath } from "./path.js";
export { describeFileSystemFailure, isSystemError, type SystemError } from "./system-error.js";
