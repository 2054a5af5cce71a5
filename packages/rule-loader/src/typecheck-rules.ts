import { dirname } from "node:path";
import type ts from "typescript";
import type { RuleLoadError } from "./rule-load-error.js";
import type { RuleFile } from "./discover-rules.js";

type TypeScript = typeof ts;

/** The options rule files are checked with when no `tsconfig.json` is found above them. */
const DEFAULT_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
} as const;

/**
 * Type-checks rule files (and what they import) with the TypeScript compiler: the options of
 * the nearest `tsconfig.json` above the first file, or strict NodeNext defaults. A misspelt
 * Kubernetes field or a parameter of the wrong type is an error here even though loading the
 * rule, which only erases types, succeeds.
 *
 * @param files - the rule files
 * @returns one error per diagnostic, with file, line and column; the rule is the folder's name
 *   of the rule the file belongs to (or the file's folder for a shared part)
 */
export async function typecheckRuleFiles(files: readonly RuleFile[]): Promise<RuleLoadError[]> {
  if (files.length === 0) return [];
  const compiler = ((await import("typescript")) as { default: TypeScript }).default;
  const first = files[0]!.file;
  const configPath = compiler.findConfigFile(
    dirname(first),
    (f) => compiler.sys.fileExists(f),
    "tsconfig.json",
  );
  let options: ts.CompilerOptions;
  if (configPath) {
    const read = compiler.readConfigFile(configPath, (f) => compiler.sys.readFile(f));
    const parsed = compiler.parseJsonConfigFileContent(read.config ?? {}, compiler.sys, dirname(configPath));
    options = {
      ...parsed.options,
      noEmit: true,
      rootDir: undefined,
      outDir: undefined,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      composite: false,
      incremental: false,
    };
  } else {
    options = compiler.convertCompilerOptionsFromJson(DEFAULT_OPTIONS, dirname(first)).options;
  }
  const program = compiler.createProgram({ rootNames: files.map((f) => f.file), options });
  const ruleOf = new Map(files.map((f) => [f.file, f.folderName]));
  const errors: RuleLoadError[] = [];
  for (const d of compiler.getPreEmitDiagnostics(program)) {
    const message = compiler.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) {
      errors.push({ file: configPath ?? first, rule: "(all)", message });
      continue;
    }
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const file = d.file.fileName;
    errors.push({
      file,
      rule: ruleOf.get(file) ?? dirname(file).split("/").pop() ?? file,
      message: `TS${String(d.code)}: ${message}`,
      line: line + 1,
      column: character + 1,
    });
  }
  return errors;
}
