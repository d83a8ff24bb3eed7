package lotgraph.neo4j.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.CursorFactory;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.internal.kernel.api.RelationshipTraversalCursor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.memory.MemoryTracker;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.TerminationGuard;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.storageengine.api.RelationshipSelection;
import org.neo4j.values.storable.NumberValue;
import org.neo4j.values.storable.TextValue;
import org.neo4j.values.storable.Value;

/**
 * {@code lotgraph.trace}: lotgraph's breadth-first trace, run once inside the server.
 *
 * <p>Why: in Cypher the depths and witness parents of a trace need every reached node's neighbour
 * list, which Community's runtime expands at ~3 µs an edge, and the client then decodes a row or a
 * list per node. Here the search walks the store with kernel cursors (as APOC and GDS do), keeps a
 * visited set, and answers with ONE row of a few strings: the keys joined by '\n' and the parent
 * indexes as decimal numbers joined by ',', so the driver decodes a handful of values, not one per
 * node. Strings, not lists or byte arrays: the JavaScript driver decodes a string natively but a
 * list or a byte array value by value (a 296 KB byte array took ~28 ms to unpack, profiled).
 *
 * <p>Semantics are the embedded store's: seeds at depth 0 in the given order (duplicates once);
 * the state search of "Containment in time" (graph/store.ts, {@link States}): a state is a node
 * with a window of time, a {@code PACKED_INTO} is followed when its [at, until] overlaps the window,
 * a state within a window already visited at its node is not expanded; states in BFS order, each
 * state's edges by relationship id (creation order); a node is reported once, at its first
 * discovery (depth and parent of that state), so cycles end; edges whose {@code at} is later than
 * {@code asOf} are not followed (edges without {@code at} always are); nodes at {@code maxDepth}
 * are not expanded; at most {@code limit} nodes, {@code truncated} when one more was reachable.
 * With {@code withEdges} (recall) the search is not capped (the capped visit is a prefix of the
 * full one: the client applies the cap) and every reached node's followed out-edges come back too,
 * plus its in-edges of the {@code inTypes} (what a recall summary reads about how a node was made);
 * the out-edges listed are those some state followed (whose other end is reached).
 *
 * <p>Only node property {@code key} and edge properties {@code at}, {@code until}, {@code qty},
 * {@code uom} are read; relationship types come from the caller, so the vocabulary stays in the
 * TypeScript model, but for the three the state search reads times on ({@link #PACKED_INTO}).
 *
 * <p>Traces without edges are answered from the database's in-memory {@link Projection} when it is
 * ready and the calling transaction has no changes of its own, else by the store cursors below; the
 * optional last argument {@code engine} ('auto', 'store', 'projection') forces one path (tests).
 * {@code lotgraph.projection()} reports the projection's state.
 */
public final class TraceProcedure {
    /**
     * The edge kinds the state search of "Containment in time" (graph/store.ts) reads times on: a
     * containment's interval [at, until], and the shipment or use of a container at a time. The
     * model's names (graph/model.ts), as {@code key}, {@code at}, {@code until} are its property names.
     */
    static final String PACKED_INTO = "PACKED_INTO";
    static final String SHIPPED_IN = "SHIPPED_IN";
    static final String CONSUMED_BY = "CONSUMED_BY";

    /** Keys are percent-encoded (graph/keys.ts), so a newline never occurs inside one. */
    static final char SEP = '\n';

    @Context
    public Transaction tx;

    @Context
    public TerminationGuard guard;

    /** The answer: one row. Fields after {@code truncated} are null unless {@code withEdges}. */
    public static final class Row {
        /** Reached node keys in BFS order, joined by '\n'. */
        public String keys;
        /** Parent index of each reached node (-1 for seeds), decimal, joined by ','. */
        public String parents;
        /**
         * Depth of each reached node, decimal, joined by ','. Not always its parent's + 1: a node first
         * reached through a container's later window is one hop from that state, which lies deeper than
         * the container's first discovery ("Containment in time", graph/store.ts).
         */
        public String depths;
        public boolean truncated;
        /** Internal node ids, BFS order, decimal, joined by ','. */
        public String ids;
        /** Per node: the number of its out-edges, then the BFS index of each one's other end (by relationship id); joined by ','. */
        public String adj;
        /** {@code qty} of each edge listed in {@code adj}, in the same order (null when absent). */
        public List<Object> qty;
        /** {@code uom} of each edge listed in {@code adj}, in the same order (null when absent). */
        public List<String> uom;
        /**
         * {@code at} and {@code until} of each edge listed in {@code adj}, two values an edge, in the same
         * order (null when absent): the recall summary follows a serial's containers in time with them.
         */
        public List<Object> times;
        /**
         * In-edges of the {@code inTypes} (asOf applied), flat, 7 values each: node index,
         * relationship id, type, other node's key, at, qty, uom; by node, then relationship id.
         */
        public List<Object> ins;
        /** Node properties named in {@code nodeProps} that a reached node has, flat: node index, name, value. */
        public List<Object> props;
    }

    @Procedure(name = "lotgraph.trace", mode = Mode.READ)
    @Description("lotgraph.trace(seeds, types, direction 'out'|'in', maxDepth, asOf, limit, withEdges, inTypes, nodeProps, engine, margin): "
            + "breadth-first trace from node ids, through containers in time (margin: [before, after] ms a containment is widened by), "
            + "one row of keys, packed parents, depths and truncated")
    public Stream<Row> trace(
            @Name("seeds") List<Long> seeds,
            @Name("types") List<String> types,
            @Name("direction") String direction,
            @Name("maxDepth") long maxDepth,
            @Name("asOf") Number asOf,
            @Name("limit") long limit,
            @Name("withEdges") boolean withEdges,
            @Name("inTypes") List<String> inTypes,
            @Name("nodeProps") List<String> nodeProps,
            @Name(value = "engine", defaultValue = "auto") String engine,
            @Name(value = "margin", defaultValue = "null") List<Number> margin) {
        Direction dir = switch (direction) {
            case "out" -> Direction.OUTGOING;
            case "in" -> Direction.INCOMING;
            default -> throw new IllegalArgumentException("direction must be 'out' or 'in', got '" + direction + "'");
        };
        if (maxDepth < 0 || limit < 1) {
            throw new IllegalArgumentException("maxDepth must be >= 0 and limit >= 1");
        }
        if (!engine.equals("auto") && !engine.equals("store") && !engine.equals("projection")) {
            throw new IllegalArgumentException("engine must be 'auto', 'store' or 'projection', got '" + engine + "'");
        }
        if (margin != null && (margin.size() != 2 || margin.stream().anyMatch(m -> m == null || !(m.doubleValue() >= 0)))) {
            throw new IllegalArgumentException("margin must be [beforeMs, afterMs], both >= 0, got " + margin);
        }
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        TokenRead tokens = ktx.tokenRead();
        States.Rules rules = new States.Rules(tokens.relationshipType(PACKED_INTO), tokens.relationshipType(SHIPPED_IN),
                tokens.relationshipType(CONSUMED_BY), margin == null ? 0 : margin.get(0).doubleValue(),
                margin == null ? 0 : margin.get(1).doubleValue());
        if (!withEdges && !engine.equals("store")) {
            Row r = projectionTrace(ktx, seeds, types, dir, maxDepth, asOf, limit, rules);
            if (r != null) {
                return Stream.of(r);
            }
            if (engine.equals("projection")) {
                throw new IllegalStateException("the projection of database '" + ktx.getDatabaseName()
                        + "' cannot answer: " + projectionState(ktx.getDatabaseName()));
            }
        } else if (engine.equals("projection")) {
            throw new IllegalArgumentException("engine 'projection' answers traces without edges only");
        } else {
            Projection p = Projection.BY_DATABASE.get(ktx.getDatabaseName());
            if (p != null) {
                p.storeTraces.increment();
            }
        }
        Search s = new Search(ktx, guard, rules, types, dir, maxDepth, asOf == null ? Double.NaN : asOf.doubleValue(),
                withEdges ? Integer.MAX_VALUE - 8 : (int) Math.min(limit, Integer.MAX_VALUE - 8), withEdges,
                withEdges && inTypes != null ? inTypes : List.of(), withEdges && nodeProps != null ? nodeProps : List.of());
        return Stream.of(s.run(seeds));
    }

    /**
     * The trace on the database's in-memory {@link Projection}, or null when that cannot answer:
     * none, not built yet, disabled or failed, or the calling transaction has changes of its own
     * (the projection holds committed data only).
     */
    private Row projectionTrace(KernelTransaction ktx, List<Long> seeds, List<String> types, Direction dir,
            long maxDepth, Number asOf, long limit, States.Rules rules) {
        // Twice at most: a rebuild may retire the projection between the look-up and the lock.
        for (int attempt = 0; attempt < 2; attempt++) {
            Projection p = Projection.BY_DATABASE.get(ktx.getDatabaseName());
            if (p == null) {
                return null;
            }
            if (!p.ready() || ktx.dataRead().transactionStateHasChanges()) {
                p.storeTraces.increment();
                return null;
            }
            TokenRead tokens = ktx.tokenRead();
            int[] typeIds = types.stream().mapToInt(tokens::relationshipType).filter(t -> t >= 0).toArray();
            p.lock.readLock().lock();
            try {
                if (!p.ready()) {
                    continue;
                }
                long t0 = System.nanoTime();
                Row r = p.trace(seeds, typeIds, dir == Direction.OUTGOING, maxDepth, asOf == null ? Double.NaN : asOf.doubleValue(),
                        (int) Math.min(limit, Integer.MAX_VALUE - 8), guard, rules);
                p.traces.increment();
                p.traceNanos.add(System.nanoTime() - t0);
                return r;
            } finally {
                p.lock.readLock().unlock();
            }
        }
        return null;
    }

    private static String projectionState(String database) {
        Projection p = Projection.BY_DATABASE.get(database);
        return p == null ? "no projection (is the plugin jar on the server's classpath?)"
                : p.state + (p.error == null ? "" : " (" + p.error + ")");
    }

    /** Status of the projection {@code lotgraph.trace} uses, for tests and operations. */
    public static final class Status {
        /** BUILDING, READY, FAILED, DISABLED, SUSPENDED (a bulk load), or NONE (the extension is not loaded). */
        public String state;
        /** Which projection (a sequence number; a rebuild makes a new one). */
        public long buildId;
        /** Transactions that committed during its build and were replayed after the scan. */
        public long replayed;
        public boolean ready;
        /** Highest transaction id applied. */
        public long txId;
        public long nodes;
        public long relationships;
        /** Heap held by the projection's arrays. */
        public long bytes;
        /** Build time (store scan and replay), -1 until built. */
        public long buildMillis;
        /** Traces answered by the projection since the start. */
        public long traces;
        /** Time the projection spent answering them (search and answer strings), ms. */
        public long traceMillis;
        /** Traces answered by the store since the start (recalls, engine 'store', not ready, own changes). */
        public long storeTraces;
        /** Time writes spent in the projection's transaction listener since the start, ms. */
        public long listenerMillis;
        public String error;
    }

    @Procedure(name = "lotgraph.projection", mode = Mode.READ)
    @Description("lotgraph.projection(): state of the in-memory projection lotgraph.trace uses "
            + "(state, buildId, replayed, ready, txId, nodes, relationships, bytes, buildMillis, traces, traceMillis, storeTraces, "
            + "listenerMillis, error)")
    public Stream<Status> projection() {
        Projection p = Projection.BY_DATABASE.get(database());
        Status st = new Status();
        if (p == null) {
            st.state = "NONE";
            st.buildMillis = -1;
            return Stream.of(st);
        }
        p.lock.readLock().lock();
        try {
            st.state = p.state.name();
            st.buildId = p.buildId;
            st.replayed = p.replayed;
            st.ready = p.ready();
            st.txId = p.txId;
            st.nodes = p.nodeCount;
            st.relationships = p.relCount;
            st.bytes = p.bytes();
            st.buildMillis = p.buildMillis;
            st.listenerMillis = p.listenerNanos.sum() / 1_000_000;
            st.traces = p.traces.sum();
            st.traceMillis = p.traceNanos.sum() / 1_000_000;
            st.storeTraces = p.storeTraces.sum();
            st.error = p.error;
        } finally {
            p.lock.readLock().unlock();
        }
        return Stream.of(st);
    }

    @Procedure(name = "lotgraph.projection.rebuild", mode = Mode.DBMS)
    @Description("lotgraph.projection.rebuild(): builds the projection anew from the store in the background (the current "
            + "one answers meanwhile) and swaps it in when ready; answers the status of the current one")
    public Stream<Status> rebuild() {
        ProjectionExtension.rebuild(database());
        return projection();
    }

    @Procedure(name = "lotgraph.projection.suspend", mode = Mode.DBMS)
    @Description("lotgraph.projection.suspend(seconds): for a bulk load, drops the projection and its transaction listener "
            + "(traces read the store meanwhile) until lotgraph.projection.resume() or until the lease of `seconds` runs out "
            + "without being renewed by another call; then it is rebuilt from the store. Answers the status")
    public Stream<Status> suspend(@Name("seconds") long seconds) throws InterruptedException {
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("seconds must be between 1 and 3600, got " + seconds);
        }
        ProjectionExtension.suspend(database(), seconds * 1000);
        return projection();
    }

    @Procedure(name = "lotgraph.projection.resume", mode = Mode.DBMS)
    @Description("lotgraph.projection.resume(): ends a suspension (lotgraph.projection.suspend): rebuilds the projection "
            + "from the store in the background; answers the status (BUILDING until it is READY)")
    public Stream<Status> resume() {
        ProjectionExtension.resume(database());
        return projection();
    }

    /** The name of the database this procedure call runs in. */
    private String database() {
        return ((InternalTransaction) tx).kernelTransaction().getDatabaseName();
    }

    /** One search on the store: cursors, the state search and the answer. */
    static final class Search {
        private final Read read;
        private final TerminationGuard guard;
        private final CursorFactory cursors;
        private final CursorContext ctx;
        private final MemoryTracker mem;
        private final RelationshipSelection sel;
        private final boolean anyType;
        private final PropertySelection keySel;
        private final Times times;
        private final int atProp;
        private final int qtyProp;
        private final int uomProp;
        private final long maxDepth;
        private final double asOf;
        private final boolean withEdges;
        private final TokenRead tokens;
        private final RelationshipSelection inSel;
        private final PropertySelection propSel;
        private final String[] propNames;
        private final int[] propIds;
        private final States states;
        /** Relationships some state followed (recall: its edge lists name only those). */
        private final NodeSet followed;
        /** Each node's key, read when its first state was expanded (null: read by the answer). */
        private String[] keyOf = new String[256];
        /**
         * Recall: the edges of a node whose first state was unbounded, captured when it was expanded
         * (an unbounded state follows every edge asOf lets through, so these are all it will follow):
         * node index -> start in the flat arrays (-1: none, the answer reads the edges again), count.
         */
        private int[] capStart = new int[0];
        private int[] capLen = new int[0];
        private long[] cRel = new long[0];
        private long[] cOther = new long[0];
        private final EdgeAttrs cAttrs;
        private int cn;

        Search(KernelTransaction ktx, TerminationGuard guard, States.Rules rules, List<String> types, Direction dir, long maxDepth,
                double asOf, int cap, boolean withEdges, List<String> inTypes, List<String> nodeProps) {
            this.read = ktx.dataRead();
            this.guard = guard;
            this.cursors = ktx.cursors();
            this.ctx = ktx.cursorContext();
            this.mem = ktx.memoryTracker();
            this.tokens = ktx.tokenRead();
            int[] typeIds = types.stream().mapToInt(tokens::relationshipType).filter(t -> t >= 0).toArray();
            // No known type: nothing to follow (an empty selection array would mean "any type").
            this.anyType = typeIds.length > 0;
            this.sel = RelationshipSelection.selection(typeIds, dir);
            int keyProp = tokens.propertyKey("key");
            this.atProp = tokens.propertyKey("at");
            this.qtyProp = tokens.propertyKey("qty");
            this.uomProp = tokens.propertyKey("uom");
            // A property key no node or edge has yet has no token (-1): nothing to read then.
            this.keySel = keyProp < 0 ? null : PropertySelection.selection(keyProp);
            this.times = new Times(tokens);
            this.cAttrs = new EdgeAttrs(tokens, 0);
            this.maxDepth = maxDepth;
            this.asOf = asOf;
            this.withEdges = withEdges;
            this.states = new States(dir == Direction.OUTGOING, rules, cap, null);
            this.followed = withEdges ? new NodeSet() : null;
            int[] inIds = inTypes.stream().mapToInt(tokens::relationshipType).filter(t -> t >= 0).toArray();
            this.inSel = inIds.length == 0 ? null : RelationshipSelection.selection(inIds, Direction.INCOMING);
            this.propNames = nodeProps.toArray(new String[0]);
            this.propIds = nodeProps.stream().mapToInt(tokens::propertyKey).toArray();
            int[] known = Arrays.stream(propIds).filter(k -> k >= 0).toArray();
            this.propSel = known.length == 0 ? null : PropertySelection.selection(known);
        }

        Row run(List<Long> seeds) {
            try (NodeCursor node = cursors.allocateNodeCursor(ctx, mem);
                    RelationshipTraversalCursor rels = cursors.allocateRelationshipTraversalCursor(ctx, mem);
                    PropertyCursor props = cursors.allocatePropertyCursor(ctx, mem)) {
                for (Long seed : seeds) {
                    if (seed == null || seed < 0 || !read.nodeExists(seed)) {
                        continue;
                    }
                    if (!states.seed(seed)) {
                        break;
                    }
                }
                search(node, rels, props);
                return answer(node, rels, props);
            }
        }

        /** The state search: per state its edges (asOf applied, times read only when they decide), in relationship-id order. */
        private void search(NodeCursor node, RelationshipTraversalCursor rels, PropertyCursor props) {
            States s = states;
            long[] rel = new long[64];
            long[] other = new long[64];
            double[] lo = new double[64];
            double[] hi = new double[64];
            EdgeAttrs attrs = withEdges ? new EdgeAttrs(tokens, 64) : null;
            int[] order = new int[64];
            int popped = 0;
            while (anyType && s.next()) {
                if ((++popped & 4095) == 0) {
                    guard.check();
                }
                boolean expand = s.d < maxDepth;
                if (!expand && !withEdges) {
                    continue;
                }
                read.singleNode(s.ids[s.idx], node);
                if (!node.next()) {
                    throw new IllegalStateException("node " + s.ids[s.idx] + " vanished during the trace");
                }
                boolean capture = withEdges && s.first && !s.bounded;
                if (s.first) {
                    if (s.idx >= keyOf.length) {
                        keyOf = Arrays.copyOf(keyOf, Math.max(s.idx + 1, keyOf.length * 2));
                    }
                    keyOf[s.idx] = stringProp(node, props, keySel);
                }
                int k = 0;
                node.relationships(rels, sel);
                while (rels.next()) {
                    int type = rels.type();
                    boolean decide = s.needsTimes(type);
                    if (decide || !Double.isNaN(asOf)) {
                        times.read(rels, props);
                        if (times.at > asOf) {
                            continue;
                        }
                    }
                    if (!decide) {
                        s.followUnbounded();
                    } else if (!s.follow(type, times.at, times.until)) {
                        continue;
                    }
                    if (k == rel.length) {
                        int m = k * 2;
                        rel = Arrays.copyOf(rel, m);
                        other = Arrays.copyOf(other, m);
                        lo = Arrays.copyOf(lo, m);
                        hi = Arrays.copyOf(hi, m);
                        order = new int[m];
                    }
                    rel[k] = rels.relationshipReference();
                    other[k] = rels.otherNodeReference();
                    lo[k] = s.toLo();
                    hi[k] = s.toHi();
                    if (capture) {
                        attrs.ensure(k + 1);
                        attrs.read(rels, props, k);
                    }
                    k++;
                }
                Sort.byKey(rel, k, order);
                if (capture) {
                    capture(s.idx, k, order, rel, other, attrs);
                }
                for (int i = 0; i < k; i++) {
                    int e = order[i];
                    if (withEdges) {
                        followed.add(rel[e]);
                    }
                    if (expand && !s.offer(other[e], lo[e], hi[e])) {
                        return;
                    }
                }
            }
        }

        /** Keeps node `idx`'s `k` edges, in relationship-id order, for the answer. */
        private void capture(int idx, int k, int[] order, long[] rel, long[] other, EdgeAttrs attrs) {
            if (idx >= capStart.length) {
                int old = capStart.length;
                int m = Math.max(idx + 1, Math.max(256, old * 2));
                capStart = Arrays.copyOf(capStart, m);
                capLen = Arrays.copyOf(capLen, m);
                Arrays.fill(capStart, old, m, -1);
            }
            if (cn + k > cRel.length) {
                int m = Math.max(cn + k, Math.max(1024, cRel.length * 2));
                cRel = Arrays.copyOf(cRel, m);
                cOther = Arrays.copyOf(cOther, m);
                cAttrs.ensure(m);
            }
            capStart[idx] = cn;
            capLen[idx] = k;
            for (int i = 0; i < k; i++) {
                int e = order[i];
                cRel[cn] = rel[e];
                cOther[cn] = other[e];
                cAttrs.set(cn, attrs, e);
                cn++;
            }
        }

        /** Keys, parents and, for a recall, every reached node's followed edges, in-edges and properties. */
        private Row answer(NodeCursor node, RelationshipTraversalCursor rels, PropertyCursor props) {
            States s = states;
            int n = s.n;
            StringBuilder keys = new StringBuilder(1024);
            StringBuilder adj = withEdges ? new StringBuilder(4096) : null;
            List<Object> qty = withEdges ? new ArrayList<>() : null;
            List<String> uom = withEdges ? new ArrayList<>() : null;
            List<Object> edgeTimes = withEdges ? new ArrayList<>() : null;
            List<Object> ins = withEdges ? new ArrayList<>() : null;
            List<Object> nodeValues = withEdges ? new ArrayList<>() : null;
            LongIntMap index = null;
            if (withEdges) {
                index = new LongIntMap(Math.max(1024, n * 2));
                for (int i = 0; i < n; i++) {
                    index.put(s.ids[i], i);
                }
            }
            long[] rel = new long[64];
            int[] end = new int[64];
            EdgeAttrs attrs = withEdges ? new EdgeAttrs(tokens, 64) : null;
            int[] order = new int[64];
            for (int i = 0; i < n; i++) {
                if ((i & 4095) == 4095) {
                    guard.check();
                }
                if (i > 0) {
                    keys.append(SEP);
                }
                String key = i < keyOf.length ? keyOf[i] : null;
                if (key != null && !withEdges) {
                    keys.append(key);
                    continue;
                }
                read.singleNode(s.ids[i], node);
                if (!node.next()) {
                    throw new IllegalStateException("node " + s.ids[i] + " vanished during the trace");
                }
                keys.append(key != null ? key : stringProp(node, props, keySel));
                if (!withEdges) {
                    continue;
                }
                // The followed out-edges whose other end is reached, in creation (relationship id) order.
                int k = 0;
                int c = i < capStart.length ? capStart[i] : -1;
                int captured = c < 0 ? 0 : capLen[i];
                if (c >= 0 || anyType) {
                    if (c < 0) {
                        node.relationships(rels, sel);
                    }
                    for (int x = c; c >= 0 ? x < c + captured : rels.next(); x++) {
                        long r = c >= 0 ? cRel[x] : rels.relationshipReference();
                        int j = c >= 0 ? index.get(cOther[x]) : followed.contains(r) ? index.get(rels.otherNodeReference()) : -1;
                        if (j < 0) {
                            continue;
                        }
                        if (k == rel.length) {
                            int m = k * 2;
                            rel = Arrays.copyOf(rel, m);
                            end = Arrays.copyOf(end, m);
                            order = new int[m];
                        }
                        rel[k] = r;
                        end[k] = j;
                        attrs.ensure(k + 1);
                        if (c >= 0) {
                            attrs.set(k, cAttrs, x);
                        } else {
                            attrs.read(rels, props, k);
                        }
                        k++;
                    }
                }
                Sort.byKey(rel, k, order);
                comma(adj, i).append(k);
                for (int x = 0; x < k; x++) {
                    int e = order[x];
                    adj.append(',').append(end[e]);
                    qty.add(attrs.qty[e]);
                    uom.add(attrs.uom[e]);
                    edgeTimes.add(Double.isNaN(attrs.at[e]) ? null : (Object) attrs.at[e]);
                    edgeTimes.add(Double.isNaN(attrs.until[e]) ? null : (Object) attrs.until[e]);
                }
                if (inSel != null) {
                    inEdges(i, node, rels, props, ins);
                }
                if (propSel != null) {
                    node.properties(props, propSel);
                    while (props.next()) {
                        nodeValues.add((long) i);
                        nodeValues.add(propName(props.propertyKey()));
                        nodeValues.add(props.propertyValue().asObjectCopy());
                    }
                }
            }
            Row r = new Row();
            r.keys = keys.toString();
            r.parents = joinInts(s.parent, n);
            r.depths = joinInts(s.depth, n);
            r.truncated = s.truncated;
            if (withEdges) {
                StringBuilder idList = new StringBuilder(n * 8);
                for (int i = 0; i < n; i++) {
                    comma(idList, i).append(s.ids[i]);
                }
                r.ids = idList.toString();
                r.adj = adj.toString();
                r.qty = qty;
                r.uom = uom;
                r.times = edgeTimes;
                r.ins = ins;
                r.props = nodeValues;
            }
            return r;
        }

        /** Appends the node's in-edges of `inSel` (asOf applied) to `out`, 7 values each, by relationship id. */
        private void inEdges(int at, NodeCursor node, RelationshipTraversalCursor rels, PropertyCursor props, List<Object> out) {
            List<Object[]> found = new ArrayList<>(2);
            node.relationships(rels, inSel);
            while (rels.next()) {
                Object time = null;
                Object q = null;
                String u = null;
                rels.properties(props);
                while (props.next()) {
                    int k = props.propertyKey();
                    Value v = props.propertyValue();
                    if (k == atProp && v instanceof NumberValue nv) {
                        time = nv.asObjectCopy();
                    } else if (k == qtyProp && v instanceof NumberValue nv) {
                        q = nv.asObjectCopy();
                    } else if (k == uomProp && v instanceof TextValue tv) {
                        u = tv.stringValue();
                    }
                }
                if (!Double.isNaN(asOf) && time instanceof Number t && t.doubleValue() > asOf) {
                    continue;
                }
                found.add(new Object[] {(long) at, rels.relationshipReference(), rels.type(), rels.otherNodeReference(), time, q, u});
            }
            found.sort((x, y) -> Long.compare((Long) x[1], (Long) y[1]));
            try (NodeCursor other = cursors.allocateNodeCursor(ctx, mem);
                    PropertyCursor otherProps = cursors.allocatePropertyCursor(ctx, mem)) {
                for (Object[] e : found) {
                    read.singleNode((Long) e[3], other);
                    e[2] = typeName((Integer) e[2]);
                    e[3] = other.next() ? stringProp(other, otherProps, keySel) : null;
                    out.addAll(Arrays.asList(e));
                }
            }
        }

        private String propName(int key) {
            for (int i = 0; i < propIds.length; i++) {
                if (propIds[i] == key) {
                    return propNames[i];
                }
            }
            return null;
        }

        private String typeName(int type) {
            try {
                return tokens.relationshipTypeName(type);
            } catch (Exception e) {
                return null;
            }
        }

        static String stringProp(NodeCursor node, PropertyCursor props, PropertySelection sel) {
            if (sel == null) {
                return "";
            }
            node.properties(props, sel);
            if (props.next() && props.propertyValue() instanceof TextValue t) {
                return t.stringValue();
            }
            return "";
        }
    }

    /** The first `n` values of `a`, decimal, joined by ','. */
    static String joinInts(int[] a, int n) {
        StringBuilder p = new StringBuilder(n * 6);
        for (int i = 0; i < n; i++) {
            comma(p, i).append(a[i]);
        }
        return p.toString();
    }

    /** `sb` with a comma appended unless `i` is the first item of a packed list. */
    private static StringBuilder comma(StringBuilder sb, int i) {
        return i > 0 ? sb.append(',') : sb;
    }
}
