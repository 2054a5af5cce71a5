import {
  and,
  any,
  defineRule,
  exists,
  msg,
  ne,
  not,
  or,
  read,
  typed,
  violation,
  OTHER_KINDS,
  type ExampleObject,
  type Json,
} from "@tollgate/rule-dsl";

/** A reference to an AnalysisTemplate (or ClusterAnalysisTemplate) in an Argo Rollout. */
interface AnalysisTemplateRef {
  templateName?: string;
  clusterScope?: boolean;
}

/** An analysis block: background analysis of a canary, or an analysis step. */
interface RolloutAnalysis {
  templates?: AnalysisTemplateRef[];
  args?: { name: string; value?: string }[];
  startingStep?: number;
}

/** The part of an Argo Rollout (argoproj.io/v1alpha1) this rule reads. */
interface Rollout {
  spec?: {
    strategy?: {
      canary?: {
        analysis?: RolloutAnalysis;
        steps?: { setWeight?: number; pause?: { duration?: string }; analysis?: RolloutAnalysis }[];
      };
      blueGreen?: { activeService?: string; previewService?: string; prePromotionAnalysis?: RolloutAnalysis };
    };
  };
}

function rollout(name: string, strategy?: Json): ExampleObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name, namespace: "default" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: "registry.aibos.internal/app:1.0.0" }] },
      },
      ...(strategy === undefined ? {} : { strategy }),
    },
  };
}

/**
 * An Argo Rollout must use the canary strategy with automated analysis: a background
 * `spec.strategy.canary.analysis.templates[]`, or a canary step's `analysis.templates[]`, naming
 * at least one template (`templateName` non-empty).
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a canary without any analysis",
        object: rollout("canary-no-analysis", {
          canary: { steps: [{ setWeight: 20 }, { pause: { duration: "5m" } }, { setWeight: 100 }] },
        }),
      },
      {
        title: "a blue-green Rollout",
        object: rollout("blue-green", {
          blueGreen: {
            activeService: "app-active",
            previewService: "app-preview",
            prePromotionAnalysis: { templates: [{ templateName: "success-rate" }] },
          },
        }),
      },
      {
        title: "background analysis with an empty template list",
        object: rollout("canary-empty-templates", {
          canary: { analysis: { templates: [] }, steps: [{ setWeight: 50 }, { pause: {} }] },
        }),
      },
      {
        title: "an analysis step whose template has no name",
        object: rollout("canary-unnamed-template", {
          canary: { steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: "" }] } }] },
        }),
      },
      { title: "no strategy at all", object: rollout("no-strategy") },
    ],
    allowed: [
      {
        title: "a canary with background analysis",
        object: rollout("canary-background", {
          canary: {
            analysis: {
              templates: [{ templateName: "success-rate" }],
              startingStep: 1,
              args: [{ name: "service-name", value: "app" }],
            },
            steps: [
              { setWeight: 20 },
              { pause: { duration: "10m" } },
              { setWeight: 60 },
              { pause: { duration: "10m" } },
            ],
          },
        }),
      },
      {
        title: "a canary with an analysis step naming a ClusterAnalysisTemplate",
        object: rollout("canary-step", {
          canary: {
            steps: [
              { setWeight: 20 },
              { analysis: { templates: [{ templateName: "latency-slo", clusterScope: true }] } },
              { setWeight: 100 },
            ],
          },
        }),
      },
    ],
  },
  meta: {
    id: "require-rollout-analysis",
    anchor: "ours/require-rollout-analysis",
    title: "Require Rollout Analysis",
    category: "Progressive Delivery",
    severity: "medium",
    gate: 6,
    subject: "Rollout",
    description:
      "A progressive rollout only protects production when a regression stops it automatically. An Argo Rollout (argoproj.io/v1alpha1) must use the canary strategy (spec.strategy.canary) with automated analysis: background analysis (spec.strategy.canary.analysis.templates[]) or an analysis step (spec.strategy.canary.steps[].analysis.templates[]) naming at least one AnalysisTemplate or ClusterAnalysisTemplate (a non-empty templateName). Blue-green Rollouts, and canaries without analysis, are denied.",
    remediation:
      "Use spec.strategy.canary and add analysis.templates (background) or an analysis step whose templates name an AnalysisTemplate, such as one checking your Prometheus SLOs.",
  },
  match: { kinds: [OTHER_KINDS.Rollout] },
  violations: ({ object }) => {
    const canary = typed<Rollout>(object).spec.strategy.canary;
    const hasAnalysis = or(
      any(canary.analysis.templates, (t) => ne(read(t.templateName, ""), "")),
      any(canary.steps, (s) => any(s.analysis.templates, (t) => ne(read(t.templateName, ""), ""))),
    );
    return [
      violation({
        when: not(exists(canary)),
        field: canary,
        message: msg`the Rollout does not use the canary strategy: set spec.strategy.canary with analysis templates`,
      }),
      violation({
        when: and(exists(canary), not(hasAnalysis)),
        field: canary.analysis,
        message: msg`the canary has no automated analysis: add spec.strategy.canary.analysis.templates or an analysis step naming an AnalysisTemplate`,
      }),
    ];
  },
});
