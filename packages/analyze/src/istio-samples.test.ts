/**
 * Istio's own Bookinfo samples at the release meshform targets (1.30.3), read from a git mirror of
 * istio/istio when one is at hand: analysis finds nothing wrong in them as Istio ships them, and
 * finds the mistakes a change to them introduces. The samples are read, never copied here.
 * `MESHFORM_ISTIO_REPO` names the mirror's git directory.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { analyzeMesh } from "./analyze.js";
import { pathText, readYaml } from "./testing.js";
import type { AnalyzedResource } from "./types.js";

const REPO = process.env.MESHFORM_ISTIO_REPO ?? "/work/.mirror/istio+istio/repo";
const TAG = "1.30.3";

/** The sample at `path` in the mirror, or `undefined` when there is no mirror or no such tag. */
function sample(path: string): string | undefined {
  if (!existsSync(REPO)) return undefined;
  try {
    return execFileSync("git", ["--git-dir", REPO, "show", `${TAG}:${path}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

const FILES = ["samples/bookinfo/platform/kube/bookinfo.yaml", "samples/bookinfo/networking/bookinfo-gateway.yaml", "samples/bookinfo/networking/destination-rule-all.yaml", "samples/bookinfo/networking/virtual-service-all-v1.yaml"];
const texts = FILES.map(sample);
const note = texts.every((t) => t !== undefined) ? "" : ` (skipped: no istio/istio mirror with tag ${TAG} at ${REPO}; set MESHFORM_ISTIO_REPO)`;

/** The samples' resources, each file edited by `edit` first. */
function bookinfo(edit: (file: string, text: string) => string = (_, text) => text): AnalyzedResource[] {
  return FILES.flatMap((file, i) => readYaml(edit(file, texts[i]!), file.split("/").at(-1)));
}

const summary = (resources: AnalyzedResource[]) => analyzeMesh(resources).map((i) => [i.code, `${i.resource?.kind} ${i.resource?.namespace}/${i.resource?.name}`, pathText(i.path), i.source?.file]);

describe(`Istio's Bookinfo samples at ${TAG}`, () => {
  test.skipIf(note !== "")(`draw no finding as Istio ships them${note}`, () => {
    const resources = bookinfo();
    expect(resources.filter((r) => r.object.kind === "VirtualService").length).toBe(5);
    expect(summary(resources)).toEqual([]);
  });

  test.skipIf(note !== "")(`draw the mistakes a change introduces: a subset no DestinationRule defines, a host the gateway does not serve, a second VirtualService for one host${note}`, () => {
    const resources = bookinfo((file, text) => {
      if (file.endsWith("bookinfo-gateway.yaml")) return text.replace('    - "*"\n', '    - "bookinfo.example.com"\n').replace('  hosts:\n  - "*"\n', '  hosts:\n  - "books.example.com"\n');
      if (file.endsWith("virtual-service-all-v1.yaml")) {
        return `${text.replace("host: ratings\n        subset: v1", "host: ratings\n        subset: v3")}\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews-canary\nspec:\n  hosts:\n  - reviews.default.svc.cluster.local\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v2\n`;
      }
      return text;
    });
    expect(summary(resources)).toEqual([
      ["VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY", "VirtualService default/bookinfo", "spec.gateways[0]", "bookinfo-gateway.yaml"],
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService default/reviews", "spec.hosts[0]", "virtual-service-all-v1.yaml"],
      ["SUBSET_NOT_FOUND", "VirtualService default/ratings", "spec.http[0].route[0].destination.subset", "virtual-service-all-v1.yaml"],
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService default/reviews-canary", "spec.hosts[0]", "virtual-service-all-v1.yaml"],
    ]);
  });
});
