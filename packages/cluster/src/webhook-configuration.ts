import type { KubeObject } from "./kube-client.js";

/** The label that sends an object to one engine's admission webhook in admission tests. */
export const TARGET_LABEL = "tollgate.dev/admission-target";

/**
 * A ValidatingWebhookConfiguration that sends CREATE and UPDATE of every kind, for objects
 * labelled `tollgate.dev/admission-target: <target>`, to a webhook on 127.0.0.1, trusted
 * through the run's CA. `failurePolicy: Fail` (an unreachable webhook denies) and
 * `sideEffects: None`, so server-side dry-run requests reach it.
 *
 * @param name - the configuration's name
 * @param webhookName - the webhook's name, which denials quote (`validation.gatekeeper.sh`)
 * @param url - the webhook's URL (`https://127.0.0.1:PORT/v1/admit`)
 * @param caPem - the CA that signed the webhook's serving certificate
 * @param target - the label value that selects the objects it judges
 * @returns the object
 */
export function validatingWebhookConfiguration(
  name: string,
  webhookName: string,
  url: string,
  caPem: string,
  target: string,
): KubeObject {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name },
    webhooks: [
      {
        name: webhookName,
        clientConfig: { url, caBundle: Buffer.from(caPem).toString("base64") },
        rules: [
          {
            apiGroups: ["*"],
            apiVersions: ["*"],
            resources: ["*"],
            operations: ["CREATE", "UPDATE"],
            scope: "*",
          },
        ],
        objectSelector: { matchLabels: { [TARGET_LABEL]: target } },
        failurePolicy: "Fail",
        sideEffects: "None",
        timeoutSeconds: 10,
        admissionReviewVersions: ["v1", "v1beta1"],
      },
    ],
  };
}
