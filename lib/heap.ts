/**
 * V8 heap tuning for the bulk loads (`lotgraph ingest`, `lotgraph rebuild`). V8 lets the old
 * generation grow by a factor it picks for throughput (up to 4× the live heap) before a full
 * collection, so while a large file is loaded the garbage between collections grows with the graph
 * held in memory: at M 10× CSV the heap peaked at 627–653 MB with 217 MB live. A fixed factor of 2
 * (`--heap-growing-percent=100`) keeps that headroom proportionate: peak RSS 874–957 MB against
 * 1,119–1,136 MB at M 10× CSV, 667–711 against 747–784 MB for EPCIS, for 3–5% fewer records/s
 * (runs alternated, BENCHMARKS.md, "Ingest"). Left alone when the user gave the flag to node
 * (`node --heap-growing-percent=0 bin/lotgraph.js ingest …` restores V8's own choice; V8 flags are
 * not allowed in NODE_OPTIONS).
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/** True when node's flags (or NODE_OPTIONS, should a later node allow it there) already set the growth factor (either spelling). */
export function heapGrowthGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => a.startsWith(FLAG) || a.startsWith('--heap_growing_percent'));
}

/** Fixes V8's old-generation growth factor at 2 for the rest of the process, unless the user chose one. */
export function boundHeapGrowth(): void {
  if (!heapGrowthGiven(process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString(`${FLAG}=100`);
}
