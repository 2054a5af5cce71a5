/**
 * Checks for tests: that a value is plain JSON, and that a manifest looks like one the API
 * server accepts (names, labels, images, quantities, ports, enums).
 */
import { parseQuantity } from "@tollgate/rule-dsl";
import { IMAGE_REFERENCE_PATTERN } from "./images.js";
import {
  DNS1035_LABEL_PATTERN,
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  PORT_NAME_PATTERN,
} from "./names.js";
import { KUBERNETES_QUANTITY_PATTERN } from "./quantities.js";

/** Problems found in a value, as `path: what`. */
export type Problems = string[];

/**
 * The ways a value is not plain JSON: `undefined`, non-finite numbers, functions, symbols,
 * class instances or objects with another prototype.
 *
 * @param value - the value
 * @param path - where it is
 * @param out - problems so far
 * @returns the problems
 */
export function plainJsonProblems(value: unknown, path = "$", out: Problems = []): Problems {
  if (value === null || typeof value === "string" || typeof value === "boolean") return out;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) out.push(`${path}: non-finite number`);
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => plainJsonProblems(v, `${path}[${i}]`, out));
    return out;
  }
  if (typeof value === "object") {
    if (Object.getPrototypeOf(value) !== Object.prototype) out.push(`${path}: not a plain object`);
    for (const key of Object.keys(value))
      plainJsonProblems((value as Record<string, unknown>)[key], `${path}.${key}`, out);
    if (Object.getOwnPropertySymbols(value).length > 0) out.push(`${path}: symbol keys`);
    return out;
  }
  out.push(`${path}: ${typeof value}`);
  return out;
}

const ENUMS: Readonly<Record<string, readonly string[]>> = {
  imagePullPolicy: ["Always", "IfNotPresent", "Never"],
  protocol: ["TCP", "UDP", "SCTP"],
  procMount: ["Default", "Unmasked"],
  dnsPolicy: ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
  pathType: ["Prefix", "Exact", "ImplementationSpecific"],
  concurrencyPolicy: ["Allow", "Forbid", "Replace"],
  podManagementPolicy: ["OrderedReady", "Parallel"],
  operator: ["In", "NotIn", "Exists", "DoesNotExist", "Equal"],
};

const PORT_FIELDS = new Set(["containerPort", "hostPort", "port", "number", "nodePort", "endPort"]);
const NAMED_PORTS = new Set(["containerPort", "hostPort", "nodePort"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkLabels(map: unknown, path: string, out: Problems, values: boolean): void {
  if (!isObject(map)) return;
  for (const [k, v] of Object.entries(map)) {
    if (!LABEL_KEY_PATTERN.test(k)) out.push(`${path}: bad key ${JSON.stringify(k)}`);
    if (values && (typeof v !== "string" || !LABEL_VALUE_PATTERN.test(v)))
      out.push(`${path}.${k}: bad label value ${JSON.stringify(v)}`);
    if (!values && typeof v !== "string") out.push(`${path}.${k}: annotation value not a string`);
  }
}

function checkResources(resources: unknown, path: string, out: Problems): void {
  if (!isObject(resources)) return;
  const requests = isObject(resources["requests"]) ? resources["requests"] : {};
  const limits = isObject(resources["limits"]) ? resources["limits"] : {};
  for (const [which, map] of [
    ["requests", requests],
    ["limits", limits],
  ] as const) {
    for (const [name, q] of Object.entries(map)) {
      if (typeof q !== "string" || !KUBERNETES_QUANTITY_PATTERN.test(q) || parseQuantity(q) === undefined)
        out.push(`${path}.${which}.${name}: bad quantity ${String(q)}`);
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const limit = limits[name];
    if (limit === undefined) continue;
    const r = parseQuantity(q);
    const l = parseQuantity(limit);
    if (r !== undefined && l !== undefined && r > l)
      out.push(`${path}: request ${String(q)} above limit ${String(limit)}`);
  }
}

/**
 * The ways a generated manifest does not look valid.
 *
 * @param manifest - the manifest
 * @returns the problems
 */
export function manifestProblems(manifest: Record<string, unknown>): Problems {
  const out: Problems = [];
  const kind = manifest["kind"];
  const metadata = manifest["metadata"];
  if (!isObject(metadata)) out.push("metadata missing");
  else {
    const name = metadata["name"];
    const rbacName = /^[^/%]+$/;
    const pattern =
      kind === "Service"
        ? DNS1035_LABEL_PATTERN
        : kind === "Role" || kind === "ClusterRole"
          ? rbacName
          : DNS1123_SUBDOMAIN_PATTERN;
    if (typeof name !== "string" || !pattern.test(name)) out.push(`metadata.name: bad name ${String(name)}`);
    if (kind === "CronJob" && typeof name === "string" && name.length > 52)
      out.push("CronJob name longer than 52");
    const ns = metadata["namespace"];
    if (typeof ns === "string" && !DNS1123_LABEL_PATTERN.test(ns)) out.push(`metadata.namespace: bad ${ns}`);
  }
  walk(manifest, "$", out, "");
  return out;
}

function walk(value: unknown, path: string, out: Problems, key: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, out, key));
    if (
      (key === "containers" || key === "initContainers" || key === "ephemeralContainers") &&
      value.length > 0
    )
      checkContainers(value, path, out);
    return;
  }
  if (!isObject(value)) {
    if (
      PORT_FIELDS.has(key) &&
      typeof value === "number" &&
      (value < 1 || value > 65535 || !Number.isInteger(value))
    )
      out.push(`${path}: port ${value} out of range`);
    if (NAMED_PORTS.has(key) && typeof value !== "number" && value !== null)
      out.push(`${path}: port not a number`);
    const allowed = ENUMS[key];
    if (allowed && typeof value === "string" && !allowed.includes(value))
      out.push(`${path}: ${value} not one of ${allowed.join(", ")}`);
    return;
  }
  if (key === "labels" || key === "matchLabels" || key === "nodeSelector")
    checkLabels(value, path, out, true);
  if (key === "annotations") checkLabels(value, path, out, false);
  if (key === "resources") checkResources(value, path, out);
  for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, out, k);
}

function checkContainers(containers: unknown[], path: string, out: Problems): void {
  containers.forEach((c, i) => {
    if (!isObject(c)) return out.push(`${path}[${i}]: not an object`);
    const name = c["name"];
    if (typeof name !== "string" || !DNS1123_LABEL_PATTERN.test(name))
      out.push(`${path}[${i}].name: bad ${String(name)}`);
    const image = c["image"];
    if (typeof image !== "string" || !IMAGE_REFERENCE_PATTERN.test(image))
      out.push(`${path}[${i}].image: bad ${String(image)}`);
    const ports = c["ports"];
    if (Array.isArray(ports)) {
      for (const p of ports) {
        const n = isObject(p) ? p["name"] : undefined;
        if (typeof n === "string" && !PORT_NAME_PATTERN.test(n))
          out.push(`${path}[${i}].ports: bad port name ${n}`);
      }
    }
  });
}
