import fc from "fast-check";
import type { V1ObjectMeta, V1PodTemplateSpec } from "@kubernetes/client-node";
import { cloneJson, defineOwn, isObject } from "./json-paths.js";
import { podTemplateSpecArbitrary, selectorLabelsArbitrary, type RestartPolicy } from "./pod-spec.js";

/**
 * A copy of a pod template whose labels include the selector labels.
 *
 * @param template - the generated template
 * @param selector - the selector labels
 * @returns the template, labelled
 */
function labelTemplate(template: V1PodTemplateSpec, selector: Record<string, string>): V1PodTemplateSpec {
  const out = cloneJson(template);
  const metadata: V1ObjectMeta = isObject(out.metadata) ? out.metadata : {};
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  for (const [k, v] of Object.entries(selector)) defineOwn(labels, k, v);
  metadata.labels = labels;
  out.metadata = metadata;
  return out;
}

/**
 * A controller spec with a `selector` and a `template` labelled to match it.
 *
 * @param fields - the spec without selector and template
 * @param restartPolicies - the restart policies the controller allows
 * @param selectorShape - whether the selector is a label selector or (ReplicationController) a plain map
 * @returns an arbitrary of specs
 */
export function selectedControllerSpec<S>(
  fields: fc.Arbitrary<S>,
  restartPolicies: readonly RestartPolicy[],
  selectorShape: "labelSelector" | "map" = "labelSelector",
): fc.Arbitrary<S> {
  return fc
    .tuple(selectorLabelsArbitrary(), fields, podTemplateSpecArbitrary({ restartPolicies }), fc.boolean())
    .map(([selector, spec, template, withSelector]) => {
      const out = cloneJson(spec) as Record<string, unknown>;
      if (selectorShape === "labelSelector") defineOwn(out, "selector", { matchLabels: { ...selector } });
      // A ReplicationController without a selector takes its template's labels.
      if (selectorShape === "map" && withSelector) defineOwn(out, "selector", { ...selector });
      defineOwn(out, "template", labelTemplate(template, selector));
      return out as S;
    });
}
