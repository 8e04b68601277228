// The ApplicationSets of a config with environments and clusters, as `meshform validate` reads
// them: emitted as YAML, read back as kubectl reads it, and checked by validate's own catalog
// against Argo CD's ApplicationSet schema (@meshform/argo-cd), not skipped as a kind without a
// schema.
import { describe, expect, it } from "vitest";
import { buildApplicationSet, buildEnvironmentApplicationSets, emitManifest, type EnvironmentApplicationSetOptions, type KubeResource } from "@meshform/render";
import { createValidator, validateManifests } from "@meshform/validate";

const repoURL = "https://git.example.com/platform.git";
const environments: EnvironmentApplicationSetOptions[] = [
  { repoURL, path: "generated", environment: "dev", folders: ["_cluster", "bookinfo"] },
  { repoURL, path: "generated", environment: "staging", destination: { name: "staging" }, applicationsSync: "create-update", folders: ["bookinfo"] },
  {
    repoURL,
    path: "generated",
    environment: "prod",
    automated: true,
    clusters: [
      { name: "east", server: "https://east.example.com:6443", folders: ["_cluster", "bookinfo", "payments"] },
      { name: "west", clusterName: "prod-west", folders: ["bookinfo"] },
    ],
  },
  {
    repoURL,
    path: "generated",
    environment: "edge",
    clusters: [
      { name: "a", server: "https://a.example.com:6443" },
      { name: "b", server: "https://b.example.com:6443" },
    ],
  },
];

/** Every issue `validate` reports for `resource` written as meshform writes it. */
function issuesOf(resource: KubeResource): unknown[] {
  const validator = createValidator({ strict: true });
  const text = emitManifest(resource);
  return validateManifests(validator, text, `applicationset_argoproj.io_${resource.metadata.name}.yaml`).flatMap((document) => document.issues);
}

describe("the ApplicationSets of environments and clusters, validated", () => {
  const sets = buildEnvironmentApplicationSets(environments);

  it("pass Argo CD's schema with no issue, each with a name of its own", () => {
    expect(sets.map((set) => set.metadata.name)).toEqual(["meshform-dev", "meshform-staging", "meshform-prod", "meshform-edge"]);
    for (const set of sets) expect(issuesOf(set)).toEqual([]);
    expect(issuesOf(buildApplicationSet({ repoURL, path: "generated" }))).toEqual([]);
  });

  it("are checked, not skipped: a field Argo CD does not know, or a generator of the wrong shape, is reported", () => {
    const prod = sets[2] as KubeResource;
    const spec = prod.spec as Record<string, unknown>;
    const { generators, ...rest } = spec;
    const misspelled = { ...prod, spec: { ...rest, generator: generators } };
    expect(issuesOf(misspelled)).toEqual([
      expect.objectContaining({ code: "SCHEMA_INVALID", severity: "error", path: ["spec", "generators"], message: "Required value" }),
      expect.objectContaining({ code: "UNKNOWN_FIELD", severity: "error", path: ["spec", "generator"] }),
    ]);
    const badMatrix = { ...prod, spec: { ...spec, generators: [{ matrix: { generators: "list" } }] } };
    expect(issuesOf(badMatrix)).toEqual([expect.objectContaining({ severity: "error", path: ["spec", "generators", 0, "matrix", "generators"] })]);
  });
});
