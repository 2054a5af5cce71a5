// The worker thread that generates the real-CLI batch (see generateCliSamples).
import { parentPort, workerData } from "node:worker_threads";
import type { RuleIR } from "@tollgate/rule-dsl";
import { cliSamplesOf } from "./cli-samples.js";

const { rules, perKind, seed } = workerData as { rules: RuleIR[]; perKind: number; seed: number };
parentPort?.postMessage(cliSamplesOf(rules, perKind, seed));
