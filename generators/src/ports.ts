import fc from "fast-check";
import type { V1ContainerPort } from "@kubernetes/client-node";
import { portNameArbitrary } from "./names.js";
import { optional } from "./optional.js";
import { objectOf } from "./records.js";

/** The lowest and highest valid port numbers. */
export const PORT_RANGE = { min: 1, max: 65535 } as const;

/**
 * A port number in 1–65535, often a well-known one (80, 443, 8080, 22, 53, the ends of the range).
 *
 * @returns an arbitrary of port numbers
 */
export function portNumberArbitrary(): fc.Arbitrary<number> {
  return fc.oneof(
    {
      arbitrary: fc.constantFrom(80, 443, 8080, 8443, 3000, 5432, 6379, 9090, 22, 53, 1, 1023, 1024, 65535),
      weight: 2,
    },
    { arbitrary: fc.integer(PORT_RANGE), weight: 1 },
  );
}

/**
 * A transport protocol.
 *
 * @returns an arbitrary of `TCP`, `UDP`, `SCTP`
 */
export function protocolArbitrary(): fc.Arbitrary<string> {
  return fc.constantFrom("TCP", "UDP", "SCTP");
}

/**
 * A container port, sometimes with a host port, a host IP, a name and a protocol.
 *
 * @returns an arbitrary of container ports
 */
export function containerPortArbitrary(): fc.Arbitrary<V1ContainerPort> {
  return objectOf<V1ContainerPort>({
    name: optional(portNameArbitrary()),
    containerPort: portNumberArbitrary(),
    hostPort: optional(portNumberArbitrary(), { weights: { absent: 6 } }),
    hostIP: optional(fc.constantFrom("0.0.0.0", "127.0.0.1", "10.0.0.1"), { weights: { absent: 12 } }),
    protocol: optional(protocolArbitrary()),
  });
}

/**
 * The ports of one container: distinct container ports and distinct names.
 *
 * @returns an arbitrary of port lists
 */
export function containerPortsArbitrary(): fc.Arbitrary<V1ContainerPort[]> {
  return fc
    .uniqueArray(containerPortArbitrary(), {
      selector: (p) => `${p.containerPort}/${p.protocol ?? "TCP"}`,
      minLength: 1,
      maxLength: 3,
    })
    .map((ports) => {
      const names = new Set<string>();
      return ports.map((p) => {
        if (typeof p.name !== "string") return p;
        if (names.has(p.name)) {
          const { name: _dropped, ...rest } = p;
          return rest;
        }
        names.add(p.name);
        return p;
      });
    });
}
