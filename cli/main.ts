/**
 * The `lotgraph` command line: `main(argv)` returns the exit code (bin/lotgraph.js sets it).
 * Errors print as `error [LG_CODE]: message` on stderr, never as a stack trace: exit 2 for bad
 * input or usage, 1 for everything else.
 */
import { Command, CommanderError } from 'commander';
import { isLgError, type ErrorCode } from '../lib/errors.ts';
import { note, takeExitCode } from './context.ts';
import { register as registerBench } from './commands/bench.ts';
import { register as registerDemo } from './commands/demo.ts';
import { register as registerIngest } from './commands/ingest.ts';
import { register as registerRecall } from './commands/recall.ts';
import { register as registerRebuild } from './commands/rebuild.ts';
import { register as registerSearch } from './commands/search.ts';
import { register as registerServe } from './commands/serve.ts';
import { register as registerStats } from './commands/stats.ts';
import { register as registerTrace } from './commands/trace.ts';

/** Codes that mean the user asked for something malformed (exit 2), as opposed to a failure (exit 1). */
const USAGE_CODES = new Set<ErrorCode>(['LG_BAD_ID', 'LG_BAD_PARAM', 'LG_BAD_TIME', 'LG_EMPTY_RECALL', 'LG_CONFIG', 'LG_INVALID_RECORD', 'LG_INVALID_BATCH']);

/** Builds the program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('lotgraph')
    .description('genealogy graph for regulated manufacturing: trace lots and serials, recall impact')
    .version('0.1.0')
    .enablePositionalOptions()
    .option('--data <dir>', 'data directory (env LOTGRAPH_DATA, default ./data)')
    .option('--port <n>', 'HTTP port (env PORT, default 8080)')
    .option('--store <kind>', 'embedded (default) or neo4j (env LOTGRAPH_STORE; NEO4J_URI also selects neo4j)')
    .option('--server <url>', 'running lotgraph server to ask when another process owns the data directory (env LOTGRAPH_SERVER)')
    .exitOverride()
    .showHelpAfterError('(run lotgraph --help for usage)');
  registerServe(program);
  registerDemo(program);
  registerIngest(program);
  registerRebuild(program);
  registerTrace(program);
  registerRecall(program);
  registerSearch(program);
  registerStats(program);
  registerBench(program);
  for (const c of program.commands) {
    c.exitOverride();
    // Global flags are accepted after the command too (`lotgraph stats --data DIR`), except by bench.
    if (c.name() !== 'bench') {
      c.option('--data <dir>', 'data directory').option('--port <n>', 'HTTP port').option('--store <kind>', 'embedded or neo4j').option('--server <url>', 'lotgraph server URL');
    }
  }
  return program;
}

/** Prints an error the way users should see it and returns the exit code. */
export function reportError(e: unknown): number {
  if (isLgError(e)) {
    note(`error [${e.code}]: ${e.message}`);
    return USAGE_CODES.has(e.code) ? 2 : 1;
  }
  const msg = e instanceof Error ? e.message : String(e);
  note(`error [LG_INTERNAL]: ${msg}`);
  // DuckDB past the limit `ingest` and `rebuild` set (lib/config.ts ingestMemory)
  if (/Out of Memory Error/.test(msg)) note('hint: DuckDB ran out of the memory it may use: raise LOTGRAPH_INGEST_MEMORY (e.g. 1GB), or set it to default (80% of RAM), and run the command again');
  if (process.env.LOTGRAPH_DEBUG && e instanceof Error && e.stack) note(e.stack);
  return 1;
}

/** Runs the CLI on `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  takeExitCode();
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return takeExitCode();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportError(e);
  }
}
