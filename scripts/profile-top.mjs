#!/usr/bin/env node
// The functions of a CPU profile (Chromium's .cpuprofile, e.g. from
// `bench-edit.mjs --profile`) by own ("self") time, and by total time
// (counted once per sample however deep the recursion), top N of each.
//
//   node scripts/profile-top.mjs out.cpuprofile [N]

import { readFileSync } from "node:fs";

const [file, n = "30"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/profile-top.mjs out.cpuprofile [N]");
  process.exit(1);
}
const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const nameOf = (node) => node.callFrame.functionName || `(anonymous ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber})`;

const self = new Map();
const total = new Map();
let all = 0;
samples.forEach((id, i) => {
  const dt = timeDeltas[i] ?? 0;
  all += dt;
  const leaf = nameOf(byId.get(id));
  self.set(leaf, (self.get(leaf) ?? 0) + dt);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const name = nameOf(byId.get(at));
    if (!seen.has(name)) total.set(name, (total.get(name) ?? 0) + dt);
    seen.add(name);
  }
});
const show = (title, map) => {
  console.log(`\n${title} (of ${(all / 1000).toFixed(1)} ms sampled)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / all).toFixed(1).padStart(5)} %  ${name.slice(0, 140)}`);
  }
};
show("own time", self);
show("total time", total);
