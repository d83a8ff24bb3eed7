/**
 * What every CLI command shares: the configuration (global flags + env, parsed once per command),
 * the exit code a command reports without throwing, and where output goes.
 */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../lib/config.ts';

let exitCode = 0;

/** Sets the exit code `main` returns (for a command that finished but must report failure). */
export function setExitCode(code: number): void {
  exitCode = code;
}

/** Reads and clears the exit code (main calls it once per run). */
export function takeExitCode(): number {
  const c = exitCode;
  exitCode = 0;
  return c;
}

/** The configuration for a command: its own and the program's flags, then the environment. */
export function configOf(cmd: Command): Config {
  const o = cmd.optsWithGlobals() as { data?: string; port?: string; store?: string; server?: string; logLevel?: string };
  return loadConfig({ data: o.data, port: o.port, store: o.store, server: o.server, logLevel: o.logLevel });
}

/** Writes a line to stdout (results) — stderr is kept for progress and errors. */
export const out = (s = ''): void => {
  process.stdout.write(s + '\n');
};

/** Writes a line to stderr. */
export const note = (s = ''): void => {
  process.stderr.write(s + '\n');
};
