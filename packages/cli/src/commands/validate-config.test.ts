// `meshform validate --config` and `meshform analyze --config` on trees `meshform generate` wrote:
// with the config, checking the tree gives generate's verdict; without it, what they always said.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../main.js";
import { captureIo, scratchFolder } from "../testing.js";

const WORK = scratchFolder("cli-validate-config");

/**
 * One mesh without environments: it targets the experimental channel (an HTTPRoute `retry`),
 * routes to Services it declares with `ns.service()` and `mesh.external()`, and suppresses a
 * finding with its reason.
 */
const SINGLE = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { gatewayApi: { channel: "experimental" } } }, (mesh) => {
  mesh.external({ services: ["shop/legacy"] });
  const shop = mesh.namespace("shop", { dataplane: "ambient" });
  const reviews = shop.service("reviews", { ports: [9080] });
  const legacy = shop.service("legacy", { ports: [8080] });
  const spare = shop.waypoint("spare");
  mesh.suppress("WAYPOINT_UNUSED", { resource: spare, reason: "bound by namespaces outside this config" });
  shop.useWaypoint(shop.waypoint("waypoint"));
  shop.httpRoute("reviews").attachTo(reviews).rule((r) => r.to(reviews, { port: 9080 }).retry({ attempts: 3 }));
  shop.httpRoute("legacy").attachTo(legacy).rule((r) => r.to(legacy, { port: 8080 }));
});
`;

/** The same kind of mesh in two environments: dev on the experimental channel, prod on two clusters and an older Istio. */
const ENVIRONMENTS = `import { defineMesh } from "@meshform/dsl";

export default defineMesh(
  {
    environments: {
      dev: { targets: { gatewayApi: { channel: "experimental" } } },
      prod: { targets: { istio: "1.24.6" }, clusters: { east: { server: "https://east.example.com:6443" }, west: { name: "prod-west" } } },
    },
  },
  (mesh, env) => {
    const shop = mesh.namespace("shop", { dataplane: "ambient" });
    const reviews = shop.service("reviews", { ports: [9080] });
    shop.useWaypoint(shop.waypoint("waypoint"));
    const spare = shop.waypoint("spare");
    mesh.suppress("WAYPOINT_UNUSED", { resource: spare, reason: "bound by namespaces outside this config" });
    const route = shop.httpRoute("reviews").attachTo(reviews);
    route.rule((r) => (env.name === "dev" ? r.to(reviews, { port: 9080 }).retry({ attempts: 3 }) : r.to(reviews, { port: 9080 })));
    if (env.name === "prod") mesh.placeOn(["east"], route);
  },
);
`;

/** What a command printed, parsed, and its exit code. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = captureIo();
  const code = await main(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** A finding as the three commands can agree on it: its code and the resource it is about. */
interface Finding {
  readonly code: string;
  readonly resource: string;
}

interface Record_ {
  readonly code: string;
  readonly severity: string;
  readonly resource?: { readonly kind: string; readonly namespace?: string; readonly name: string };
}

function findingOf(record: Record_): Finding {
  const r = record.resource;
  return { code: record.code, resource: r ? `${r.kind} ${r.namespace ?? ""}/${r.name}` : "" };
}

/** Sorted, for comparing as sets. */
function sorted(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => `${a.code} ${a.resource}`.localeCompare(`${b.code} ${b.resource}`));
}

/** The findings `meshform generate --json` reports for a config. */
async function generate(config: string, out: string): Promise<Finding[]> {
  const { code, stdout, stderr } = await run("generate", "--config", config, "--out", out, "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const summary = JSON.parse(stdout) as { issues?: Record_[]; findings?: Record_[] };
  return sorted((summary.issues ?? summary.findings ?? []).map(findingOf));
}

/** The findings `meshform analyze --json` reports. */
async function analyze(...args: string[]): Promise<Finding[]> {
  const { code, stdout, stderr } = await run("analyze", "--json", ...args);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return sorted((JSON.parse(stdout) as { findings: Record_[] }).findings.map(findingOf));
}

/** The findings `meshform validate --json` reports, every document's errors and warnings. */
async function validate(...args: string[]): Promise<Finding[]> {
  const { code, stdout, stderr } = await run("validate", "--json", ...args);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const documents = JSON.parse(stdout) as { kind?: string; namespace?: string; name?: string; errors: Record_[]; warnings: Record_[] }[];
  return sorted(documents.flatMap((d) => [...d.errors, ...d.warnings].map((record) => ({ code: record.code, resource: `${d.kind} ${d.namespace ?? ""}/${d.name ?? ""}` }))));
}

/** Whether every finding of `checked` is one of `generated`. */
function within(checked: readonly Finding[], generated: readonly Finding[]): Finding[] {
  return checked.filter((finding) => !generated.some((g) => g.code === finding.code && g.resource === finding.resource));
}

let single: { config: string; out: string; findings: Finding[] };
let environments: { config: string; out: string; findings: Finding[] };

beforeAll(async () => {
  await mkdir(WORK, { recursive: true });
  await writeFile(join(WORK, "single.config.ts"), SINGLE);
  await writeFile(join(WORK, "environments.config.ts"), ENVIRONMENTS);
  const singleConfig = join(WORK, "single.config.ts");
  const environmentsConfig = join(WORK, "environments.config.ts");
  single = { config: singleConfig, out: join(WORK, "single"), findings: await generate(singleConfig, join(WORK, "single")) };
  environments = { config: environmentsConfig, out: join(WORK, "environments"), findings: await generate(environmentsConfig, join(WORK, "environments")) };
}, 120_000);
afterAll(async () => {
  await rm(WORK, { recursive: true, force: true });
});

describe("a config without environments", () => {
  test("validate --config takes the config's channel: no warning that the experimental fields are unknown", async () => {
    expect(await validate(single.out)).toEqual([{ code: "UNKNOWN_FIELD", resource: "HTTPRoute shop/reviews" }]);
    const checked = await validate("--config", single.config, single.out);
    expect(within(checked, single.findings)).toEqual([]);
    expect(checked).toEqual([]);
  });

  test("analyze --config takes the config's externals and suppressions: only what generate found", async () => {
    const without = await analyze(single.out);
    expect(without).toEqual(
      expect.arrayContaining([
        { code: "SERVICE_NOT_FOUND", resource: "HTTPRoute shop/reviews" },
        { code: "SERVICE_NOT_FOUND", resource: "HTTPRoute shop/legacy" },
        { code: "WAYPOINT_UNUSED", resource: "Gateway shop/spare" },
      ]),
    );
    const checked = await analyze("--config", single.config, single.out);
    expect(within(checked, single.findings)).toEqual([]);
    expect(checked.map((f) => f.code)).not.toContain("SERVICE_NOT_FOUND");
    expect(checked.map((f) => f.code)).not.toContain("WAYPOINT_UNUSED");
  });

  test("--env is refused for a config without environments, and without --config", async () => {
    const noEnvironments = await run("validate", "--config", single.config, "--env", "prod", single.out);
    expect(noEnvironments.code).toBe(2);
    expect(noEnvironments.stderr).toMatch(/--env prod: .*single\.config\.ts declares no environments; drop --env/);
    const noConfig = await run("analyze", "--env", "prod", single.out);
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toMatch(/--env names an environment of the config: give the config with --config <file>/);
  });

  test("flags that say what the config says are refused beside --config", async () => {
    const release = await run("validate", "--config", single.config, "--gateway-api-channel", "standard", single.out);
    expect(release.code).toBe(2);
    expect(release.stderr).toMatch(/--gateway-api-channel and --config both say what to check against: the config's targets apply; drop --gateway-api-channel/);
    const root = await run("analyze", "--config", single.config, "--root-namespace", "mesh-root", single.out);
    expect(root.code).toBe(2);
    expect(root.stderr).toMatch(/--root-namespace and --config both say .* the config's rootNamespace apply/);
  });

  test("a config that does not exist is one error line", async () => {
    const missing = await run("analyze", "--config", join(WORK, "nothing.config.ts"), single.out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*nothing\.config\.ts: no such file/);
  });
});

describe("a config with environments", () => {
  test("each environment's and cluster's tree, checked with --config and --env, gives no finding generate did not", async () => {
    const trees = [
      ["dev", "dev"],
      ["prod", "prod/east"],
      ["prod", "prod/west"],
    ] as const;
    for (const [env, folder] of trees) {
      const tree = join(environments.out, folder);
      expect(within(await validate("--config", environments.config, "--env", env, tree), environments.findings)).toEqual([]);
      expect(within(await analyze("--config", environments.config, "--env", env, tree), environments.findings)).toEqual([]);
    }
    // Without the config, dev's tree draws the warnings generate did not.
    expect(await validate(join(environments.out, "dev"))).toEqual([{ code: "UNKNOWN_FIELD", resource: "HTTPRoute shop/reviews" }]);
    expect((await analyze(join(environments.out, "dev"))).map((f) => f.code)).toContain("SERVICE_NOT_FOUND");
  });

  test("the environment's targets apply: prod's Istio 1.24.6 serves the tree prod's run wrote", async () => {
    const { stdout } = await run("validate", "--config", environments.config, "--env", "prod", join(environments.out, "prod/east"));
    expect(stdout).toMatch(/^Found 0 errors and 0 warnings in \d+ documents/m);
  });

  test("--env is needed when the config declares several environments, and must be one of them", async () => {
    const none = await run("validate", "--config", environments.config, join(environments.out, "dev"));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/declares the environments dev, prod: name the one the input belongs to with --env <name>/);
    const wrong = await run("analyze", "--config", environments.config, "--env", "prd", join(environments.out, "dev"));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--env prd: .* declares no such environment; it declares dev, prod/);
  });
});
