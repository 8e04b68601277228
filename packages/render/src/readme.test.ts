import fc from "fast-check";
import Handlebars from "handlebars";
import { describe, expect, test } from "vitest";
import { compileReadme, DEFAULT_README_TEMPLATE, readmeContextOf, renderDefaultReadme, type ReadmeContext } from "./readme.js";
import { planTree } from "./plan.js";

/** The default template as handlebars renders it, with the options compileReadme gives it. */
const byHandlebars = Handlebars.create().compile<ReadmeContext>(DEFAULT_README_TEMPLATE, { noEscape: true, strict: true });

const resource = fc.record({
  apiVersion: fc.constantFrom("v1", "gateway.networking.k8s.io/v1", "networking.istio.io/v1"),
  kind: fc.constantFrom("Service", "HTTPRoute", "DestinationRule", "Namespace"),
  name: fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?$/),
  file: fc.stringMatching(/^[a-z0-9._-]{1,40}\.yaml$/),
});

const context: fc.Arbitrary<ReadmeContext> = fc
  .record({ namespace: fc.option(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/), { nil: null }), resources: fc.array(resource, { maxLength: 6 }) })
  .map(({ namespace, resources }) => ({
    folder: namespace ?? "_cluster",
    namespace,
    cluster: namespace === null,
    resources,
    count: resources.length,
    countText: `${resources.length} ${resources.length === 1 ? "resource" : "resources"}`,
  }));

describe("the default README", () => {
  test("is the text handlebars makes of the default template, for any folder", () => {
    fc.assert(
      fc.property(context, (folder) => {
        expect(renderDefaultReadme(folder)).toBe(byHandlebars(folder));
      }),
    );
  });

  test("is the text handlebars makes for planned folders: a namespace, the cluster folder, one resource", () => {
    const plan = planTree([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
      { apiVersion: "v1", kind: "Service", metadata: { name: "reviews", namespace: "shop" } },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "reader" } },
    ]);
    expect(plan.folders.map((folder) => folder.folder)).toEqual(["_cluster", "shop"]);
    for (const folder of plan.folders) {
      const readme = readmeContextOf(folder);
      expect(renderDefaultReadme(readme)).toBe(byHandlebars(readme));
    }
  });

  test("is what compileReadme renders for the default template; another template goes through handlebars", () => {
    expect(compileReadme(DEFAULT_README_TEMPLATE)).toBe(renderDefaultReadme);
    const custom = compileReadme("{{folder}}: {{countText}}\n");
    const folder = readmeContextOf(planTree([{ apiVersion: "v1", kind: "Service", metadata: { name: "a", namespace: "shop" } }]).folders[0]!);
    expect(custom(folder)).toBe("shop: 1 resource\n");
  });
});
