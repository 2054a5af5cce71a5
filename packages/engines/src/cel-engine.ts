import type { Environment } from "@marcbachmann/cel-js";
import {
  compileCelSet,
  celJsSource,
  createCelJsEnvironment,
  CelEvaluationError,
  CelUnsupportedError,
  toCelJsValue,
  type CelEvaluator,
  type CelSource,
} from "@tollgate/cel-evaluator";
import { celProgramOf } from "@tollgate/compiler-cel";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { Engine, EngineInput, EngineResult } from "./engine.js";
import { createMatchIndex } from "./match-index.js";

type Evaluate = (context: {
  readonly object: unknown;
  readonly variables: Record<string, unknown>;
}) => unknown;

interface CelProgram {
  readonly id: string;
  /** Each variable with the key of its definition chain (its own and every earlier definition). */
  readonly variables: readonly { readonly name: string; readonly chain: string; readonly run: Evaluate }[];
  readonly conditions: readonly Evaluate[];
  readonly validations: readonly {
    readonly run: Evaluate;
    readonly message: string;
    /** The validation's messageExpression, on cel-js (the compiled evaluator leaves it to cel-js). */
    readonly messageRun?: Evaluate;
  }[];
}

/** A rule's expressions with the scope each runs in: a variable sees the variables defined before it. */
interface ScopedProgram {
  readonly id: string;
  readonly variables: readonly {
    readonly name: string;
    readonly chain: string;
    readonly expression: string;
    readonly scope: string;
  }[];
  readonly conditions: readonly string[];
  readonly validations: readonly {
    readonly expression: string;
    readonly messageExpression: string;
    readonly message: string;
  }[];
  /** The scope of conditions and validations. */
  readonly scope: string;
}

function scopedProgramOf(rule: RuleIR, params: Readonly<Record<string, unknown>>): ScopedProgram {
  const program = celProgramOf(rule, params);
  let chain = "";
  const variables = program.variables.map((v) => {
    const scope = `before:${chain}`;
    chain += `${JSON.stringify([v.name, v.expression])}\n`;
    return { name: v.name, chain, expression: v.expression, scope };
  });
  return {
    id: rule.meta.id,
    variables,
    conditions: program.matchConditions.map((c) => c.expression),
    validations: program.validations.map((v) => ({
      expression: v.expression,
      messageExpression: v.messageExpression,
      message: v.message,
    })),
    scope: `all:${chain}`,
  };
}

function celJsProgramOf(env: Environment, p: ScopedProgram): CelProgram {
  const parse = (expression: string) => env.parse(celJsSource(expression)) as Evaluate;
  return {
    id: p.id,
    variables: p.variables.map((v) => ({ name: v.name, chain: v.chain, run: parse(v.expression) })),
    conditions: p.conditions.map(parse),
    validations: p.validations.map((v) => ({
      run: parse(v.expression),
      message: v.message,
      messageRun: parse(v.messageExpression),
    })),
  };
}

/**
 * The rules' programs on the compiled evaluator: one per rule, or undefined for a rule with an
 * expression the compiled evaluator does not read (it then runs on cel-js).
 */
function compiledProgramsOf(programs: readonly ScopedProgram[]): {
  programs: (CelProgram | undefined)[];
  reset: () => void;
} {
  const sources: CelSource[] = [];
  for (const p of programs) {
    for (const v of p.variables) sources.push({ expression: v.expression, scope: v.scope });
    for (const c of p.conditions) sources.push({ expression: c, scope: p.scope });
    for (const v of p.validations) sources.push({ expression: v.expression, scope: p.scope });
  }
  const set = compileCelSet(sources);
  let at = 0;
  const next = (): CelEvaluator | CelUnsupportedError =>
    set.evaluators[at++] as CelEvaluator | CelUnsupportedError;
  const compiled = programs.map((p): CelProgram | undefined => {
    const variables = p.variables.map((v) => ({ name: v.name, chain: v.chain, run: next() }));
    const conditions = p.conditions.map(() => next());
    const validations = p.validations.map((v) => ({ run: next(), message: v.message }));
    const all = [...variables.map((v) => v.run), ...conditions, ...validations.map((v) => v.run)];
    if (all.some((e) => e instanceof CelUnsupportedError)) return undefined;
    return {
      id: p.id,
      variables: variables as CelProgram["variables"],
      conditions: conditions as Evaluate[],
      validations: validations as CelProgram["validations"],
    };
  });
  return { programs: compiled, reset: () => set.reset() };
}

/** Which CEL evaluator an engine runs. */
export interface CelEngineOptions {
  /**
   * `compiled` (the default): Tollgate's own evaluator of the CEL our compiler emits, compiled to
   * closures, with cel-js for any rule or case it does not model; `cel-js`: cel-js alone.
   */
  readonly evaluator?: "compiled" | "cel-js";
}

/** A CEL engine, with how often the compiled evaluator handed a rule to cel-js. */
export interface CelEngine extends Engine {
  /** (rule, object) evaluations the compiled evaluator left to cel-js because it does not model a case. */
  readonly unmodelled: number;
  /** Rules the compiled evaluator cannot compile, run on cel-js throughout. */
  readonly uncompiledRules: readonly string[];
}

const NO_VARIABLES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** The messages of a rule's failed validations (by index), as the cluster prints them. */
type MessagesOf = (failed: readonly number[]) => string[];

/** The context a program's expressions run in: the object and the variables, evaluated in order. */
function contextOf(
  p: CelProgram,
  object: unknown,
  variableValues: Map<string, unknown>,
): { object: unknown; variables: Record<string, unknown> } {
  // A plain object: the compiled evaluator reads only its own keys, and cel-js its own names.
  const variables: Record<string, unknown> = p.variables.length === 0 ? NO_VARIABLES : {};
  const ctx = { object, variables };
  for (const v of p.variables) {
    let value = variableValues.get(v.chain);
    if (value === undefined && !variableValues.has(v.chain)) {
      value = v.run(ctx);
      variableValues.set(v.chain, value);
    }
    variables[v.name] = value;
  }
  return ctx;
}

/**
 * A failed validation's message as Kubernetes and Kyverno print it: the messageExpression's
 * value, or the static message when that expression fails, is not a string, is blank or spans
 * lines.
 */
function messageOf(v: CelProgram["validations"][number], ctx: Parameters<Evaluate>[0]): string {
  if (!v.messageRun) return v.message;
  try {
    const m = v.messageRun(ctx);
    return typeof m === "string" && m.trim() !== "" && !/[\r\n]/.test(m) ? m : v.message;
  } catch {
    return v.message;
  }
}

/** Runs one rule's program on an object; `variableValues` remembers variables by definition chain. */
function runProgram(
  p: CelProgram,
  object: unknown,
  variableValues: Map<string, unknown>,
  rethrow: (e: unknown) => boolean,
  messagesOf?: MessagesOf,
): EngineResult {
  try {
    const ctx = contextOf(p, object, variableValues);
    for (const c of p.conditions) if (c(ctx) !== true) return { rule: p.id, verdict: "skip", messages: [] };
    const failed: number[] = [];
    p.validations.forEach((v, i) => {
      if (v.run(ctx) !== true) failed.push(i);
    });
    if (failed.length === 0) return { rule: p.id, verdict: "pass", messages: [] };
    const messages = messagesOf ? messagesOf(failed) : failed.map((i) => messageOf(p.validations[i]!, ctx));
    return { rule: p.id, verdict: "fail", messages };
  } catch (e) {
    if (rethrow(e)) throw e;
    return {
      rule: p.id,
      verdict: "error",
      messages: [`CEL evaluation failed: ${String((e as Error).message ?? e)}`],
    };
  }
}

/** Errors of the compiled evaluator that are not verdicts: cel-js decides instead. */
function notAVerdict(e: unknown): boolean {
  return !(e instanceof CelEvaluationError);
}

const NEVER = (): boolean => false;

/**
 * A CEL evaluator in process running the same variables and validations the Kyverno
 * ValidatingPolicy carries. Matching (kinds, operations, namespaces) follows the policy's
 * `matchConstraints` and `matchConditions`.
 *
 * By default the expressions run on `@tollgate/cel-evaluator` (compiled once to closures, the
 * object read in place); a rule with an expression it cannot compile, and any evaluation that
 * meets a case it does not model, runs on `@marcbachmann/cel-js` (with optional types) instead,
 * so the verdict is always one a full CEL implementation gives (cel-js's programs are built the
 * first time one is needed). With `evaluator: "cel-js"` every rule runs on cel-js.
 *
 * Per object, rules whose kinds do not match are skipped before anything else, and a variable
 * that several rules define identically (every pod rule's `podSpec`) is evaluated once; the
 * compiled evaluator also evaluates a subexpression that several rules share (the list of all
 * containers) once. cel-js evaluates each expression as it is: it is the reference the compiled
 * evaluator is checked against, and it runs by default only for what that does not model.
 *
 * @param input - rules and parameters
 * @param options - which evaluator
 * @returns the engine
 */
export function createCelEngine(input: EngineInput, options: CelEngineOptions = {}): CelEngine {
  const scoped = input.rules.map((rule) => scopedProgramOf(rule, input.params?.[rule.meta.id] ?? {}));
  const ids = scoped.map((p) => p.id);
  // cel-js's programs, built when a rule first needs them (at once with `evaluator: "cel-js"`).
  let celJsPrograms: CelProgram[] | undefined;
  const celJsProgramsOf = (): CelProgram[] => {
    if (!celJsPrograms) {
      const env = createCelJsEnvironment();
      celJsPrograms = scoped.map((p) => celJsProgramOf(env, p));
    }
    return celJsPrograms;
  };
  const compiled = options.evaluator === "cel-js" ? undefined : compiledProgramsOf(scoped);
  if (!compiled || compiled.programs.some((p) => p === undefined)) celJsProgramsOf();
  const uncompiledRules = compiled
    ? scoped.filter((_, i) => compiled.programs[i] === undefined).map((p) => p.id)
    : [];
  const matches = createMatchIndex(input.rules);
  let unmodelled = 0;
  return {
    name: "cel",
    get unmodelled() {
      return unmodelled;
    },
    uncompiledRules,
    evaluate(object: unknown, operation?: string): EngineResult[] {
      const applies = matches(object, operation ?? "CREATE");
      if (!applies.some(Boolean)) return ids.map((rule) => ({ rule, verdict: "skip", messages: [] }));
      // cel-js sees the object converted, as Kyverno would, explicit nulls included (matching uses
      // the normalised form); converted only when a rule runs there.
      let celJs: { object: unknown; variableValues: Map<string, unknown> } | { error: string } | undefined;
      const converted = (): { object: unknown; variableValues: Map<string, unknown> } | { error: string } => {
        if (celJs === undefined) {
          try {
            celJs = { object: toCelJsValue(object), variableValues: new Map() };
          } catch (e) {
            celJs = {
              error: `CEL evaluation failed: the object cannot be converted: ${String((e as Error).message ?? e)}`,
            };
          }
        }
        return celJs;
      };
      const onCelJs = (i: number): EngineResult => {
        const p = celJsProgramsOf()[i] as CelProgram;
        const c = converted();
        if ("error" in c) return { rule: p.id, verdict: "error", messages: [c.error] };
        return runProgram(p, c.object, c.variableValues, NEVER);
      };
      // The compiled evaluator decides the verdict; the messages of failed validations come from
      // their messageExpressions on cel-js.
      const messagesOnCelJs =
        (i: number): MessagesOf =>
        (failed) => {
          const p = celJsProgramsOf()[i] as CelProgram;
          const c = converted();
          try {
            if ("error" in c) throw new Error(c.error);
            const ctx = contextOf(p, c.object, c.variableValues);
            return failed.map((f) => messageOf(p.validations[f]!, ctx));
          } catch {
            return failed.map((f) => p.validations[f]!.message);
          }
        };
      const variableValues = new Map<string, unknown>();
      compiled?.reset();
      return ids.map((rule, i): EngineResult => {
        if (!applies[i]) return { rule, verdict: "skip", messages: [] };
        const fast = compiled?.programs[i];
        if (fast !== undefined) {
          try {
            return runProgram(fast, object, variableValues, notAVerdict, messagesOnCelJs(i));
          } catch {
            unmodelled += 1;
          }
        }
        return onCelJs(i);
      });
    },
  };
}
