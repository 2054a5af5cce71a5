import { openProject } from "./dist/config/open-project.js";
const { project } = await openProject({});
const r = project.rules.find((x) => x.meta.id === "k8scontainerlimits");
const v = r.violations;
console.log(v.length, v[0].when.args[0] === v[1].when.args[0], v[1].when.args[0] === v[6].when.args[0]);
