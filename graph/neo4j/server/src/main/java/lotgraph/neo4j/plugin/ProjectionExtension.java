package lotgraph.neo4j.plugin;

import java.util.function.LongConsumer;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.internal.kernel.api.RelationshipScanCursor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.internal.kernel.api.security.LoginContext;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.api.KernelTransactionHandle;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.impl.api.KernelTransactions;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;
import org.neo4j.logging.InternalLog;
import org.neo4j.logging.internal.LogService;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.storageengine.api.TransactionIdStore;
import org.neo4j.values.storable.TextValue;

/**
 * Kernel extension (one instance per database, registered in META-INF/services) that owns the
 * database's {@link Projection}: on start a background thread waits until the database is
 * available, registers the transaction listener that keeps the projection current, and builds it
 * from a store scan. The plugin jar must be on the server's classpath (a Neo4j server puts
 * {@code plugins/*.jar} there; our launcher is given it by .ci/neo4j-start.sh) so that this
 * extension and the procedures share the {@link Projection#BY_DATABASE} registry.
 */
public final class ProjectionExtension extends ExtensionFactory<ProjectionExtension.Dependencies> {
    public interface Dependencies {
        GraphDatabaseAPI graphDatabaseAPI();

        DatabaseManagementService databaseManagementService();

        LogService logService();
    }

    /** The extension instance of each running database (for lotgraph.projection.rebuild). */
    static final java.util.concurrent.ConcurrentHashMap<String, Life> LIVES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts a rebuild of the database's projection (see {@link Life#rebuild}). */
    static void rebuild(String database) {
        Life life = LIVES.get(database);
        if (life == null) {
            throw new IllegalStateException("no projection extension for database '" + database + "'");
        }
        life.rebuild();
    }

    /** Suspends the database's projection for a bulk load (see {@link Life#suspend}). */
    static void suspend(String database, long millis) throws InterruptedException {
        life(database).suspend(millis);
    }

    /** Ends a suspension: the projection is rebuilt from the store (see {@link Life#resume}). */
    static void resume(String database) {
        life(database).resume();
    }

    private static Life life(String database) {
        Life life = LIVES.get(database);
        if (life == null) {
            throw new IllegalStateException("no projection extension for database '" + database + "'");
        }
        return life;
    }

    public ProjectionExtension() {
        super(ExtensionType.DATABASE, "lotgraph-projection");
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies deps) {
        return new Life(deps.graphDatabaseAPI(), deps.databaseManagementService(),
                deps.logService().getUserLog(ProjectionExtension.class));
    }

    static final class Life extends LifecycleAdapter {
        private final GraphDatabaseAPI db;
        private final DatabaseManagementService dbms;
        private final InternalLog log;
        private volatile Projection projection;
        private volatile Listener listener;
        /** The listener of a build in progress (a rebuild's, while `listener` serves the current one). */
        private volatile Listener building;
        private volatile Thread builder;
        private volatile boolean stopped;
        /** A bulk load holds the projection suspended until this time (ms since the epoch), or resumes it earlier. */
        private long leaseUntil;
        private boolean suspended;
        /**
         * Bumped by every suspend and resume: a build started under an older generation never
         * publishes (a build still running when a bulk load suspends would otherwise install a
         * projection whose listener is gone).
         */
        private long generation;
        private Thread watcher;

        Life(GraphDatabaseAPI db, DatabaseManagementService dbms, InternalLog log) {
            this.db = db;
            this.dbms = dbms;
            this.log = log;
        }

        @Override
        public void start() {
            String name = db.databaseName();
            if ("system".equals(name)) {
                return;
            }
            Projection p = new Projection(name);
            projection = p;
            Projection.BY_DATABASE.put(name, p);
            LIVES.put(name, this);
            if (!Projection.enabled()) {
                p.state = Projection.State.DISABLED;
                log.info("lotgraph projection of database '%s' disabled (lotgraph.projection / LOTGRAPH_PROJECTION)", name);
                return;
            }
            stopped = false;
            startBuild(p);
        }

        /** Called under the monitor (start, rebuild, resume). */
        private void startBuild(Projection p) {
            long gen = generation;
            Thread t = new Thread(() -> build(p, gen), "lotgraph-projection-" + p.database);
            t.setDaemon(true);
            builder = t;
            t.start();
        }

        /**
         * Builds a new projection from the store while the current one keeps answering, and swaps
         * them once it is ready (lotgraph.projection.rebuild: operations, and the test of a build
         * that runs while transactions commit).
         */
        synchronized void rebuild() {
            if (stopped || !Projection.enabled()) {
                throw new IllegalStateException("the projection is off or its database is stopping");
            }
            if (suspended) {
                resume();
                return;
            }
            Thread t = builder;
            if (t != null && t.isAlive()) {
                throw new IllegalStateException("a build is already running");
            }
            startBuild(new Projection(db.databaseName()));
        }

        /**
         * Bulk load: drops the listener and the projection (traces read the store meanwhile) for
         * `millis`, or longer if called again before then (a loader renews its lease as it goes).
         * A transaction listener makes every write pay for a snapshot of its changes and their
         * capture (~10% of the server's CPU on a bulk load, measured at M); a rebuild from the store
         * when the load ends costs far less (under a second at M). The lease ends by
         * lotgraph.projection.resume, or by itself when not renewed (a loader that died), and
         * either way the projection is rebuilt from the store, which holds every write, whoever made it.
         */
        synchronized void suspend(long millis) throws InterruptedException {
            if (stopped || !Projection.enabled()) {
                return;
            }
            leaseUntil = Math.max(leaseUntil, System.currentTimeMillis() + millis);
            if (suspended) {
                return;
            }
            // A build in flight belongs to the generation ending here: it will not publish.
            generation++;
            suspended = true;
            for (Listener l : new Listener[] {listener, building}) {
                if (l != null) {
                    unregister(l);
                }
            }
            listener = null;
            building = null;
            Projection old = projection;
            Projection placeholder = new Projection(db.databaseName());
            placeholder.state = Projection.State.SUSPENDED;
            projection = placeholder;
            Projection.BY_DATABASE.put(placeholder.database, placeholder);
            if (old != null) {
                old.retire();
            }
            log.info("lotgraph projection of database '%s' suspended for a bulk load", placeholder.database);
            if (watcher == null || !watcher.isAlive()) {
                watcher = new Thread(this::watchLease, "lotgraph-projection-lease-" + placeholder.database);
                watcher.setDaemon(true);
                watcher.start();
            }
        }

        /** Ends a suspension now: rebuilds the projection from the store (nothing to do when not suspended). */
        synchronized void resume() {
            if (!suspended || stopped) {
                return;
            }
            suspended = false;
            leaseUntil = 0;
            generation++;
            // The placeholder shows BUILDING until the new projection is published in its place.
            Projection placeholder = projection;
            if (placeholder != null && placeholder.state == Projection.State.SUSPENDED) {
                placeholder.state = Projection.State.BUILDING;
            }
            startBuild(new Projection(db.databaseName()));
        }

        private void watchLease() {
            try {
                while (true) {
                    Thread.sleep(500);
                    synchronized (this) {
                        if (!suspended || stopped) {
                            return;
                        }
                        if (System.currentTimeMillis() > leaseUntil) {
                            log.warn("lotgraph projection of database '%s': the bulk load's lease ran out; rebuilding", db.databaseName());
                            resume();
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void build(Projection p, long gen) {
            String name = p.database;
            Listener l = null;
            try {
                while (!stopped && !db.isAvailable(1000)) {
                    // wait for the database to accept transactions
                }
                if (stopped) {
                    return;
                }
                l = new Listener(p);
                dbms.registerTransactionEventListener(name, l);
                synchronized (this) {
                    if (gen != generation) {
                        unregister(l);
                        p.retire();
                        return;
                    }
                    building = l;
                }
                // A transaction that ran its beforeCommit hooks before the registration does not
                // report to us, so the scan must start after it has committed. Such a transaction is
                // committing now (a transaction is flagged committing before its hooks run, and
                // later committers run them with this listener registered): wait until every
                // transaction committing at this point has closed, however long its commit takes
                // (a big batch spends seconds building its commands), then until the log has
                // closed everything committed. Everything later is in the listener's buffer.
                KernelTransactions kts = db.getDependencyResolver().resolveDependency(KernelTransactions.class);
                TransactionIdStore ids = db.getDependencyResolver().resolveDependency(TransactionIdStore.class);
                // (executingTransactions, not activeTransactions: the latter leaves closing ones out.)
                java.util.List<KernelTransactionHandle> committing = kts.executingTransactions().stream()
                        .filter(KernelTransactionHandle::isCommitting).toList();
                long waitStart = System.currentTimeMillis();
                long deadline = waitStart + 60_000;
                while (committing.stream().anyMatch(KernelTransactionHandle::isCommitting) && System.currentTimeMillis() < deadline && !stopped) {
                    Thread.sleep(5);
                }
                if (!committing.isEmpty()) {
                    log.info("lotgraph projection of database '%s': waited %d ms for %d transaction(s) committing as the build began",
                            name, System.currentTimeMillis() - waitStart, committing.size());
                }
                if (committing.stream().anyMatch(KernelTransactionHandle::isCommitting)) {
                    log.warn("lotgraph projection of database '%s': a transaction still committing after 60 s; building anyway "
                            + "(its changes may be missing until the next rebuild)", name);
                }
                long committed = ids.getLastCommittedTransactionId();
                while (ids.getLastClosedTransactionId() < committed && System.currentTimeMillis() < deadline && !stopped) {
                    Thread.sleep(5);
                }
                try (InternalTransaction tx = db.beginTransaction(KernelTransaction.Type.EXPLICIT, LoginContext.AUTH_DISABLED)) {
                    if (p.txId < committed) {
                        p.txId = committed;
                    }
                    p.build(tx.kernelTransaction());
                }
                if (!publish(p, l, gen)) {
                    return;
                }
                log.info("lotgraph projection of database '%s' ready in %d ms: %d nodes, %d relationships, %d bytes; "
                        + "%d transactions committed during the build replayed", name, p.buildMillis, p.nodeCount, p.relCount,
                        p.bytes(), p.replayed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                p.fail(e);
                if (l != null) {
                    unregister(l);
                }
                log.error("lotgraph projection of database '" + name + "' failed; traces read the store", e);
            }
        }

        /**
         * Makes a built projection the one traces use; a projection it replaces is retired. False
         * (and the build discarded) when a suspend or resume came since the build started.
         */
        private synchronized boolean publish(Projection p, Listener l, long gen) {
            if (gen != generation || stopped) {
                unregister(l);
                if (building == l) {
                    building = null;
                }
                p.retire();
                return false;
            }
            Projection old = projection;
            Listener oldListener = listener;
            projection = p;
            listener = l;
            building = null;
            Projection.BY_DATABASE.put(p.database, p);
            if (oldListener != null && oldListener != l) {
                unregister(oldListener);
            }
            if (old != null && old != p) {
                old.retire();
            }
            return true;
        }

        private void unregister(Listener l) {
            try {
                dbms.unregisterTransactionEventListener(db.databaseName(), l);
            } catch (RuntimeException e) {
                // the database is going away anyway
            }
        }

        @Override
        public void stop() throws Exception {
            stopped = true;
            Projection p = projection;
            if (p != null) {
                p.cancelled = true;
            }
            Thread t = builder;
            if (t != null) {
                t.join(10_000);
            }
            synchronized (this) {
                for (Listener l : new Listener[] {listener, building}) {
                    if (l != null) {
                        unregister(l);
                    }
                }
                listener = null;
                building = null;
            }
            LIVES.remove(db.databaseName(), this);
            if (p != null) {
                Projection.BY_DATABASE.remove(p.database, p);
                p.retire();
            }
        }
    }

    /**
     * Captures each transaction's changes before it commits (read through the transaction's own
     * kernel cursors, which see its changes) and applies them after.
     */
    static final class Listener implements TransactionEventListener<Delta> {
        private final Projection p;

        Listener(Projection p) {
            this.p = p;
        }

        @Override
        public Delta beforeCommit(TransactionData data, Transaction tx, GraphDatabaseService db) {
            if (p.state == Projection.State.FAILED || p.state == Projection.State.DISABLED) {
                return null;
            }
            // An exception here would roll the writer's transaction back: the projection fails instead.
            try {
                return capture(data, tx);
            } catch (RuntimeException | Error e) {
                p.fail(e);
                return null;
            }
        }

        private Delta capture(TransactionData data, Transaction tx) {
            long t0 = System.nanoTime();
            Delta d = new Delta();
            for (Relationship r : data.deletedRelationships()) {
                d.deletedRels.add(r.getId());
            }
            for (Node n : data.deletedNodes()) {
                d.deletedNodes.add(n.getId());
            }
            KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
            Read read = ktx.dataRead();
            TokenRead tokens = ktx.tokenRead();
            int keyProp = tokens.propertyKey("key");
            PropertySelection keySel = keyProp < 0 ? null : PropertySelection.selection(keyProp);
            Times times = new Times(tokens);
            var ctx = ktx.cursorContext();
            var mem = ktx.memoryTracker();
            try (NodeCursor nc = ktx.cursors().allocateNodeCursor(ctx, mem);
                    RelationshipScanCursor rc = ktx.cursors().allocateRelationshipScanCursor(ctx, mem);
                    PropertyCursor pc = ktx.cursors().allocatePropertyCursor(ctx, mem)) {
                LongIntMap nodes = new LongIntMap(64);
                LongConsumer node = id -> addNode(d, id, nodes, read, nc, pc, keySel);
                for (Node n : data.createdNodes()) {
                    node.accept(n.getId());
                }
                withProperty(data.assignedNodeProperties(), "key", node);
                withProperty(data.removedNodeProperties(), "key", node);
                LongIntMap rels = new LongIntMap(64);
                LongConsumer rel = id -> addRel(d, id, rels, read, rc, pc, times);
                for (Relationship r : data.createdRelationships()) {
                    rel.accept(r.getId());
                }
                withProperty(data.assignedRelationshipProperties(), "at", rel);
                withProperty(data.removedRelationshipProperties(), "at", rel);
                withProperty(data.assignedRelationshipProperties(), "until", rel);
                withProperty(data.removedRelationshipProperties(), "until", rel);
            }
            p.listenerNanos.add(System.nanoTime() - t0);
            return d.isEmpty() ? null : d;
        }

        /** Calls `f` with the id of each entity whose property `key` the transaction set or removed. */
        private static <T extends Entity> void withProperty(Iterable<PropertyEntry<T>> changes, String key, LongConsumer f) {
            for (PropertyEntry<T> e : changes) {
                if (key.equals(e.key())) {
                    f.accept(e.entity().getId());
                }
            }
        }

        /** Adds node `id` with its key as this transaction leaves it (once; not if it is deleted). */
        private static void addNode(Delta d, long id, LongIntMap seen, Read read, NodeCursor nc, PropertyCursor pc,
                PropertySelection keySel) {
            if (seen.get(id) >= 0) {
                return;
            }
            seen.put(id, 1);
            read.singleNode(id, nc);
            if (!nc.next()) {
                return; // deleted in this transaction
            }
            String key = "";
            if (keySel != null) {
                nc.properties(pc, keySel);
                if (pc.next() && pc.propertyValue() instanceof TextValue t) {
                    key = t.stringValue();
                }
            }
            d.nodeIds.add(id);
            d.nodeKeys.add(key);
        }

        /** Adds relationship `id` with its type, ends, at and until as this transaction leaves it (once; not if deleted). */
        private static void addRel(Delta d, long id, LongIntMap seen, Read read, RelationshipScanCursor rc,
                PropertyCursor pc, Times times) {
            if (seen.get(id) >= 0) {
                return;
            }
            seen.put(id, 1);
            read.singleRelationship(id, rc);
            if (!rc.next()) {
                return; // deleted in this transaction
            }
            times.read(rc, pc);
            d.relIds.add(id);
            d.relStarts.add(rc.sourceNodeReference());
            d.relEnds.add(rc.targetNodeReference());
            d.relTypes.add(rc.type());
            d.relAts.add(Double.doubleToRawLongBits(times.at));
            d.relUntils.add(Double.doubleToRawLongBits(times.until));
        }

        @Override
        public void afterCommit(TransactionData data, Delta d, GraphDatabaseService db) {
            // Runs before the writer's commit returns to its client (so a trace after that sees the
            // write) and before the transaction's locks are released (so deltas touching the same
            // entities arrive in commit order); it must not throw: apply() fails the projection instead.
            if (d != null) {
                long t0 = System.nanoTime();
                d.txId = data.getTransactionId();
                p.apply(d);
                p.listenerNanos.add(System.nanoTime() - t0);
            }
        }

        @Override
        public void afterRollback(TransactionData data, Delta d, GraphDatabaseService db) {
            // nothing was applied
        }
    }
}
