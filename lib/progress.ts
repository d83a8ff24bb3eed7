/** Progress of long work (generate, load, rebuild, ingest): reported by the worker, rendered by the caller. */
export interface ProgressEvent {
  phase: string;
  done: number;
  /** Total when known up front. */
  total?: number;
  unit?: string;
}

export type ProgressFn = (e: ProgressEvent) => void;

/** A progress callback that does nothing (library default). */
export const noProgress: ProgressFn = () => undefined;
