import {
  defineRule,
  exists,
  forEach,
  forEachContainer,
  msg,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * No container in `spec.containers` may take an environment variable from a Secret, neither one
 * key (`env[].valueFrom.secretKeyRef`) nor a whole Secret (`envFrom[].secretRef`).
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "an environment variable from a Secret key",
        object: examplePod("secret-env", {
          containers: [
            exampleContainer("app", {
              env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }],
            }),
            exampleContainer("sidecar", { env: [{ name: "MODE", value: "proxy" }] }),
          ],
        }),
      },
      {
        title: "a Deployment loading a whole Secret with envFrom",
        object: exampleDeployment("secret-envfrom", {
          containers: [
            exampleContainer("app", {
              envFrom: [{ configMapRef: { name: "settings" } }, { secretRef: { name: "db" } }],
            }),
          ],
        }),
      },
      {
        title: "a CronJob taking a variable from a Secret key",
        object: exampleCronJob("secret-cron", {
          containers: [
            exampleContainer("job", {
              env: [{ name: "TOKEN", valueFrom: { secretKeyRef: { name: "api", key: "token" } } }],
            }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "variables from a field reference and a ConfigMap, the Secret mounted as a volume",
        object: examplePod("secret-volume", {
          containers: [
            exampleContainer("app", {
              env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
              envFrom: [{ configMapRef: { name: "settings" } }],
              volumeMounts: [{ name: "db", mountPath: "/etc/db", readOnly: true }],
            }),
          ],
          volumes: [{ name: "db", secret: { secretName: "db" } }],
        }),
      },
      {
        title: "no environment at all",
        object: examplePod("no-env", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an init container takes a Secret key (only spec.containers is checked)",
        object: examplePod("init-secret", {
          initContainers: [
            exampleContainer("migrate", {
              env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }],
            }),
          ],
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  meta: {
    id: "secrets-not-from-env-vars",
    anchor: "other/disallow-secrets-from-env-vars",
    title: "Disallow Secrets from Env Vars",
    category: "Sample, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod, Secret",
    description:
      "Secrets used as environment variables containing sensitive information may, if not carefully controlled, be printed in log output which could be visible to unauthorized people and captured in forwarding applications. No container in spec.containers may set env[].valueFrom.secretKeyRef or envFrom[].secretRef.",
    remediation:
      "Mount the Secret as a volume and read it from a file instead of env[].valueFrom.secretKeyRef or envFrom[].secretRef.",
  },
  violations: () =>
    forEachContainer(
      (c) => [
        ...forEach(c.env, (e) =>
          violation({
            when: exists(e.valueFrom.secretKeyRef),
            field: e.valueFrom.secretKeyRef,
            message: msg`container ${c.name} takes environment variable ${e.name} from a Secret: mount the Secret as a volume instead of using valueFrom.secretKeyRef`,
          }),
        ),
        ...forEach(c.envFrom, (f) =>
          violation({
            when: exists(f.secretRef),
            field: f.secretRef,
            message: msg`container ${c.name} loads Secret ${f.secretRef.name} with envFrom: mount the Secret as a volume instead of using envFrom.secretRef`,
          }),
        ),
      ],
      ["containers"],
    ),
});
