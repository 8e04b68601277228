import { describe, expect, it } from "vitest";
import { applicationSet, ApplicationSetSchema } from "./generated/argoproj.io/v1alpha1.js";
import { availability, kinds } from "./index.js";

describe("@meshform/argo-cd", () => {
  it("holds Argo CD's three kinds of argoproj.io/v1alpha1, namespaced, from v3.5.1", () => {
    expect(kinds.map(({ info }) => `${info.apiVersion} ${info.kind} ${info.plural} ${info.scope}`)).toEqual([
      "argoproj.io/v1alpha1 AppProject appprojects Namespaced",
      "argoproj.io/v1alpha1 Application applications Namespaced",
      "argoproj.io/v1alpha1 ApplicationSet applicationsets Namespaced",
    ]);
    expect(availability.releases).toEqual(["v3.5.1"]);
  });

  it("checks an ApplicationSet with a matrix of a list and a git directory generator, and refuses a misspelled field", () => {
    const set = applicationSet({
      metadata: { name: "meshform-prod", namespace: "argocd" },
      spec: {
        goTemplate: true,
        generators: [
          {
            matrix: {
              generators: [
                { list: { elements: [{ cluster: "east", tree: "generated/prod/east", server: "https://east.example.com:6443" }] } },
                { git: { repoURL: "https://git.example.com/platform.git", revision: "HEAD", directories: [{ path: "{{.tree}}/*" }] } },
              ],
            },
          },
        ],
        template: {
          metadata: { name: "meshform-prod-{{.cluster}}-{{.path.basenameNormalized}}" },
          spec: { project: "default", source: { repoURL: "https://git.example.com/platform.git", path: "{{.path.path}}" }, destination: { server: "{{.server}}" } },
        },
      },
    });
    expect(ApplicationSetSchema.safeParse(set).success).toBe(true);
    const misspelled = { ...set, spec: { ...set.spec, generator: [] } };
    expect(ApplicationSetSchema.safeParse(misspelled).success).toBe(false);
  });
});
