export {
  compileCelSet,
  type CelActivation,
  type CelEvaluator,
  type CelSource,
  type CompiledCelSet,
} from "./compile.js";
export { CelEvaluationError, CelUnmodelledError, CelUnsupportedError } from "./errors.js";
export { parseCel, type CelNode } from "./parser.js";
export { Quantity, type CelKind } from "./values.js";
export { celJsSource, createCelJsEnvironment, toCelJsValue } from "./cel-js.js";
