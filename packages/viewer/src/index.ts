/**
 * The chain-of-custody viewer: a release folder and the verifier's report on it, rendered as one
 * self-contained page for people who are not SREs (the gate board, who signed, every artifact's
 * digest, the SBOM, the provenance, and each rule with its evidence).
 *
 * @packageDocumentation
 */
export {
  readReleaseFacts,
  publicKeyFingerprint,
  type ReleaseFacts,
  type SignerFacts,
  type ArtifactFacts,
  type ComponentFacts,
  type ProvenanceFacts,
  type RuleFacts,
} from "./release-facts.js";
export { gateTiles, GATES, type GateTile } from "./gate-tiles.js";
export { renderReleaseSite } from "./render-site.js";
