import { openProject } from "./dist/config/open-project.js";
import { runMutationCheck } from "./dist/commands/mutation-adequacy.js";
const only = process.argv[2]?.split(",");
const { project } = await openProject({});
const rules = project.rules.filter((r) => !only || only.includes(r.meta.id));
const run = await runMutationCheck(project, rules, 1, undefined, Number(process.env.RUNS ?? 0));
let t = { m: 0, k: 0, e: 0, s: 0 };
for (const r of run.reports) {
  const surv = r.outcomes.filter((o) => o.status === "known" || o.status === "survived");
  t.m += r.mutants; t.k += r.killed; t.e += r.equivalent; t.s += surv.length;
  if (surv.length || r.staleMarks.length) console.log(r.rule, r.mutants, r.killed, r.equivalent, surv.length, "stale", r.staleMarks.filter(x=>!/known/.test(x)).join(" | ").slice(0,300));
  if (process.env.SHOW) for (const o of surv) console.log("   ", o.id, o.witness ? JSON.stringify(o.witness) : "");
}
console.log(t);
if (process.env.WRITE) {
  const { writeKnownSurvivors } = await import("./dist/commands/mutation-adequacy.js");
  console.log(writeKnownSurvivors(project.ruleFolders, run.reports).length, "files");
}
