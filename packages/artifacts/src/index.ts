/**
 * Every artifact of every rule, deterministically: Gatekeeper ConstraintTemplates, Constraints
 * and gator suites; OPA bundle sources; Kyverno ValidatingPolicies with `kyverno-test.yaml`;
 * ValidatingAdmissionPolicies with Bindings; a catalogue per library; doc pages.
 *
 * @packageDocumentation
 */
export {
  buildArtifacts,
  ownedFolders,
  staleArtifacts,
  writeArtifacts,
  type BuildResult,
  type ExtraArtifacts,
  type Library,
} from "./build-artifacts.js";
export {
  ruleArtifacts,
  TARGETS,
  type BuildOptions,
  type RecordedDenial,
  type RecordedDenials,
  type RuleArtifacts,
  type Target,
  type UnsupportedTarget,
} from "./rule-artifacts.js";
export { catalogueEntryOf, type CatalogueEntry } from "./catalogue.js";
export { indexPage, rulePage } from "./doc-pages.js";
export { gatorSuiteOf, kyvernoTestOf, kyvernoTestRow, type SuiteFiles } from "./test-suites.js";
export { yamlStream, yamlText } from "./yaml-text.js";
