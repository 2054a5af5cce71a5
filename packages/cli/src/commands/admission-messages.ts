import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedDenials } from "@tollgate/artifacts";

/** The file, beside tollgate.config, that records what kubectl prints when each rule denies. */
export const ADMISSION_MESSAGES_FILE = "admission-messages.json";

/**
 * The recorded denials of a project (empty when it has none).
 *
 * @param root - the project's folder
 * @returns denials by rule id
 * @throws naming the file when it is not valid JSON
 */
export function readAdmissionMessages(root: string): RecordedDenials {
  const path = join(root, ADMISSION_MESSAGES_FILE);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RecordedDenials;
  } catch (e) {
    throw new Error(
      `${path}: not valid JSON (${(e as Error).message}); record it again with 'tollgate test --cluster --record-messages'`,
    );
  }
}

function canonical(denials: RecordedDenials): string {
  const sorted = Object.fromEntries(
    Object.keys(denials)
      .sort()
      .map((id) => {
        const d = denials[id]!;
        const messages = Object.fromEntries(
          Object.keys(d.messages)
            .sort()
            .map((t) => [t, d.messages[t as keyof typeof d.messages]]),
        );
        return [id, { example: d.example, messages }];
      }),
  );
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/**
 * Records the denials of the rules just tested, keeping the entries of other rules.
 *
 * @param root - the project's folder
 * @param tested - ids of the rules the run judged
 * @param live - what the run recorded
 * @returns the file written
 */
export function recordAdmissionMessages(
  root: string,
  tested: readonly string[],
  live: RecordedDenials,
): string {
  const kept = Object.fromEntries(
    Object.entries(readAdmissionMessages(root)).filter(([id]) => !tested.includes(id)),
  );
  const path = join(root, ADMISSION_MESSAGES_FILE);
  writeFileSync(path, canonical({ ...kept, ...live }));
  return path;
}

/**
 * The rules whose recorded denials differ from what the run saw.
 *
 * @param recorded - the file's entries
 * @param tested - ids of the rules the run judged
 * @param live - what the run recorded
 * @returns one line per stale rule
 */
export function staleAdmissionMessages(
  recorded: RecordedDenials,
  tested: readonly string[],
  live: RecordedDenials,
): string[] {
  const out: string[] = [];
  for (const id of tested) {
    const before = recorded[id];
    const now = live[id];
    if (
      JSON.stringify(before && canonical({ [id]: before })) ===
      JSON.stringify(now && canonical({ [id]: now }))
    )
      continue;
    out.push(
      !before
        ? `${id}: not recorded`
        : !now
          ? `${id}: recorded, but no example was denied in this run`
          : `${id}: the cluster now prints something else${Object.keys(now.messages)
              .filter((t) => before.messages[t as "vap"] !== now.messages[t as "vap"])
              .map((t) => `\n    ${t}: ${now.messages[t as "vap"] ?? "(nothing)"}`)
              .join("")}`,
    );
  }
  return out;
}
