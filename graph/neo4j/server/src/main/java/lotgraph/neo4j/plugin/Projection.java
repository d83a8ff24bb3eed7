package lotgraph.neo4j.plugin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.internal.kernel.api.RelationshipScanCursor;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.procedure.TerminationGuard;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.values.storable.TextValue;

/**
 * An in-memory projection of one database's graph for {@code lotgraph.trace}: every node's
 * {@code key} and every relationship's type, ends and numeric {@code at} and {@code until}, in primitive arrays
 * indexed by the store's node and relationship ids, with per-node out- and in-adjacency sorted by
 * relationship id (the trace's expansion order). Built from a store scan by
 * {@link ProjectionExtension}'s background thread and kept in step with every committed write by
 * its transaction listener ({@link Delta}s applied in {@code afterCommit}, which runs before the
 * client's commit returns). Readers hold the read lock for a whole trace; a delta takes the write
 * lock. When anything goes wrong the projection turns {@code FAILED} and traces use the store.
 */
final class Projection {
    /** SUSPENDED: a bulk load asked for no listener (lotgraph.projection.suspend); traces use the store until it is rebuilt. */
    enum State { BUILDING, READY, FAILED, DISABLED, SUSPENDED }

    private static final java.util.concurrent.atomic.AtomicInteger BUILDS = new java.util.concurrent.atomic.AtomicInteger();

    /** One projection per database name (the procedure finds its database's here). */
    static final ConcurrentHashMap<String, Projection> BY_DATABASE = new ConcurrentHashMap<>();

    /** {@code -Dlotgraph.projection=false} or {@code LOTGRAPH_PROJECTION=0|false|off} turns it off. */
    static boolean enabled() {
        String v = System.getProperty("lotgraph.projection");
        if (v == null) {
            v = System.getenv("LOTGRAPH_PROJECTION");
        }
        return v == null || !(v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off"));
    }

    static final char NO_TYPE = Character.MAX_VALUE;

    final String database;
    /** Sequence number of this projection in the server (a rebuild makes a new one). */
    final int buildId = BUILDS.incrementAndGet();
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    volatile State state = State.BUILDING;
    volatile String error;
    volatile long buildMillis = -1;
    /** Transactions that committed during the build and were replayed after its scan. */
    volatile int replayed;
    /** Traces answered here, and by the store while a projection exists (not ready, own changes, edges). */
    final java.util.concurrent.atomic.LongAdder traces = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder traceNanos = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder storeTraces = new java.util.concurrent.atomic.LongAdder();
    /** Set when the database stops: a running build gives up. */
    volatile boolean cancelled;
    /** Time spent in the transaction listener (capture and apply), for the status procedure. */
    final java.util.concurrent.atomic.LongAdder listenerNanos = new java.util.concurrent.atomic.LongAdder();
    /** Highest transaction id applied (from the listener; the build's scan counts as the id before it). */
    volatile long txId = -1;
    /** Deltas seen while the build scans, replayed in transaction-id order once it is done. */
    private List<Delta> pending = new ArrayList<>();

    // Nodes: key bytes (UTF-8) at keyOff in keyHeap, keyLen -1 for a node id not in use.
    int[] keyOff = new int[0];
    int[] keyLen = new int[0];
    byte[] keyHeap = new byte[1024];
    int heapTop;
    long heapGarbage;
    int nodeCount;

    // Relationships: type (NO_TYPE for an id not in use), start, end, at and until (NaN when absent or not a number).
    char[] relType = new char[0];
    int[] relStart = new int[0];
    int[] relEnd = new int[0];
    double[] relAt = new double[0];
    double[] relUntil = new double[0];
    int relCount;

    final Adjacency out = new Adjacency();
    final Adjacency in = new Adjacency();

    Projection(String database) {
        this.database = database;
    }

    boolean ready() {
        return state == State.READY;
    }

    long bytes() {
        return 8L * keyOff.length + keyHeap.length + 22L * relType.length + out.bytes() + in.bytes();
    }

    // ---------------------------------------------------------------- building

    /**
     * Fills the projection from a scan of the store through `ktx` (a read transaction that the
     * caller opened after the listener was registered), then replays the deltas the listener
     * buffered meanwhile, in transaction-id order: applying a delta sets entities to their state
     * after that transaction, so replaying one the scan already saw changes nothing.
     */
    void build(KernelTransaction ktx) {
        long t0 = System.nanoTime();
        Read read = ktx.dataRead();
        int keyProp = ktx.tokenRead().propertyKey("key");
        var ctx = ktx.cursorContext();
        var mem = ktx.memoryTracker();
        // The scan fills the arrays unlocked: no reader looks at them before READY, and the
        // listener only adds to `pending` meanwhile. The replay and READY go under the write lock.
        try {
            try (NodeCursor nodes = ktx.cursors().allocateNodeCursor(ctx, mem);
                    PropertyCursor props = ktx.cursors().allocatePropertyCursor(ctx, mem)) {
                read.allNodesScan(nodes);
                PropertySelection keySel = keyProp < 0 ? null : PropertySelection.selection(keyProp);
                while (nodes.next()) {
                    String key = "";
                    if (keySel != null) {
                        nodes.properties(props, keySel);
                        if (props.next() && props.propertyValue() instanceof TextValue t) {
                            key = t.stringValue();
                        }
                    }
                    setNode(checkId(nodes.nodeReference()), key);
                    checkCancelled(nodeCount);
                }
            }
            int maxNode = keyLen.length;
            int[] outDeg = new int[maxNode];
            int[] inDeg = new int[maxNode];
            try (RelationshipScanCursor rels = ktx.cursors().allocateRelationshipScanCursor(ctx, mem);
                    PropertyCursor props = ktx.cursors().allocatePropertyCursor(ctx, mem)) {
                read.allRelationshipsScan(rels);
                Times times = new Times(ktx.tokenRead());
                while (rels.next()) {
                    int r = checkId(rels.relationshipReference());
                    int s = checkId(rels.sourceNodeReference());
                    int e = checkId(rels.targetNodeReference());
                    times.read(rels, props);
                    if (s >= maxNode || e >= maxNode) {
                        // A node created after the node scan: its relationships come with the replay.
                        continue;
                    }
                    ensureRels(r + 1);
                    relType[r] = checkType(rels.type());
                    relStart[r] = s;
                    relEnd[r] = e;
                    relAt[r] = times.at;
                    relUntil[r] = times.until;
                    relCount++;
                    checkCancelled(relCount);
                    outDeg[s]++;
                    inDeg[e]++;
                }
            }
            out.layout(outDeg, maxNode);
            in.layout(inDeg, maxNode);
            for (int r = 0; r < relType.length; r++) {
                char t = relType[r];
                if (t != NO_TYPE) {
                    out.append(relStart[r], r, relEnd[r], t);
                    in.append(relEnd[r], r, relStart[r], t);
                }
            }
            lock.writeLock().lock();
            List<Delta> replay = pending;
            pending = null;
            replay.sort(Comparator.comparingLong(d -> d.txId));
            for (Delta d : replay) {
                applyLocked(d);
            }
            replayed = replay.size();
            buildMillis = (System.nanoTime() - t0) / 1_000_000;
            state = State.READY;
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        } finally {
            if (lock.isWriteLockedByCurrentThread()) {
                lock.writeLock().unlock();
            }
        }
    }

    // ---------------------------------------------------------------- changes

    /** Applies a committed transaction's changes, or keeps them for the replay while building. */
    void apply(Delta d) {
        lock.writeLock().lock();
        try {
            if (state == State.FAILED || state == State.DISABLED) {
                return;
            }
            if (pending != null) {
                pending.add(d);
                return;
            }
            applyLocked(d);
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    void fail(Throwable e) {
        close(State.FAILED, String.valueOf(e));
    }

    /** Out of use (replaced by a rebuild, or its database stopped): frees the memory. */
    void retire() {
        close(State.DISABLED, error);
    }

    private void close(State to, String why) {
        lock.writeLock().lock();
        try {
            state = to;
            error = why;
            pending = null;
            // Free the memory: traces use the store from now on.
            keyOff = keyLen = relStart = relEnd = new int[0];
            keyHeap = new byte[0];
            relType = new char[0];
            relAt = relUntil = new double[0];
            out.clear();
            in.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void applyLocked(Delta d) {
        for (int i = 0; i < d.deletedRels.size(); i++) {
            deleteRel(checkId(d.deletedRels.get(i)));
        }
        for (int i = 0; i < d.deletedNodes.size(); i++) {
            deleteNode(checkId(d.deletedNodes.get(i)));
        }
        for (int i = 0; i < d.nodeIds.size(); i++) {
            setNode(checkId(d.nodeIds.get(i)), d.nodeKeys.get(i));
        }
        for (int i = 0; i < d.relIds.size(); i++) {
            setRel(checkId(d.relIds.get(i)), checkType((int) d.relTypes.get(i)), checkId(d.relStarts.get(i)),
                    checkId(d.relEnds.get(i)), Double.longBitsToDouble(d.relAts.get(i)), Double.longBitsToDouble(d.relUntils.get(i)));
        }
        if (d.txId > txId) {
            txId = d.txId;
        }
    }

    private void setNode(int id, String key) {
        ensureNodes(id + 1);
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        if (keyLen[id] >= 0) {
            if (keyLen[id] == b.length && Arrays.equals(keyHeap, keyOff[id], keyOff[id] + b.length, b, 0, b.length)) {
                return;
            }
            heapGarbage += keyLen[id];
        } else {
            nodeCount++;
        }
        if (heapTop + b.length > keyHeap.length) {
            growHeap(b.length);
        }
        System.arraycopy(b, 0, keyHeap, heapTop, b.length);
        keyOff[id] = heapTop;
        keyLen[id] = b.length;
        heapTop += b.length;
    }

    private void deleteNode(int id) {
        if (id >= keyLen.length || keyLen[id] < 0) {
            return;
        }
        heapGarbage += keyLen[id];
        keyLen[id] = -1;
        nodeCount--;
        out.clear(id);
        in.clear(id);
    }

    private void setRel(int r, char type, int s, int e, double at, double until) {
        ensureRels(r + 1);
        if (relType[r] != NO_TYPE && (relType[r] != type || relStart[r] != s || relEnd[r] != e)) {
            deleteRel(r); // an id reused for another relationship
        }
        relAt[r] = at;
        relUntil[r] = until;
        if (relType[r] == NO_TYPE) {
            ensureNodes(Math.max(s, e) + 1);
            relType[r] = type;
            relStart[r] = s;
            relEnd[r] = e;
            relCount++;
            out.insert(s, r, e, type);
            in.insert(e, r, s, type);
        }
    }

    private void deleteRel(int r) {
        if (r >= relType.length || relType[r] == NO_TYPE) {
            return;
        }
        out.remove(relStart[r], r);
        in.remove(relEnd[r], r);
        relType[r] = NO_TYPE;
        relAt[r] = Double.NaN;
        relUntil[r] = Double.NaN;
        relCount--;
    }

    private void ensureNodes(int n) {
        if (n > keyLen.length) {
            int old = keyLen.length;
            int m = Math.max(n, old + (old >> 1) + 1024);
            keyOff = Arrays.copyOf(keyOff, m);
            keyLen = Arrays.copyOf(keyLen, m);
            Arrays.fill(keyLen, old, m, -1);
        }
        out.ensureNodes(keyLen.length);
        in.ensureNodes(keyLen.length);
    }

    private void ensureRels(int n) {
        if (n > relType.length) {
            int old = relType.length;
            int m = Math.max(n, old + (old >> 1) + 1024);
            relType = Arrays.copyOf(relType, m);
            Arrays.fill(relType, old, m, NO_TYPE);
            relStart = Arrays.copyOf(relStart, m);
            relEnd = Arrays.copyOf(relEnd, m);
            relAt = Arrays.copyOf(relAt, m);
            Arrays.fill(relAt, old, m, Double.NaN);
            relUntil = Arrays.copyOf(relUntil, m);
            Arrays.fill(relUntil, old, m, Double.NaN);
        }
    }

    /** Room for `need` more key bytes: compacts the heap when half of it is garbage, else grows it. */
    private void growHeap(int need) {
        long live = heapTop - heapGarbage;
        if (heapGarbage > live) {
            byte[] h = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, live + need + (live >> 1)))];
            int at = 0;
            for (int i = 0; i < keyLen.length; i++) {
                if (keyLen[i] > 0) {
                    System.arraycopy(keyHeap, keyOff[i], h, at, keyLen[i]);
                    keyOff[i] = at;
                    at += keyLen[i];
                }
            }
            keyHeap = h;
            heapTop = at;
            heapGarbage = 0;
            if (heapTop + need <= keyHeap.length) {
                return;
            }
        }
        long m = Math.max((long) heapTop + need, (long) keyHeap.length + (keyHeap.length >> 1) + 1024);
        if (m > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("projection key heap too large");
        }
        keyHeap = Arrays.copyOf(keyHeap, (int) m);
    }

    /** True when `node` has an edge of `type` in `adj`. */
    private static boolean hasEdge(Adjacency adj, int node, int type) {
        for (int i = adj.off[node], end = i + adj.len[node]; i < end; i++) {
            if (adj.type[i] == type) {
                return true;
            }
        }
        return false;
    }

    private void checkCancelled(int count) {
        if ((count & 0xFFFF) == 0 && cancelled) {
            throw new IllegalStateException("the database stopped during the projection's build");
        }
    }

    private static int checkId(long id) {
        if (id < 0 || id >= Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("id " + id + " out of the projection's range");
        }
        return (int) id;
    }

    private static char checkType(int t) {
        if (t < 0 || t >= NO_TYPE) {
            throw new IllegalStateException("relationship type id " + t + " out of the projection's range");
        }
        return (char) t;
    }

    // ---------------------------------------------------------------- trace

    /**
     * The trace of {@link TraceProcedure} (withEdges false) on the projection; the caller holds the
     * read lock and has checked {@link #ready}. `typeIds`: the followed types (empty: none); `rules`:
     * what the state search reads times on ({@link States}).
     */
    TraceProcedure.Row trace(List<Long> seeds, int[] typeIds, boolean outgoing, long maxDepth, double asOf, int cap,
            TerminationGuard guard, States.Rules rules) {
        boolean[] follow = new boolean[typeIds.length == 0 ? 0 : Arrays.stream(typeIds).max().getAsInt() + 1];
        for (int t : typeIds) {
            follow[t] = true;
        }
        boolean anyType = typeIds.length > 0;
        Adjacency adj = outgoing ? out : in;
        int[] aOff = adj.off;
        int[] aLen = adj.len;
        int[] aRel = adj.rel;
        int[] aOther = adj.other;
        char[] aType = adj.type;
        double[] at = relAt;
        double[] until = relUntil;
        boolean checkAt = !Double.isNaN(asOf);
        int packed = rules.packed();
        int shipped = rules.shipped();
        int consumed = rules.consumed();
        // The hot path: the plain breadth-first search on local arrays while every state is unbounded,
        // as before windows. It hands over to the state search (States) at the first edge into a
        // bounded state that can matter: a timed PACKED_INTO, or backward a timed shipment or use of
        // a node that has PACKED_INTO in-edges (a lot consumed at t keeps no window: see States).
        NodeSet seen = new NodeSet();
        int[] ids = new int[256];
        int[] parent = new int[256];
        int[] depth = new int[256];
        int n = 0;
        boolean truncated = false;
        boolean stop = false;
        for (Long seed : seeds) {
            if (seed == null || seed < 0 || seed >= keyLen.length || keyLen[(int) (long) seed] < 0 || seen.contains(seed)) {
                continue;
            }
            if (n >= cap) {
                truncated = true;
                stop = true;
                break;
            }
            seen.add(seed);
            ids[n] = (int) (long) seed;
            parent[n] = -1;
            n++;
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                parent = Arrays.copyOf(parent, n * 2);
                depth = Arrays.copyOf(depth, n * 2);
            }
        }
        int head = 0;
        int resume = -1;
        outer:
        for (; head < n; head++) {
            if ((head & 4095) == 4095) {
                guard.check();
            }
            if (stop || depth[head] >= maxDepth || !anyType) {
                continue;
            }
            int node = ids[head];
            int d = depth[head] + 1;
            for (int i = aOff[node], end = i + aLen[node]; i < end; i++) {
                char t = aType[i];
                if (t >= follow.length || !follow[t]) {
                    continue;
                }
                int r = aRel[i];
                if (checkAt && at[r] > asOf) {
                    continue;
                }
                int o = aOther[i];
                if (seen.contains(o)) {
                    continue;
                }
                if (t == packed ? !Double.isNaN(at[r]) || !Double.isNaN(until[r])
                        : !outgoing && (t == shipped || t == consumed) && !Double.isNaN(at[r])) {
                    if (outgoing || hasEdge(in, o, packed)) {
                        resume = i;
                        break outer;
                    }
                }
                seen.add(o);
                if (n >= cap) {
                    truncated = true;
                    stop = true;
                    break;
                }
                if (n == ids.length) {
                    ids = Arrays.copyOf(ids, n * 2);
                    parent = Arrays.copyOf(parent, n * 2);
                    depth = Arrays.copyOf(depth, n * 2);
                }
                ids[n] = o;
                parent[n] = head;
                depth[n] = d;
                n++;
            }
        }
        if (resume < 0) {
            return answer(ids, parent, depth, n, truncated);
        }
        States s = States.resume(outgoing, rules, cap, o -> hasEdge(in, (int) o, packed), ids, parent, depth, n, seen, head);
        int popped = head;
        boolean more = expand(s, ids[head], resume, follow, checkAt, asOf);
        while (more && s.next()) {
            if ((++popped & 4095) == 0) {
                guard.check();
            }
            if (s.d < maxDepth) {
                int node = (int) s.ids[s.idx];
                more = expand(s, node, aOff[node], follow, checkAt, asOf);
            }
        }
        int[] found = new int[s.n];
        for (int i = 0; i < s.n; i++) {
            found[i] = (int) s.ids[i];
        }
        return answer(found, s.parent, s.depth, s.n, s.truncated);
    }

    /** Expands the current state of `s` at `node` along its edges from adjacency slot `from` on; false when the cap stopped the search. */
    private boolean expand(States s, int node, int from, boolean[] follow, boolean checkAt, double asOf) {
        Adjacency adj = s.forward() ? out : in;
        for (int i = from, end = adj.off[node] + adj.len[node]; i < end; i++) {
            char t = adj.type[i];
            if (t >= follow.length || !follow[t]) {
                continue;
            }
            int r = adj.rel[i];
            if (checkAt && relAt[r] > asOf) {
                continue;
            }
            if (!s.needsTimes(t)) {
                if (!s.offerUnbounded(adj.other[i])) {
                    return false;
                }
            } else if (s.follow(t, relAt[r], relUntil[r]) && !s.offer(adj.other[i])) {
                return false;
            }
        }
        return true;
    }

    /** The answer row: the keys of `ids` joined by '\n' as UTF-8 bytes, decoded once (a single copy for ASCII keys), the parents and the depths. */
    private TraceProcedure.Row answer(int[] ids, int[] parent, int[] depth, int n, boolean truncated) {
        int keyBytes = 0;
        for (int i = 0; i < n; i++) {
            keyBytes += keyLen[ids[i]] + 1;
        }
        byte[] buf = new byte[Math.max(0, keyBytes - 1)];
        int p = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                buf[p++] = (byte) TraceProcedure.SEP;
            }
            int node = ids[i];
            System.arraycopy(keyHeap, keyOff[node], buf, p, keyLen[node]);
            p += keyLen[node];
        }
        TraceProcedure.Row r = new TraceProcedure.Row();
        r.keys = new String(buf, 0, p, StandardCharsets.UTF_8);
        r.parents = TraceProcedure.joinInts(parent, n);
        r.depths = TraceProcedure.joinInts(depth, n);
        r.truncated = truncated;
        return r;
    }
}
