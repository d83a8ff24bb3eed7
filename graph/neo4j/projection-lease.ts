/**
 * Bulk loads and the plugin's trace projection: the projection's transaction listener costs every
 * write a snapshot and a capture of its changes (about 10% of the server's CPU on the M load,
 * measured), while rebuilding the projection from the store takes under a second at M. So a bulk
 * load (`Neo4jStore.load` with `suspendProjection`) suspends it for a lease it renews as it goes,
 * and resumes it at the end: the plugin rebuilds it from the store, which holds every write made
 * meanwhile by anyone. Traces read the store while it is suspended (same answers, slower). A loader
 * that dies leaves a lease that runs out by itself. Servers without the procedures are left alone.
 */
import type { Neo4jConnection } from './connection.ts';
import type { Statement } from './cypher/statement.ts';

/** Lease asked for, and renewed when this much of it has passed. */
const LEASE_SECONDS = 120;
const RENEW_AFTER_MS = 30_000;
/** How long the end of a load waits for the rebuilt projection before it lets traces read the store. */
const READY_TIMEOUT_MS = 300_000;

export const suspendProjection = (seconds: number): Statement => ({ text: /* cypher */ 'CALL lotgraph.projection.suspend($seconds) YIELD state RETURN state', params: { seconds } });
export const resumeProjection = (): Statement => ({ text: /* cypher */ 'CALL lotgraph.projection.resume() YIELD state RETURN state', params: {} });
export const projectionState = (): Statement => ({ text: /* cypher */ 'CALL lotgraph.projection() YIELD state RETURN state', params: {} });

export class ProjectionLease {
  private active = false;
  private renewed = 0;

  private constructor(private readonly conn: Neo4jConnection) {}

  /** Suspends the projection; a server without the procedure (or a disabled projection) gives an inactive lease. */
  static async take(conn: Neo4jConnection): Promise<ProjectionLease> {
    const lease = new ProjectionLease(conn);
    try {
      const [row] = await conn.autoCommit(suspendProjection(LEASE_SECONDS), 'suspending the trace projection for a bulk load');
      lease.active = row?.state === 'SUSPENDED';
      lease.renewed = Date.now();
    } catch {
      lease.active = false; // no such procedure (older plugin) or not allowed: the listener stays, the load is slower
    }
    return lease;
  }

  /** Renews the lease when a good part of it has passed (cheap to call per batch). */
  async renew(): Promise<void> {
    if (!this.active || Date.now() - this.renewed < RENEW_AFTER_MS) return;
    try {
      await this.conn.autoCommit(suspendProjection(LEASE_SECONDS), 'renewing the trace projection suspension');
      this.renewed = Date.now();
    } catch {
      // Best effort, as taking it: the load goes on; the lease runs out and the server rebuilds the projection.
      this.active = false;
    }
  }

  /** Resumes the projection and waits until it is rebuilt (or has failed: traces then read the store). */
  async release(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    await this.conn.autoCommit(resumeProjection(), 'resuming the trace projection');
    const until = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const [row] = await this.conn.readOnce(projectionState(), 'reading the trace projection state');
      if ((row?.state !== 'BUILDING' && row?.state !== 'SUSPENDED') || Date.now() > until) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
