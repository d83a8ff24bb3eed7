/**
 * Runs the lotgraph CLI with the ingest and rebuild commands present whether or not cli/main.ts
 * registers them yet (used by the kill test and the CLI tests as a child process):
 *   node --import tsx ingest/pipeline/cli-harness.ts ingest FILE --data DIR
 */
import { register as registerIngest } from '../../cli/commands/ingest.ts';
import { register as registerRebuild } from '../../cli/commands/rebuild.ts';
import { takeExitCode } from '../../cli/context.ts';
import { buildProgram, reportError } from '../../cli/main.ts';

const program = buildProgram();
for (const [name, reg] of [['ingest', registerIngest], ['rebuild', registerRebuild]] as const) {
  if (program.commands.some((c) => c.name() === name)) continue;
  reg(program);
  const c = program.commands.find((x) => x.name() === name)!;
  c.exitOverride();
  c.option('--data <dir>', 'data directory').option('--port <n>', 'HTTP port').option('--store <kind>', 'embedded or neo4j').option('--server <url>', 'lotgraph server URL');
}
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
  process.exitCode = takeExitCode();
} catch (e) {
  process.exitCode = (e as { exitCode?: number }).exitCode !== undefined && (e as Error).name === 'CommanderError' ? ((e as { exitCode: number }).exitCode === 0 ? 0 : 2) : reportError(e);
}
