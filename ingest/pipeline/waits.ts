/**
 * Which --strict runs an ingest run waits for (a staged declaration of one of its events, or a
 * staged version of one of its postings, pipeline.ts). In this process: a data directory has one
 * owner, so every ingest into it runs here. A run never waits for one that, directly or through
 * others, waits for it, so two runs never wait for each other.
 */

/** Each waiting run and the runs it waits for. */
const waiting = new Map<string, string[]>();

function waitsFor(from: string, target: string, seen = new Set<string>()): boolean {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return (waiting.get(from) ?? []).some((x) => waitsFor(x, target, seen));
}

/** The runs of `pending` that `run` is to wait for, noted as what it waits for (none: it waits no more). */
export function waitFor(run: string, pending: string[]): string[] {
  const blockers = [...new Set(pending)].filter((x) => !waitsFor(x, run));
  if (blockers.length > 0) waiting.set(run, blockers);
  else waiting.delete(run);
  return blockers;
}
