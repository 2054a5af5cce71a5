import fc from "fast-check";
import type { V1Service, V1ServicePort, V1ServiceSpec } from "@kubernetes/client-node";
import { manifestOf } from "./manifest-shape.js";
import { labelsArbitrary } from "./metadata.js";
import { dns1035LabelArbitrary, domainNameArbitrary, portNameArbitrary } from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { ABSENT, optional, optionalList, optionalObject } from "./optional.js";
import { portNumberArbitrary } from "./ports.js";
import { objectOf } from "./records.js";

/** The Service types. */
export const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"] as const;

/** A Service type. */
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The ports of a Service: distinct port numbers, named whenever there is more than one. */
function servicePortsArbitrary(type: ServiceType): fc.Arbitrary<V1ServicePort[]> {
  const nodePorts = type === "NodePort" || type === "LoadBalancer";
  const port = objectOf<V1ServicePort>({
    name: portNameArbitrary(),
    port: portNumberArbitrary(),
    targetPort: optional(fc.oneof(portNumberArbitrary(), portNameArbitrary())),
    protocol: optional(fc.constantFrom("TCP", "UDP", "SCTP")),
    nodePort: nodePorts ? optional(fc.integer({ min: 30000, max: 32767 })) : fc.constant(ABSENT),
    appProtocol: optional(fc.constantFrom("http", "https", "kubernetes.io/h2c", "grpc"), {
      weights: { absent: 8 },
    }),
  });
  return fc
    .tuple(
      fc.uniqueArray(port, {
        selector: (p) => `${p.port}/${p.protocol ?? "TCP"}`,
        minLength: 1,
        maxLength: 3,
      }),
      fc.boolean(),
    )
    .map(([ports, nameSinglePort]) => {
      const names = new Set<string>();
      const seenNodePorts = new Set<number>();
      return ports.map((generated, i) => {
        const p: V1ServicePort = { ...generated };
        // Several ports need distinct names; a single port may go unnamed.
        if (ports.length === 1 && !nameSinglePort) delete p.name;
        else if (p.name === undefined || names.has(p.name)) p.name = `port-${i}`;
        if (p.name !== undefined) names.add(p.name);
        if (typeof p.nodePort === "number") {
          if (seenNodePorts.has(p.nodePort)) delete p.nodePort;
          else seenNodePorts.add(p.nodePort);
        }
        return p;
      });
    });
}

function specArbitrary(type: ServiceType): fc.Arbitrary<V1ServiceSpec> {
  const selector = optionalObject(labelsArbitrary({ minLength: 1, maxLength: 2 }));
  const ips = optionalList(
    fc.uniqueArray(fc.constantFrom("10.0.0.10", "192.0.2.1", "203.0.113.7", "198.51.100.20"), {
      minLength: 1,
      maxLength: 2,
    }),
    { absent: 6 },
  );
  if (type === "ExternalName") {
    return objectOf<V1ServiceSpec>({
      type: fc.constant(type),
      externalName: domainNameArbitrary(),
      ports: optionalList(servicePortsArbitrary(type)),
    });
  }
  const external = type !== "ClusterIP";
  return objectOf<V1ServiceSpec>({
    type: type === "ClusterIP" ? optional(fc.constant(type)) : fc.constant(type),
    selector,
    ports: servicePortsArbitrary(type),
    clusterIP:
      type === "ClusterIP"
        ? optional(fc.constantFrom("None", "10.96.0.10"), { weights: { absent: 6 } })
        : fc.constant(ABSENT),
    externalIPs: ips,
    sessionAffinity: optional(fc.constantFrom("None", "ClientIP"), { weights: { absent: 6 } }),
    externalTrafficPolicy: external ? optional(fc.constantFrom("Cluster", "Local")) : fc.constant(ABSENT),
    internalTrafficPolicy: optional(fc.constantFrom("Cluster", "Local"), { weights: { absent: 8 } }),
    loadBalancerSourceRanges:
      type === "LoadBalancer"
        ? optionalList(
            fc.uniqueArray(fc.constantFrom("0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16", "::/0"), {
              minLength: 1,
              maxLength: 2,
            }),
          )
        : fc.constant(ABSENT),
    loadBalancerClass:
      type === "LoadBalancer"
        ? optional(fc.constant("service.k8s.aws/nlb"), { weights: { absent: 8 } })
        : fc.constant(ABSENT),
  });
}

/**
 * A Service of any type: ClusterIP (sometimes headless), NodePort (node ports 30000–32767),
 * LoadBalancer (with source ranges) or ExternalName; its name is a DNS-1035 label.
 *
 * @param options - the rule bias
 * @returns an arbitrary of Services
 */
export function serviceArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Service> {
  const spec = fc.oneof(...SERVICE_TYPES.map(specArbitrary));
  return manifestOf<V1Service>("Service", { spec }, options, { name: dns1035LabelArbitrary() });
}
