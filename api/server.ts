/**
 * Listening and graceful shutdown: the process entry for the app built by api/app.ts. On SIGINT or
 * SIGTERM the server stops taking connections, finishes in-flight requests, then closes the store.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../lib/config.ts';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 (the bound port when 0 was asked). */
  url: string;
  /** Resolves once the server has shut down (signal or close()). */
  closed: Promise<void>;
  /** Stops the server and runs `onClose`; idempotent. */
  close(): Promise<void>;
}

/** Listens on the configured host and port; `onClose` (closing the store) runs after the app stops. */
export async function startServer(app: FastifyInstance, config: Pick<Config, 'host' | 'port'>, onClose: () => Promise<void> = async () => undefined): Promise<RunningServer> {
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      try {
        await app.close();
      } finally {
        await onClose();
        resolveClosed();
      }
    })();
    return closing;
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    app.log.info({ signal: sig }, 'shutting down');
    void close();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { url, closed, close };
}
