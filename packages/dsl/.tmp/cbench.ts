import { defineMesh, compile } from "../src/index.js";
import { buildWorkload } from "../../../bench/workload.js";
const res = buildWorkload(10000);
let t = performance.now();
const mesh = defineMesh({}, (m) => { for (const r of res) m.resource(r as never); });
console.log("define", (performance.now() - t).toFixed(0));
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const c = compile(mesh.model);
  console.log("compile", (performance.now() - t).toFixed(0), c.resources.length, c.issues.length);
}
