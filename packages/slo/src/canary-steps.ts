import { stringify } from "yaml";
import { CANARY_HASH_ARG } from "./promql.js";
import { analysisTemplateName, type ServiceSlos } from "./service-slos.js";

/** A canary step of an Argo Rollout: a traffic weight, or an analysis of the SLOs. */
export type CanaryStep =
  | { readonly setWeight: number }
  | {
      readonly analysis: {
        readonly templates: readonly { readonly templateName: string }[];
        readonly args?: readonly {
          readonly name: string;
          readonly valueFrom: { readonly podTemplateHashValue: "Latest" };
        }[];
      };
    };

/**
 * The canary steps that run the service's analysis: each weight, then the analysis of every SLO
 * at that weight. A failed analysis aborts the Rollout (traffic returns to the stable version);
 * after the last step the canary is promoted.
 *
 * @param s - the service's SLOs
 * @returns the steps, for `spec.strategy.canary.steps`
 */
export function canaryStepsOf(s: ServiceSlos): CanaryStep[] {
  const canaryOnly = s.slos.some((slo) => slo.canaryOnly);
  const analysis: CanaryStep = {
    analysis: {
      templates: [{ templateName: analysisTemplateName(s.service) }],
      ...(canaryOnly
        ? { args: [{ name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: "Latest" as const } }] }
        : {}),
    },
  };
  return s.weights.flatMap((w) => [{ setWeight: w }, analysis]);
}

/**
 * A kustomize Component that adds the AnalysisTemplate and sets the Rollout's canary steps: a
 * team lists it under `components:` of the kustomization that holds the Rollout.
 *
 * @param s - the service's SLOs
 * @param templateFile - the AnalysisTemplate's file, relative to the component's folder
 * @returns the component's `kustomization.yaml` content
 */
export function canaryComponentOf(s: ServiceSlos, templateFile: string): Record<string, unknown> {
  const patch = [{ op: "add", path: "/spec/strategy", value: { canary: { steps: canaryStepsOf(s) } } }];
  return {
    apiVersion: "kustomize.config.k8s.io/v1alpha1",
    kind: "Component",
    resources: [templateFile],
    patches: [
      {
        target: { group: "argoproj.io", version: "v1alpha1", kind: "Rollout", name: s.rollout },
        patch: stringify(patch, { lineWidth: 0, aliasDuplicateObjects: false }),
      },
    ],
  };
}
