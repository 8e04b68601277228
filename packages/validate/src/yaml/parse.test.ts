import { describe, expect, test } from "vitest";
import { parseManifests } from "./parse.js";

describe("parseManifests", () => {
  test("gives each non-empty document with its index and the line of any field, read as kubectl reads YAML", () => {
    const text = "# a comment\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    enabled: on\n    mode: 0755\n---\n---\nkind: Service\n";
    const { documents, issue } = parseManifests(text, "ns.yaml");
    expect(issue).toBeUndefined();
    expect(documents.map(({ file, index, object }) => ({ file, index, object }))).toEqual([
      { file: "ns.yaml", index: 0, object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { enabled: true, mode: 493 } } } },
      { file: "ns.yaml", index: 1, object: { kind: "Service" } },
    ]);
    expect([["metadata", "labels", "mode"], ["metadata", "labels", "missing"], ["spec"]].map((path) => documents[0]?.lineOf(path))).toEqual([8, 6, 2]);
    expect(documents[1]?.lineOf(["kind"])).toBe(11);
  });

  test("gives each item of a List on its own, with its lines, and marks a kustomization file skipped", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- apiVersion: v1",
      "  kind: Service",
      "  metadata: { name: a }",
      "- just: data",
      "---",
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "",
    ].join("\n");
    const { documents } = parseManifests(text, "list.yaml");
    expect(documents.map((d) => [d.index, d.item, d.skipped, d.lineOf(["metadata", "name"])])).toEqual([
      [0, 0, undefined, 6],
      [0, 1, undefined, 7],
      [1, undefined, "a kustomization file, not a resource", 9],
    ]);
  });

  test("a file that is not YAML gives no documents and one YAML_SYNTAX issue at its line", () => {
    expect(parseManifests("apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\nkind: Service\n\tname: b\n", "bad.yaml")).toEqual({
      file: "bad.yaml",
      documents: [],
      issue: { code: "YAML_SYNTAX", severity: "error", message: "cannot read as YAML: tab characters must not be used in indentation", source: { file: "bad.yaml", line: 6 } },
    });
  });

  test("a billion-laughs alias bomb is refused as Kubernetes' YAML reader refuses it, naming the document and its line, in milliseconds", () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of [..."bcdefghi"].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(",")}]`);
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok }\n---\n${levels.join("\n")}\n`;
    const started = performance.now();
    const read = parseManifests(bomb, "bomb.yaml");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(read).toEqual({
      file: "bomb.yaml",
      documents: [],
      issue: {
        code: "YAML_SYNTAX",
        severity: "error",
        message: "cannot read as YAML: document 2 contains excessive aliasing, which Kubernetes' YAML reader refuses",
        hint: "write the repeated values out instead of nesting aliases of aliases",
        source: { file: "bomb.yaml", line: 5 },
      },
    });
  });

  test("an alias bomb of maps written as JSON, each alias right after its key's colon, is refused as well", () => {
    const levels = ['"a": &a {"1":"x","2":"x","3":"x","4":"x","5":"x","6":"x","7":"x","8":"x","9":"x"}'];
    for (const [i, name] of [..."bcdefghi"].entries()) levels.push(`"${name}": &${name} {${Array.from({ length: 9 }, (_, k) => `"${k}":*${"abcdefgh"[i]}`).join(",")}}`);
    expect(parseManifests(`{${levels.join(",")}}`, "bomb.json").issue?.message).toBe("cannot read as YAML: document 1 contains excessive aliasing, which Kubernetes' YAML reader refuses");
  });

  test("an anchor whose value holds an alias of itself is refused, not walked forever", () => {
    expect(parseManifests("kind: ConfigMap\ndata: &d { a: *d }\n", "loop.yaml").issue?.message).toBe(
      "cannot read as YAML: document 1 contains an anchor whose value contains itself, which Kubernetes' YAML reader refuses",
    );
  });

  test("ordinary anchors, aliases and merge keys are read, each alias a full copy of its anchor", () => {
    const text = [
      "kind: Deployment",
      "metadata:",
      "  labels: &labels { app: shop, tier: web }",
      "spec:",
      "  selector: { matchLabels: *labels }",
      "  template:",
      "    metadata: { labels: { <<: *labels, version: v1 } }",
      "  hosts: ['*.example.com']",
    ].join("\n");
    const read = parseManifests(text, "anchors.yaml");
    expect(read.issue).toBeUndefined();
    expect(read.documents[0]?.object).toEqual({
      kind: "Deployment",
      metadata: { labels: { app: "shop", tier: "web" } },
      spec: { selector: { matchLabels: { app: "shop", tier: "web" } }, template: { metadata: { labels: { app: "shop", tier: "web", version: "v1" } } }, hosts: ["*.example.com"] },
    });
  });

  test("a __proto__ key, in YAML or JSON, is an ordinary field of the object and never its prototype", () => {
    for (const [text, file] of [
      ["kind: Service\n__proto__: { polluted: yes }\nmetadata:\n  __proto__:\n    polluted: yes\n", "proto.yaml"],
      ['{"kind": "Service", "__proto__": {"polluted": true}, "metadata": {"__proto__": {"polluted": true}}}', "proto.json"],
    ] as const) {
      const object = parseManifests(text, file).documents[0]?.object as Record<string, Record<string, unknown>>;
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(Object.keys(object)).toEqual(expect.arrayContaining(["kind", "__proto__", "metadata"]));
      expect([Object.getOwnPropertyDescriptor(object, "__proto__")?.value, object.polluted]).toEqual([{ polluted: true }, undefined]);
      expect(Object.getOwnPropertyDescriptor(object.metadata, "__proto__")?.value).toEqual({ polluted: true });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});
