/**
 * A CustomResourceDefinition for Argo Rollouts' `Rollout` (argoproj.io/v1alpha1) that keeps
 * every field: the API server then stores and admits Rollouts as they are written, so the rules
 * that match them can be judged at admission without installing Argo Rollouts.
 *
 * @returns the CRD
 */
export function rolloutCustomResourceDefinition(): Record<string, unknown> {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "rollouts.argoproj.io" },
    spec: {
      group: "argoproj.io",
      scope: "Namespaced",
      names: { kind: "Rollout", listKind: "RolloutList", plural: "rollouts", singular: "rollout" },
      versions: [
        {
          name: "v1alpha1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        },
      ],
    },
  };
}
