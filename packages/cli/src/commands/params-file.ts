import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import type { RuleIR } from "@tollgate/rule-dsl";
import { checkParameters, type OtherRuleParameters, type ParamsByRule } from "../config/check-parameters.js";

/**
 * Reads a `--params` file (YAML or JSON) mapping rule id to parameters, and checks every rule id
 * and parameter name against the rules, so a typo is an error rather than a silent default.
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
    doc = yaml.load(readFileSync(file, "utf8"), { json: true });
  } catch (e) {
    throw new Error(`--params ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  return checkParameters(doc, rules, otherRules, `--params ${file}`);
}
