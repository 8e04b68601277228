// The one path formatter lives in @meshform/diagnostics; kind-runtime re-exports it for the
// generated kinds' users.
export { formatPath } from "@meshform/diagnostics";
