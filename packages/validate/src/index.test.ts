import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageFolder = fileURLToPath(new URL("..", import.meta.url));

describe("the package's entry", () => {
  it("does not load the YAML library that finds lines until a line is asked for", () => {
    const script = `
      import { createRequire } from "node:module";
      const { parseManifests } = await import("@meshform/validate");
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => /[\\\\/]yaml[\\\\/]dist[\\\\/]/.test(file));
      const before = loaded();
      parseManifests("kind: [", "bad.yaml").issue;
      const file = parseManifests("a: 1\\nb: 2\\n", "ok.yaml");
      const line = file.documents[0].lineOf(["b"]);
      console.log(JSON.stringify({ before, after: loaded(), line }));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: packageFolder, encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({ before: false, after: true, line: 2 });
  }, 60_000);
});
