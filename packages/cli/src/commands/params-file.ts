import { readFileSync } from "node:fs";
import type { RuleIR } from "@tollgate/rule-dsl";
import { parse } from "yaml";
import { checkParameters, type OtherRuleParameters, type ParamsByRule } from "../config/check-parameters.js";

/**
 * Reads a `--params` file (YAML or JSON) mapping rule id to parameters, and checks every rule id
 * and parameter name against the rules, so a typo is an error rather than a silent default. It
 * is read as YAML 1.2 (JSON is YAML); a key given twice is an error too, as one of the two
 * settings would be silently dropped.
 *
 * @param file - the file
 * @param rules - the known rules
 * @param otherRules - parameters of rules outside the IR
 * @returns the parameters
 */
export function readParamsFile(
  file: string,
  rules: readonly RuleIR[],
  otherRules: OtherRuleParameters = {},
): ParamsByRule {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`--params ${file}: ${(e as Error).message.split("\n")[0]!.replace(/:$/, "")}`);
  }
  return checkParameters(doc, rules, otherRules, `--params ${file}`);
}
