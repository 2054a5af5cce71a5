import {
  startControlPlane,
  startKyverno,
  statusMessage,
  waitUntil,
  type ControlPlane,
} from "@tollgate/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED, resources, testParams } from "./image-expectations.test-helpers.js";
import { KYVERNO_IMAGE_RULES } from "./image-rules.js";
import { buildImageFixtures, type ImageFixtures } from "./signed-images.test-helpers.js";

// The image-verification rules where they act: Kyverno's admission controller (the same version
// as the CLI) judges each fixture resource on a real API server, reading signatures and
// attestations from the local registry, held to the expectations the CLI test is held to.
// One ImageValidatingPolicy at a time, as in the CLI test.

type K8s = Record<string, unknown>;

let fx: ImageFixtures;
let cluster: ControlPlane;

beforeAll(async () => {
  fx = await buildImageFixtures();
  cluster = await startControlPlane();
  await startKyverno(cluster, { allowInsecureRegistry: true });
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  await fx?.stop();
});

/** The API server's answer to a dry-run CREATE: admitted, or the message that refused it. */
async function admission(object: K8s): Promise<{ admitted: boolean; message: string; stored: K8s }> {
  const answer = await cluster.client.create(object, { dryRun: true });
  return {
    admitted: answer.status === 201 || answer.status === 200,
    message: statusMessage(answer),
    stored: answer.body,
  };
}

function imagesOf(pod: K8s): string[] {
  const spec = (pod["spec"] ?? {}) as { containers?: { image: string }[] };
  return (spec.containers ?? []).map((c) => c.image);
}

describe("the image-verification rules at admission, in Kyverno's admission controller on a real API server", () => {
  for (const rule of KYVERNO_IMAGE_RULES) {
    it(`${rule.id}: admits and refuses each of ${Object.keys(EXPECTED).length} resources as the kyverno CLI does (a tag is pinned to its digest rather than refused), with the reason`, async () => {
      const policy = rule.policyOf(testParams(fx, rule), { version: "test" }) as unknown as K8s;
      const name = String((policy["metadata"] as K8s)["name"]);
      const created = await cluster.client.create(policy);
      expect(created.status, statusMessage(created)).toBe(201);
      try {
        const all = resources(fx) as Record<string, K8s>;
        // The policy takes effect once Kyverno has compiled it and registered its webhook.
        const refused = Object.keys(EXPECTED).find((n) => EXPECTED[n]![rule.id] !== undefined)!;
        await waitUntil(
          `${rule.id} to refuse ${refused}`,
          async () => !(await admission(all[refused]!)).admitted,
          120_000,
          1000,
        );
        const mismatches: string[] = [];
        for (const [resource, expected] of Object.entries(EXPECTED)) {
          const got = await admission(all[resource]!);
          if (resource === "tag-only") {
            // The one place admission differs from the CLI, by design: Kyverno's admission
            // controller resolves a tag to its digest and pins it in the Pod (mutateDigest), then
            // verifies that digest; the CLI, which mutates nothing, refuses the tag.
            const pinned = imagesOf(got.stored);
            const digest = fx.images["signed-attested"]!.split("@")[1]!;
            const want = `${fx.tags["signed-attested"]!}@${digest}`;
            if (!got.admitted || pinned[0] !== want)
              mismatches.push(
                `tag-only: expected admitted with its image pinned to ${want}, got ${got.admitted ? pinned.join(", ") : got.message}`,
              );
            continue;
          }
          const why = expected[rule.id];
          if (why === undefined) {
            if (!got.admitted) mismatches.push(`${resource}: refused, expected admitted: ${got.message}`);
          } else if (got.admitted)
            mismatches.push(`${resource}: admitted, expected refused for ${why.join("; ")}`);
          else if (!got.message.includes("denied the request") || why.some((f) => !got.message.includes(f)))
            mismatches.push(`${resource}: refused, but not for ${why.join("; ")}: ${got.message}`);
        }
        expect(mismatches).toEqual([]);
      } finally {
        await cluster.client.delete("policies.kyverno.io/v1", "ImageValidatingPolicy", name);
        // The next rule starts from a cluster where this one no longer acts.
        await waitUntil(
          `${rule.id} to be gone`,
          async () =>
            (await cluster.client.get("policies.kyverno.io/v1", "ImageValidatingPolicy", name)) === undefined,
          60_000,
        );
      }
    }, 300_000);
  }
});
