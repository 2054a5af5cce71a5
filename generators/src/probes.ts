import fc from "fast-check";
import type { V1HTTPGetAction, V1Probe } from "@kubernetes/client-node";
import { optional } from "./optional.js";
import { portNumberArbitrary } from "./ports.js";
import { objectOf } from "./records.js";

/** Whether the probe is a liveness or startup probe, whose `successThreshold` must be 1. */
export type ProbeRole = "liveness" | "readiness" | "startup";

/** Exactly one handler: HTTP GET, TCP socket, exec or gRPC. */
function handlerArbitrary(): fc.Arbitrary<Partial<V1Probe>> {
  return fc.oneof(
    objectOf<V1HTTPGetAction>({
      path: optional(fc.constantFrom("/healthz", "/ready", "/", "/livez", "/metrics")),
      port: portNumberArbitrary(),
      scheme: optional(fc.constantFrom("HTTP", "HTTPS")),
    }).map((httpGet) => ({ httpGet })),
    portNumberArbitrary().map((port) => ({ tcpSocket: { port } })),
    fc
      .constantFrom(["cat", "/tmp/healthy"], ["/bin/sh", "-c", "pg_isready"], ["true"])
      .map((command) => ({ exec: { command: [...command] } })),
    portNumberArbitrary().map((port) => ({ grpc: { port } })),
  );
}

/**
 * A probe with one handler and valid thresholds (`successThreshold` is 1 for liveness and startup probes).
 *
 * @param role - which probe
 * @returns an arbitrary of probes
 */
export function probeArbitrary(role: ProbeRole): fc.Arbitrary<V1Probe> {
  const positive = fc.integer({ min: 1, max: 60 });
  const timings = objectOf<V1Probe>({
    initialDelaySeconds: optional(fc.integer({ min: 0, max: 120 })),
    periodSeconds: optional(positive),
    timeoutSeconds: optional(positive),
    failureThreshold: optional(positive),
    successThreshold: optional(role === "readiness" ? fc.integer({ min: 1, max: 5 }) : fc.constant(1)),
  });
  return fc.tuple(handlerArbitrary(), timings).map(([handler, t]) => ({ ...handler, ...t }));
}
