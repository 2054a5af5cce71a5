/**
 * The `tollgate` command line, as a library: {@link main} runs it, {@link COMMANDS} lists
 * its sub-commands.
 *
 * @packageDocumentation
 */
export { main, helpText, CLI_VERSION } from "./main.js";
export { COMMANDS, type Command } from "./commands/registry.js";
export { runDoctor, type DoctorReport } from "./commands/doctor.js";
