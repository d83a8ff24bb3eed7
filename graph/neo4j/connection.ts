/**
 * The only class that talks to neo4j-driver: one driver per store, reads through `executeQuery`
 * (routed, retried), writes through managed transactions, every error mapped by errors.ts.
 */
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { mapDriverError } from './errors.ts';
import type { Statement } from './cypher/statement.ts';

/** Connection settings (env is read by lib/config, not here). */
export interface Neo4jConfig {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

/** A row as the driver gives it, integers as JS numbers (disableLosslessIntegers). */
export type Row = Record<string, unknown>;

/** Runs statements within one managed transaction (read or write). */
export interface Tx {
  run(s: Statement): Promise<Row[]>;
}

export class Neo4jConnection {
  readonly uri: string;
  readonly database: string;
  private readonly driver: Driver;

  constructor(cfg: Neo4jConfig) {
    this.uri = cfg.uri;
    this.database = cfg.database ?? 'neo4j';
    this.driver = neo4j.driver(cfg.uri, neo4j.auth.basic(cfg.user, cfg.password), {
      disableLosslessIntegers: true,
      connectionTimeout: 5_000,
      connectionAcquisitionTimeout: 10_000,
      maxTransactionRetryTime: 15_000,
      // id() is deprecated in Cypher 5 but it is the cheapest node seek we have for frontier expansion.
      notificationFilter: { minimumSeverityLevel: 'OFF' },
      logging: { level: 'error', logger: () => undefined },
    });
  }

  /** Checks the server answers and accepts the credentials (wrong password -> LG_STORE_AUTH). */
  async verify(): Promise<void> {
    try {
      await this.driver.verifyAuthentication({ database: this.database });
      await this.driver.executeQuery('RETURN 1', {}, { database: this.database });
    } catch (e) {
      throw mapDriverError(e, this.uri, this.database, 'connecting');
    }
  }

  /** Runs one read statement (retried on transient errors); `timeoutMs` bounds it on the server. */
  async read(s: Statement, doing: string, timeoutMs?: number): Promise<Row[]> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(async (tx) => rows(await tx.run(s.text, s.params)), timeoutMs ? { timeout: timeoutMs } : undefined);
    } catch (e) {
      throw mapDriverError(e, this.uri, this.database, doing);
    } finally {
      await session.close();
    }
  }

  /** Runs `work` in one managed read transaction (several statements, one snapshot-ish view). */
  async readMany<T>(work: (tx: Tx) => Promise<T>, doing: string, timeoutMs?: number): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => work(wrap(tx)), timeoutMs ? { timeout: timeoutMs } : undefined);
    } catch (e) {
      throw mapDriverError(e, this.uri, this.database, doing);
    } finally {
      await session.close();
    }
  }

  /** Runs `work` in one managed write transaction, retried as a whole on transient errors. */
  async write<T>(work: (tx: Tx) => Promise<T>, doing: string): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) => work(wrap(tx)));
    } catch (e) {
      throw mapDriverError(e, this.uri, this.database, doing);
    } finally {
      await session.close();
    }
  }

  /** Runs one auto-commit statement (needed for `CALL { } IN TRANSACTIONS` and schema commands). */
  autoCommit(s: Statement, doing: string): Promise<Row[]> {
    return this.once(s, doing, neo4j.session.WRITE);
  }

  /** Runs one read as an auto-commit transaction: one round trip (no BEGIN/COMMIT), for single-statement answers. */
  readOnce(s: Statement, doing: string): Promise<Row[]> {
    return this.once(s, doing, neo4j.session.READ);
  }

  private async once(s: Statement, doing: string, mode: typeof neo4j.session.READ | typeof neo4j.session.WRITE): Promise<Row[]> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: mode });
    try {
      return rows(await session.run(s.text, s.params));
    } catch (e) {
      throw mapDriverError(e, this.uri, this.database, doing);
    } finally {
      await session.close();
    }
  }

  /** Runs a read; false when it fails with the server code `absent` (e.g. a procedure not installed). */
  async probe(s: Statement, absent: string | readonly string[], doing: string): Promise<boolean> {
    try {
      await this.readOnce(s, doing);
      return true;
    } catch (e) {
      const code = (e as { cause?: { code?: unknown } }).cause?.code;
      if (typeof code === 'string' && (typeof absent === 'string' ? code === absent : absent.includes(code))) return false;
      throw e;
    }
  }

  /** Runs a read with a raw driver error (the naive bench engine inspects timeouts itself). */
  async readRaw(s: Statement, timeoutMs: number): Promise<Row[]> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return rows(await session.run(s.text, s.params, { timeout: timeoutMs }));
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function wrap(tx: ManagedTransaction): Tx {
  return { run: async (s) => rows(await tx.run(s.text, s.params)) };
}

function rows(r: { records: { toObject(): Row }[] }): Row[] {
  return r.records.map((rec) => rec.toObject());
}
