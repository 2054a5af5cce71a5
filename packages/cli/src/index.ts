/**
 * The `tollgate` command line, as a library: {@link main} runs it, {@link COMMANDS} lists
 * its sub-commands.
 *
 * @packageDocumentation
 */
export { main, helpText, CLI_VERSION } from "./main.js";
export { COMMANDS, type Command, type CommandModule } from "./commands/registry.js";
export { runDoctor, type DoctorReport } from "./commands/doctor.js";
export {
  defineConfig,
  type LibraryConfig,
  type RegressConfig,
  type ReleaseConfig,
  type RuleSelection,
  type TollgateConfig,
} from "./config/tollgate-config.js";
export { loadProject, type Project } from "./config/project.js";
export type { OtherRuleParameters, ParamsByRule } from "./config/check-parameters.js";
