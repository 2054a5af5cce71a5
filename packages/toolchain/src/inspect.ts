import { installHint } from "./install.js";
import { locateTool, type LocatedTool } from "./locate.js";
import { installableTools, type ToolSpec } from "./tools.js";

/** What `tollgate doctor` reports for one tool. */
export type ToolStatus =
  | { readonly spec: ToolSpec; readonly present: true; readonly tool: LocatedTool }
  | { readonly spec: ToolSpec; readonly present: false; readonly installCommand: string };

/**
 * Checks every pinned tool this machine can install, without installing anything.
 *
 * @returns one status per tool, in `TOOLS` order
 */
export async function inspectTools(): Promise<ToolStatus[]> {
  return Promise.all(
    installableTools().map(async (spec): Promise<ToolStatus> => {
      const tool = await locateTool(spec);
      return tool
        ? { spec, present: true, tool }
        : { spec, present: false, installCommand: installHint(spec) };
    }),
  );
}
