import { ruleTargetedArbitrary } from "/work/main/generators/dist/index.js";
import { OPA_RULES } from "/work/main/policies-opa/dist/index.js";
import { KYVERNO_RULES } from "/work/main/policies-kyverno/dist/index.js";
import { createOracleEngine } from "/work/main/packages/engines/dist/index.js";
import fc from "fast-check";
const cases = [["k8scontainerrequests","Job",30],["k8scontainerlimits","Job",11],["memory-requests-equal-limits","StatefulSet",18]];
for (const [id, kind, i] of cases) {
  const rule = [...OPA_RULES, ...KYVERNO_RULES].find(r => r.meta.id === id);
  const objs = fc.sample(ruleTargetedArbitrary(rule, kind), { seed: 20261128, numRuns: 50 });
  const o = objs[i];
  const r = createOracleEngine({ rules: [rule] }).evaluate(o)[0];
  const pod = o.spec.template ?? o.spec.jobTemplate.spec.template;
  const cs = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].map(c => c.resources);
  console.log(id, r.verdict, JSON.stringify(r.messages).slice(0, 300), JSON.stringify(cs));
}
