import fc from "fast-check";
import type { V1LabelSelector, V1ObjectMeta, V1PodTemplateSpec } from "@kubernetes/client-node";
import { manifestOf } from "./manifest-shape.js";
import { dns1035LabelArbitrary, dns1123SubdomainArbitrary } from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { optional, optionalList } from "./optional.js";
import { selectedControllerSpec } from "./controller-spec.js";
import { objectOf } from "./records.js";

/** A reference to an Argo Rollouts AnalysisTemplate (or ClusterAnalysisTemplate). */
export interface ArgoAnalysisTemplateRef {
  /** The template's name. */
  templateName: string;
  /** Whether it is a ClusterAnalysisTemplate. */
  clusterScope?: boolean;
}

/** An analysis run by a Rollout: templates and their arguments. */
export interface ArgoRolloutAnalysis {
  /** The templates to run. */
  templates?: ArgoAnalysisTemplateRef[];
  /** Arguments passed to the templates. */
  args?: {
    /** The argument's name. */
    name: string;
    /** Its value. */
    value?: string;
  }[];
  /** For background analysis: the step at which it starts. */
  startingStep?: number;
}

/** One step of a canary rollout. */
export interface ArgoCanaryStep {
  /** Shift this percentage of traffic to the canary. */
  setWeight?: number;
  /** Pause, for a duration or until promoted. */
  pause?: {
    /** How long (`30s`, `1m`, or seconds); without it, until promoted. */
    duration?: string | number;
  };
  /** Run an analysis and wait for its result. */
  analysis?: ArgoRolloutAnalysis;
  /** Scale the canary independently of its traffic weight. */
  setCanaryScale?: {
    /** The canary's share of the replicas, in percent. */
    weight?: number;
    /** The canary's replicas. */
    replicas?: number;
    /** Whether the canary scales with its traffic weight. */
    matchTrafficWeight?: boolean;
  };
}

/** The canary strategy. */
export interface ArgoCanaryStrategy {
  /** The steps, in order. */
  steps?: ArgoCanaryStep[];
  /** A background analysis that runs during the whole rollout. */
  analysis?: ArgoRolloutAnalysis;
  /** The Service that selects canary pods. */
  canaryService?: string;
  /** The Service that selects stable pods. */
  stableService?: string;
  /** Extra pods during the update (count or percentage). */
  maxSurge?: number | string;
  /** Pods that may be unavailable during the update (count or percentage). */
  maxUnavailable?: number | string;
}

/** The blue-green strategy. */
export interface ArgoBlueGreenStrategy {
  /** The Service that selects the active pods (required). */
  activeService: string;
  /** The Service that selects the preview pods. */
  previewService?: string;
  /** Whether the new version is promoted without a manual step. */
  autoPromotionEnabled?: boolean;
  /** Seconds to wait before promoting automatically. */
  autoPromotionSeconds?: number;
  /** Seconds before the old version is scaled down. */
  scaleDownDelaySeconds?: number;
  /** Analysis before the switch. */
  prePromotionAnalysis?: ArgoRolloutAnalysis;
  /** Analysis after the switch. */
  postPromotionAnalysis?: ArgoRolloutAnalysis;
}

/** An Argo Rollout (argoproj.io/v1alpha1): a Deployment with a canary or blue-green strategy. */
export interface ArgoRollout {
  /** `argoproj.io/v1alpha1`. */
  apiVersion?: string;
  /** `Rollout`. */
  kind?: string;
  /** The object's metadata. */
  metadata?: V1ObjectMeta;
  /** The desired state. */
  spec?: {
    /** The number of pods. */
    replicas?: number;
    /** Selects the pods; matches the template's labels. */
    selector?: V1LabelSelector;
    /** The pod template; its pod spec is at `spec.template.spec`. */
    template?: V1PodTemplateSpec;
    /** How updates roll out: exactly one of `canary` and `blueGreen`. */
    strategy?: {
      /** Shift traffic in steps. */
      canary?: ArgoCanaryStrategy;
      /** Switch from the old version to the new one at once. */
      blueGreen?: ArgoBlueGreenStrategy;
    };
    /** Old ReplicaSets to keep. */
    revisionHistoryLimit?: number;
    /** Seconds a new pod must be ready before it counts as available. */
    minReadySeconds?: number;
  };
}

const ANALYSIS_TEMPLATES = [
  "success-rate",
  "error-rate",
  "latency-p99",
  "smoke-test",
  "http-benchmark",
] as const;

function analysisArbitrary(): fc.Arbitrary<ArgoRolloutAnalysis> {
  const template = objectOf<ArgoAnalysisTemplateRef>({
    templateName: fc.oneof(fc.constantFrom(...ANALYSIS_TEMPLATES), dns1123SubdomainArbitrary()),
    clusterScope: optional(fc.boolean(), { weights: { absent: 6 } }),
  });
  return objectOf<ArgoRolloutAnalysis>({
    templates: optionalList(
      fc.uniqueArray(template, { selector: (t) => t.templateName, minLength: 1, maxLength: 2 }),
      { absent: 1, null: 0.5, empty: 0.5 },
    ),
    args: optionalList(
      fc.constant(null).map(() => [{ name: "service-name", value: "canary-svc" }]),
      { absent: 6 },
    ),
  });
}

function canaryStepArbitrary(): fc.Arbitrary<ArgoCanaryStep> {
  return fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 100 }).map((setWeight) => ({ setWeight })), weight: 4 },
    {
      arbitrary: optional(fc.oneof(fc.constantFrom("10s", "1m", "1h"), fc.integer({ min: 0, max: 600 }))).map(
        (d) => ({ pause: typeof d === "symbol" || d === null ? {} : { duration: d } }),
      ),
      weight: 3,
    },
    { arbitrary: analysisArbitrary().map((analysis) => ({ analysis })), weight: 3 },
    {
      arbitrary: fc
        .oneof(
          fc.integer({ min: 0, max: 100 }).map((weight) => ({ weight })),
          fc.constant(null).map(() => ({ matchTrafficWeight: true })),
        )
        .map((setCanaryScale) => ({ setCanaryScale })),
      weight: 1,
    },
  );
}

function canaryArbitrary(): fc.Arbitrary<ArgoCanaryStrategy> {
  return objectOf<ArgoCanaryStrategy>({
    steps: optionalList(fc.array(canaryStepArbitrary(), { minLength: 1, maxLength: 6 })),
    analysis: optional(
      fc
        .tuple(analysisArbitrary(), optional(fc.integer({ min: 0, max: 3 })))
        .map(([a, s]) => (typeof s === "number" ? { ...a, startingStep: s } : a)),
    ),
    canaryService: optional(dns1035LabelArbitrary()),
    stableService: optional(dns1035LabelArbitrary()),
    maxSurge: optional(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("25%", "50%")), {
      weights: { absent: 6 },
    }),
    maxUnavailable: optional(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("0%", "25%")), {
      weights: { absent: 6 },
    }),
  });
}

function blueGreenArbitrary(): fc.Arbitrary<ArgoBlueGreenStrategy> {
  return objectOf<ArgoBlueGreenStrategy>({
    activeService: dns1035LabelArbitrary(),
    previewService: optional(dns1035LabelArbitrary()),
    autoPromotionEnabled: optional(fc.boolean()),
    autoPromotionSeconds: optional(fc.integer({ min: 0, max: 3600 }), { weights: { absent: 6 } }),
    scaleDownDelaySeconds: optional(fc.integer({ min: 0, max: 600 }), { weights: { absent: 6 } }),
    prePromotionAnalysis: optional(analysisArbitrary()),
    postPromotionAnalysis: optional(analysisArbitrary()),
  });
}

/**
 * An Argo Rollout (argoproj.io/v1alpha1): a selector, a template labelled to match (pod spec at
 * `spec.template.spec`), and a `canary` strategy (steps including `setWeight`, `pause` and
 * `analysis` steps, and background `canary.analysis.templates`) or a `blueGreen` one.
 *
 * @param options - the rule bias
 * @returns an arbitrary of Rollouts
 */
export function rolloutArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<ArgoRollout> {
  type Spec = NonNullable<ArgoRollout["spec"]>;
  const strategy = fc.oneof(
    canaryArbitrary().map((canary) => ({ canary })),
    blueGreenArbitrary().map((blueGreen) => ({ blueGreen })),
  );
  const fields = objectOf<Spec>({
    replicas: optional(fc.integer({ min: 0, max: 10 })),
    strategy,
    revisionHistoryLimit: optional(fc.integer({ min: 0, max: 10 }), { weights: { absent: 6 } }),
    minReadySeconds: optional(fc.integer({ min: 0, max: 60 }), { weights: { absent: 6 } }),
  });
  return manifestOf<ArgoRollout>("Rollout", { spec: selectedControllerSpec(fields, ["Always"]) }, options);
}
