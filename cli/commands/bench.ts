/** `lotgraph bench ...`: the benchmark (bench/cli.ts parses its own arguments). */
import type { Command } from 'commander';
import { benchCommand } from '../../bench/cli.ts';
import { setExitCode } from '../context.ts';

/** Registers `bench`; every argument after it goes to the benchmark unchanged. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('benchmark the embedded store against recursive SQL (lotgraph bench --scale S --out FILE.json)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]', 'bench arguments: --scale XS|S|M|L --out FILE.json [--engines a,b] [--seed N] [--samples N] [--md FILE]')
    .passThroughOptions()
    .action(async (args: string[]) => {
      setExitCode(await benchCommand(args));
    });
}
