/**
 * zod validation throughput on the DESIGN.md workload, in a process of its own, with each kind's
 * schema compiled to zod's fast path as meshform uses it.
 * Usage: `node --import tsx bench/validate-child.ts <services> <rounds>`. Builds the workload once,
 * validates it once to warm up, then times `rounds` full passes. Every resource must be valid: a
 * throughput on rejected input would measure the error path instead. Prints one JSON line.
 */
import { compiledSchema, type KindEntry } from "@meshform/kind-runtime";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as istioKinds } from "@meshform/istio";
import { median, peakRssMiB } from "./measure.js";
import { buildWorkload, type WorkloadResource } from "./workload.js";

const services = Number(process.argv[2] ?? "10000");
const rounds = Number(process.argv[3] ?? "5");

const schemas = new Map<string, KindEntry["schema"]>();
// Compiled as meshform checks resources (`compile`, `meshform validate`); compiling is part of the warm-up.
for (const { info, schema } of [...istioKinds, ...gatewayKinds]) schemas.set(`${info.apiVersion}/${info.kind}`, compiledSchema(schema));

/** Validates every resource with the schema of its apiVersion and kind; returns the count that failed. */
function validateAll(resources: readonly WorkloadResource[]): number {
  let failed = 0;
  for (const resource of resources) {
    const schema = schemas.get(`${resource.apiVersion}/${resource.kind}`);
    if (schema === undefined || !schema.safeParse(resource).success) failed += 1;
  }
  return failed;
}

const buildStart = process.hrtime.bigint();
const resources = buildWorkload(services);
const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;

const warmUpFailures = validateAll(resources);
if (warmUpFailures > 0) {
  const first = resources.find((r) => !schemas.get(`${r.apiVersion}/${r.kind}`)?.safeParse(r).success);
  const issues = first === undefined ? [] : schemas.get(`${first.apiVersion}/${first.kind}`)?.safeParse(first).error?.issues;
  throw new Error(`${warmUpFailures} of ${resources.length} workload resources are invalid; first: ${JSON.stringify({ first, issues })}`);
}

const perSecond: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const start = process.hrtime.bigint();
  const failed = validateAll(resources);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (failed > 0) throw new Error(`round ${round}: ${failed} resources failed validation`);
  perSecond.push(resources.length / seconds);
}

console.log(
  JSON.stringify({
    services,
    resources: resources.length,
    buildMs,
    rounds: perSecond,
    medianPerSecond: median(perSecond),
    peakRssMiB: peakRssMiB(),
  }),
);
