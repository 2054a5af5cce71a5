import {
  defineRule,
  forEach,
  forEachContainer,
  msg,
  ne,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** No container port may bind a host port: `hostPort` is unset or 0. */
export default defineRule({
  meta: {
    id: "disallow-host-ports",
    anchor: "pod-security/baseline/disallow-host-ports",
    title: "Disallow hostPorts",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Access to host ports allows potential snooping of network traffic and should not be allowed, or at minimum restricted to a known list. This rule ensures ports[*].hostPort of every container (containers, initContainers, ephemeralContainers) is unset or set to 0.",
    remediation:
      "Remove hostPort from every container port (or set it to 0), and expose the port through a Service instead.",
  },
  violations: () =>
    forEachContainer((c) =>
      forEach(c.ports, (p) =>
        violation({
          when: ne(read(p.hostPort, 0), 0),
          field: p.hostPort,
          message: msg`container ${c.name} binds a port on the host: remove hostPort from its ports (or set it to 0) and expose the port through a Service`,
        }),
      ),
    ),
  examples: {
    denied: [
      {
        title: "a container binds host port 8080",
        object: examplePod("host-port", {
          containers: [
            exampleContainer("app", { ports: [{ name: "http", containerPort: 8080, hostPort: 8080 }] }),
          ],
        }),
      },
      {
        title: "a Deployment's init container binds a host port",
        object: exampleDeployment("init-host-port", {
          initContainers: [
            exampleContainer("init", { ports: [{ containerPort: 53, hostPort: 53, protocol: "UDP" }] }),
          ],
          containers: [exampleContainer("app", { ports: [{ containerPort: 8080 }] })],
        }),
      },
      {
        title: "a CronJob container binds a host port on its second port",
        object: exampleCronJob("cronjob-host-port", {
          containers: [
            exampleContainer("job", {
              ports: [
                { name: "metrics", containerPort: 9090, hostPort: 0 },
                { name: "admin", containerPort: 9000, hostPort: 9000 },
              ],
            }),
          ],
        }),
      },
    ],
    allowed: [
      { title: "no ports", object: examplePod("no-ports", { containers: [exampleContainer("app")] }) },
      {
        title: "container ports without hostPort",
        object: exampleDeployment("container-ports", {
          containers: [exampleContainer("app", { ports: [{ name: "http", containerPort: 8080 }] })],
        }),
      },
      {
        title: "hostPort set to 0",
        object: examplePod("host-port-zero", {
          containers: [
            exampleContainer("app", { ports: [{ name: "http", containerPort: 8080, hostPort: 0 }] }),
          ],
        }),
      },
    ],
  },
});
