/** `lotgraph serve`: open the configured store over the data directory and serve the API. */
import type { Command } from 'commander';
import { buildApp } from '../../api/app.ts';
import { startServer } from '../../api/server.ts';
import { openStore, type OpenedStore } from '../../graph/open-store.ts';
import { describeStore, type Config } from '../../lib/config.ts';
import { isLgError, LgError } from '../../lib/errors.ts';
import { configOf, note, out } from '../context.ts';
import { progressView } from '../progress.ts';

/** Opens the configured store, showing index-load progress on stderr. */
export async function openConfiguredStore(config: Config): Promise<OpenedStore> {
  const progress = progressView();
  try {
    return await openStore({
      dataDir: config.dataDir,
      store: config.store,
      ...(config.neo4j ? { neo4j: config.neo4j } : {}),
      onProgress: progress.onProgress,
    });
  } catch (e) {
    if (isLgError(e) && e.code === 'LG_DATA_LOCKED') {
      throw new LgError('LG_DATA_LOCKED', `${config.dataDir} is in use by another lotgraph process (a server is probably running already: ${config.server}); stop it or use another --data directory`, e.details);
    }
    throw e;
  } finally {
    progress.done();
  }
}

/** Serves `opened` until SIGINT/SIGTERM; `banner` prints after the URL is known. Resolves when stopped. */
export async function serveStore(config: Config, opened: OpenedStore, banner: (url: string) => void = () => undefined): Promise<void> {
  let app;
  try {
    app = await buildApp({ store: opened.store, db: opened.db, config });
  } catch (e) {
    await opened.close();
    throw e;
  }
  let server;
  try {
    server = await startServer(app, config, () => opened.close());
  } catch (e) {
    await app.close();
    await opened.close();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new LgError('LG_BAD_PARAM', `port ${config.port} on ${config.host} is already in use: pass --port N or set PORT`, { field: 'port' });
    throw e;
  }
  out(`lotgraph listening on ${server.url} (store: ${describeStore(config)})`);
  out(`  API docs: ${server.url}/api/openapi.json   health: ${server.url}/health`);
  banner(server.url);
  note('press Ctrl+C to stop');
  await server.closed;
  note('lotgraph stopped');
}

/** Registers `serve`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the REST API over the data directory (or Neo4j)')
    .action(async (_o: unknown, cmd: Command) => {
      const config = configOf(cmd);
      await serveStore(config, await openConfiguredStore(config));
    });
}
