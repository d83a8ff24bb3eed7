package lotgraph.neo4j.plugin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.internal.kernel.api.security.LoginContext;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;
import org.neo4j.logging.InternalLog;
import org.neo4j.logging.internal.LogService;
import org.neo4j.storageengine.api.TransactionIdStore;

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
        private volatile Thread builder;
        private volatile boolean stopped;

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
            if (!Projection.enabled()) {
                p.state = Projection.State.DISABLED;
                log.info("lotgraph projection of database '%s' disabled (lotgraph.projection / LOTGRAPH_PROJECTION)", name);
                return;
            }
            stopped = false;
            Thread t = new Thread(() -> build(p), "lotgraph-projection-" + name);
            t.setDaemon(true);
            builder = t;
            t.start();
        }

        private void build(Projection p) {
            String name = p.database;
            try {
                while (!stopped && !db.isAvailable(1000)) {
                    // wait for the database to accept transactions
                }
                if (stopped) {
                    return;
                }
                Listener l = new Listener(p);
                dbms.registerTransactionEventListener(name, l);
                listener = l;
                // A transaction that ran its beforeCommit hooks before the registration does not
                // report to us: let those finish (they are past validation, so they commit at once)
                // before the scan starts; everything later is in the listener's buffer.
                TransactionIdStore ids = db.getDependencyResolver().resolveDependency(TransactionIdStore.class);
                Thread.sleep(200);
                long committed = ids.getLastCommittedTransactionId();
                long deadline = System.currentTimeMillis() + 30_000;
                while (ids.getLastClosedTransactionId() < committed && System.currentTimeMillis() < deadline && !stopped) {
                    Thread.sleep(10);
                }
                try (InternalTransaction tx = db.beginTransaction(KernelTransaction.Type.EXPLICIT, LoginContext.AUTH_DISABLED)) {
                    if (p.txId < committed) {
                        p.txId = committed;
                    }
                    p.build(tx.kernelTransaction());
                }
                log.info("lotgraph projection of database '%s' ready in %d ms: %d nodes, %d relationships, %d bytes",
                        name, p.buildMillis, p.nodeCount, p.relCount, p.bytes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                p.fail(e);
                log.error("lotgraph projection of database '" + name + "' failed; traces read the store", e);
            }
        }

        @Override
        public void stop() throws Exception {
            stopped = true;
            Thread t = builder;
            if (t != null) {
                t.join(10_000);
            }
            Listener l = listener;
            if (l != null) {
                try {
                    dbms.unregisterTransactionEventListener(db.databaseName(), l);
                } catch (RuntimeException e) {
                    // the database is going away anyway
                }
                listener = null;
            }
            Projection p = projection;
            if (p != null) {
                Projection.BY_DATABASE.remove(p.database, p);
                p.state = Projection.State.DISABLED;
            }
        }
    }

    /** Captures each transaction's changes before it commits and applies them after. */
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
            Delta d = new Delta();
            for (Relationship r : data.deletedRelationships()) {
                d.deletedRels.add(r.getId());
            }
            for (Node n : data.deletedNodes()) {
                d.deletedNodes.add(n.getId());
            }
            Set<Long> nodes = new HashSet<>();
            for (Node n : data.createdNodes()) {
                if (nodes.add(n.getId())) {
                    addNode(d, n);
                }
            }
            for (PropertyEntry<Node> e : data.assignedNodeProperties()) {
                touchNode(d, data, nodes, e);
            }
            for (PropertyEntry<Node> e : data.removedNodeProperties()) {
                touchNode(d, data, nodes, e);
            }
            TokenRead tokens = ((InternalTransaction) tx).kernelTransaction().tokenRead();
            Map<String, Integer> typeIds = new HashMap<>();
            Set<Long> rels = new HashSet<>();
            for (Relationship r : data.createdRelationships()) {
                if (rels.add(r.getId())) {
                    addRel(d, r, tokens, typeIds);
                }
            }
            for (PropertyEntry<Relationship> e : data.assignedRelationshipProperties()) {
                touchRel(d, data, rels, e, tokens, typeIds);
            }
            for (PropertyEntry<Relationship> e : data.removedRelationshipProperties()) {
                touchRel(d, data, rels, e, tokens, typeIds);
            }
            return d.isEmpty() ? null : d;
        }

        private static void touchNode(Delta d, TransactionData data, Set<Long> seen, PropertyEntry<Node> e) {
            if ("key".equals(e.key()) && !data.isDeleted(e.entity()) && seen.add(e.entity().getId())) {
                addNode(d, e.entity());
            }
        }

        private static void addNode(Delta d, Node n) {
            d.nodeIds.add(n.getId());
            Object key = n.getProperty("key", null);
            // As the store path reads it: a text value (String or char), else "".
            d.nodeKeys.add(key instanceof String s ? s : key instanceof Character c ? String.valueOf(c) : "");
        }

        private static void touchRel(Delta d, TransactionData data, Set<Long> seen, PropertyEntry<Relationship> e,
                TokenRead tokens, Map<String, Integer> typeIds) {
            if ("at".equals(e.key()) && !data.isDeleted(e.entity()) && seen.add(e.entity().getId())) {
                addRel(d, e.entity(), tokens, typeIds);
            }
        }

        private static void addRel(Delta d, Relationship r, TokenRead tokens, Map<String, Integer> typeIds) {
            d.relIds.add(r.getId());
            d.relStarts.add(r.getStartNodeId());
            d.relEnds.add(r.getEndNodeId());
            d.relTypes.add(typeIds.computeIfAbsent(r.getType().name(), tokens::relationshipType));
            d.relAts.add(Double.doubleToRawLongBits(r.getProperty("at", null) instanceof Number n ? n.doubleValue() : Double.NaN));
        }

        @Override
        public void afterCommit(TransactionData data, Delta d, GraphDatabaseService db) {
            if (d != null) {
                d.txId = data.getTransactionId();
                p.apply(d);
            }
        }

        @Override
        public void afterRollback(TransactionData data, Delta d, GraphDatabaseService db) {
            // nothing was applied
        }
    }
}
