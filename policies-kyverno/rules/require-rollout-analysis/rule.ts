import {
  and,
  any,
  defineRule,
  eq,
  exists,
  gt,
  isIn,
  join,
  msg,
  ne,
  not,
  or,
  param,
  read,
  size,
  typed,
  violation,
  OTHER_KINDS,
  type ExampleObject,
  type Ref,
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
  equivalentMutants: {
    "violations[1].when.args[2].left.arg: parameter analysisTemplates → its default []":
      "a canary without the analysis it needs is denied either way: the size of the list only picks the message",
    "violations[2].when.args[2]: gt → ge":
      "a canary without the analysis it needs is denied either way: the size of the list only picks the message",
  },
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
      {
        title: "analysis naming a template outside the required SLO templates",
        object: rollout("canary-other-template", {
          canary: {
            steps: [{ setWeight: 10 }, { analysis: { templates: [{ templateName: "smoke-test" }] } }],
          },
        }),
        params: { analysisTemplates: ["checkout-slos"] },
      },
      {
        title: "background analysis whose template has no name",
        object: rollout("canary-background-unnamed", {
          canary: { analysis: { templates: [{}] }, steps: [{ setWeight: 50 }, { pause: {} }] },
        }),
      },
      {
        title: "background analysis naming a template outside the required SLO templates",
        object: rollout("canary-background-other-template", {
          canary: { analysis: { templates: [{ templateName: "success-rate" }] }, steps: [{ setWeight: 50 }] },
        }),
        params: { analysisTemplates: ["checkout-slos"] },
      },
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
      {
        title: "the canary steps tollgate build generates from a service's SLOs",
        object: rollout("checkout", {
          canary: {
            steps: [
              { setWeight: 10 },
              {
                analysis: {
                  templates: [{ templateName: "checkout-slos" }],
                  args: [{ name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } }],
                },
              },
              { setWeight: 50 },
              {
                analysis: {
                  templates: [{ templateName: "checkout-slos" }],
                  args: [{ name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } }],
                },
              },
            ],
          },
        }),
        params: { analysisTemplates: ["checkout-slos", "payments-slos"] },
      },
      {
        title: "background analysis naming one of the required SLO templates",
        object: rollout("canary-background-slos", {
          canary: {
            analysis: { templates: [{ templateName: "checkout-slos" }] },
            steps: [{ setWeight: 50 }],
          },
        }),
        params: { analysisTemplates: ["checkout-slos"] },
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
      "A progressive rollout only protects production when a regression stops it automatically. An Argo Rollout (argoproj.io/v1alpha1) must use the canary strategy (spec.strategy.canary) with automated analysis: background analysis (spec.strategy.canary.analysis.templates[]) or an analysis step (spec.strategy.canary.steps[].analysis.templates[]) naming at least one AnalysisTemplate or ClusterAnalysisTemplate (a non-empty templateName); with the analysisTemplates parameter, at least one of those named there (the `<service>-slos` templates generated from SLO definitions, docs/slo.md). Blue-green Rollouts, and canaries without analysis, are denied.",
    remediation:
      "Use spec.strategy.canary and add analysis.templates (background) or an analysis step whose templates name an AnalysisTemplate, such as the one tollgate build generates from the service's SLOs (add its canary component to the Rollout's kustomization).",
  },
  params: {
    analysisTemplates: param.stringList(
      "The AnalysisTemplates a canary's analysis must name at least one of, such as the `<service>-slos` templates `tollgate build` generates from SLO definitions; empty: any named template.",
      [],
    ),
  },
  match: { kinds: [OTHER_KINDS.Rollout] },
  violations: ({ object, params }) => {
    const canary = typed<Rollout>(object).spec.strategy.canary;
    const counts = (t: Ref<AnalysisTemplateRef>) =>
      and(
        ne(read(t.templateName, ""), ""),
        or(eq(size(params.analysisTemplates), 0), isIn(read(t.templateName, ""), params.analysisTemplates)),
      );
    const hasAnalysis = or(
      any(canary.analysis.templates, counts),
      any(canary.steps, (s) => any(s.analysis.templates, counts)),
    );
    return [
      violation({
        when: not(exists(canary)),
        field: canary,
        message: msg`the Rollout does not use the canary strategy: set spec.strategy.canary with analysis templates`,
      }),
      violation({
        when: and(exists(canary), not(hasAnalysis), eq(size(params.analysisTemplates), 0)),
        field: canary.analysis,
        message: msg`the canary has no automated analysis: add spec.strategy.canary.analysis.templates or an analysis step naming an AnalysisTemplate`,
      }),
      violation({
        when: and(exists(canary), not(hasAnalysis), gt(size(params.analysisTemplates), 0)),
        field: canary.analysis,
        message: msg`the canary's analysis names none of the required templates (${join(params.analysisTemplates, ", ")}): add an analysis step or background analysis naming one`,
      }),
    ];
  },
});
