// Entry of the parse worker thread (parse-thread.ts): a worker does not inherit the main thread's
// TypeScript loader, so it registers its own, then runs the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
