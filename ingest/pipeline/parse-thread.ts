/**
 * Parsing on a second core: a worker thread reads and parses whole files (parse-worker.ts) while
 * the main thread validates, logs and applies what it has already received, so on two cores the
 * two overlap. Items arrive in file order, exactly as the same parsers give them in-thread; the
 * worker stays at most AHEAD messages ahead (bounded memory). Its errors (an unreadable file) are
 * thrown here, as LgErrors when they were.
 */
import { Worker } from 'node:worker_threads';
import { ERROR_STATUS, LgError, type ErrorCode } from '../../lib/errors.ts';
import type { Mapping } from '../csv/mapping.ts';
import type { ParseItem } from '../record.ts';
import type { Format } from './sources.ts';

/** One file for the worker: its format and mapping already resolved by the main thread. */
export interface FileJob {
  file: string;
  format: Format;
  mapping?: Mapping;
}

/** What the worker posts: a run of items, the end, or the error that stopped it. */
export type ToMain = { items: ParseItem[] } | { done: true } | { error: { message: string; code?: string; details?: Record<string, unknown> } };

/** Messages the worker may post before the main thread has taken them. */
export const AHEAD = 12;
/** Items per message (fewer, larger messages cost less than many small ones). */
export const ITEMS_PER_MESSAGE = 1000;

const ENTRY = new URL('./parse-worker.mjs', import.meta.url);

/** The items of `jobs`, parsed in a worker thread; the worker ends when the caller stops reading. */
export async function* parsedInWorker(jobs: FileJob[]): AsyncGenerator<ParseItem[]> {
  const worker = new Worker(ENTRY, { workerData: { jobs } });
  const queue: ToMain[] = [];
  let notify: (() => void) | undefined;
  let failure: Error | undefined;
  const wakeUp = () => {
    notify?.();
    notify = undefined;
  };
  worker.on('message', (m: ToMain) => {
    queue.push(m);
    wakeUp();
  });
  worker.on('error', (e) => {
    failure = e;
    wakeUp();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the parse worker stopped (exit code ${code})`);
    wakeUp();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (notify = resolve));
        continue;
      }
      if ('done' in m) return;
      if ('error' in m) {
        const { message, code, details } = m.error;
        throw code !== undefined && Object.hasOwn(ERROR_STATUS, code) ? new LgError(code as ErrorCode, message, details) : new Error(message);
      }
      worker.postMessage(0); // one more message may come
      yield m.items;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
