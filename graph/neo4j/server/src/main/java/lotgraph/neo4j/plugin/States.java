package lotgraph.neo4j.plugin;

import java.util.Arrays;

/**
 * The state search of a trace, "Containment in time" (graph/store.ts): a state is a node with a
 * window [lo, hi] of time (unbounded: -inf, +inf), expanded in breadth-first order; each node is
 * reported once, at its first discovery (depth and parent of that state), and a state whose window
 * lies within one already visited at that node is not expanded. Both engines (the projection and the
 * store cursors) drive it: {@link #next} pops a state, {@link #follow} says whether an edge is
 * followed from it and into which window, {@link #offer} queues the state the edge leads to.
 *
 * <p>Only nodes that get a bounded window (containers and serialised cases, by the edges' times)
 * cost more than a bit: a node with an unbounded state visited is in {@link #full}, and nothing else
 * is kept for it; window lists exist only for nodes reached in a bounded window. A trace without
 * timed containments therefore runs one bitset probe an edge, as before.
 */
final class States {
    private static final double NEG = Double.NEGATIVE_INFINITY;
    private static final double POS = Double.POSITIVE_INFINITY;

    /**
     * What the search reads times on: the relationship type ids of PACKED_INTO, SHIPPED_IN and
     * CONSUMED_BY (-1: no such type in the database), and the margin a containment [at, until] is
     * widened by, [at - before, until + after] (graph/model.ts CONTAINMENT_MARGIN, sent by the client).
     */
    record Rules(int packed, int shipped, int consumed, double before, double after) {}

    private final boolean forward;
    private final int packed;
    private final int shipped;
    private final int consumed;
    private final double before;
    private final double after;
    private final int cap;

    // Reported nodes, in discovery order.
    long[] ids = new long[256];
    int[] parent = new int[256];
    int[] depth = new int[256];
    int n;
    boolean truncated;
    private boolean stopped;

    /** Nodes with an unbounded state visited (every later state there lies within it). */
    private final NodeSet full;
    /** Node index of each node reached in a bounded window (its first state or a later one). */
    private LongIntMap boundedIdx;
    /** Per node index: its list of visited bounded windows (-1: none); the first is its discovery state's. */
    private int[] wFirst;
    private double[] wLo = new double[0];
    private double[] wHi = new double[0];
    private int[] wNext = new int[0];
    private int wn;

    // The queue: an entry >= 0 is node index i's discovery state; -(k + 1) is extra state k. Until
    // the first extra state it is just the node indexes in order, so it is not written (`simple`).
    private boolean simple = true;
    private int[] q;
    private int qn;
    private int head;
    private int[] xIdx = new int[0];
    private int[] xDepth = new int[0];
    /** Window of extra state k, an index into wLo/wHi (-1: unbounded). */
    private int[] xWin = new int[0];
    private int xn;

    // The state {@link #next} popped.
    int idx;
    /** The popped state is its node's discovery state (the first state of the node). */
    boolean first;
    int d;
    double lo;
    double hi;
    boolean bounded;

    // The window {@link #follow} computed for the state an edge leads to.
    private double toLo;
    private double toHi;

    /** Backward: whether a window can matter at a node (it has PACKED_INTO in-edges); null: always assumed. */
    private final java.util.function.LongPredicate windowMatters;

    /**
     * A search {@code forward} (out-edges) or backward by `rules`, at most {@code cap} nodes.
     * Backward, {@code windowMatters} (null: always true) tells whether a node has PACKED_INTO in-edges:
     * at a node without, every edge leads to the same states whatever the window (unbounded, or [t, t]
     * of the edge), so a bounded state there is taken as unbounded and no window list is kept for it
     * (a lot consumed at t). The answer is the same; only containers and cases keep windows.
     */
    States(boolean forward, Rules rules, int cap, java.util.function.LongPredicate windowMatters) {
        this(forward, rules, cap, windowMatters, new NodeSet());
    }

    private States(boolean forward, Rules rules, int cap, java.util.function.LongPredicate windowMatters, NodeSet full) {
        this.full = full;
        this.windowMatters = forward ? null : windowMatters;
        this.forward = forward;
        this.packed = rules.packed();
        this.shipped = rules.shipped();
        this.consumed = rules.consumed();
        this.before = rules.before();
        this.after = rules.after();
        this.cap = cap;
    }

    /**
     * The state search continuing a plain breadth-first search (the projection's hot path) in which
     * every state was unbounded: nodes `ids`, `parent`, `depth` (the first `n`), `seen` its visited
     * set, node index `head` being expanded (the current state; later nodes queued in order).
     */
    static States resume(boolean forward, Rules rules, int cap, java.util.function.LongPredicate windowMatters, int[] ids,
            int[] parent, int[] depth, int n, NodeSet seen, int head) {
        States s = new States(forward, rules, cap, windowMatters, seen);
        int m = Math.max(256, ids.length);
        s.ids = new long[m];
        for (int i = 0; i < n; i++) {
            s.ids[i] = ids[i];
        }
        s.parent = Arrays.copyOf(parent, m);
        s.depth = Arrays.copyOf(depth, m);
        s.n = n;
        s.head = head + 1;
        s.idx = head;
        s.first = true;
        s.d = depth[head];
        s.lo = NEG;
        s.hi = POS;
        s.bounded = false;
        return s;
    }

    boolean forward() {
        return forward;
    }

    /** Adds a seed (unbounded, depth 0); false when the cap stopped the search. */
    boolean seed(long id) {
        d = -1;
        idx = -1;
        toLo = NEG;
        toHi = POS;
        return offer(id);
    }

    /** True when the node was reported (by a seed or any state). */
    boolean reached(long id) {
        return full.contains(id) || (boundedIdx != null && boundedIdx.get(id) >= 0);
    }

    /** Pops the next state into idx, d, lo, hi, bounded; false when the search is done or stopped by the cap. */
    boolean next() {
        if (stopped || head >= (simple ? n : qn)) {
            return false;
        }
        int e = simple ? head++ : q[head++];
        first = e >= 0;
        int w;
        if (e >= 0) {
            idx = e;
            d = depth[e];
            w = wFirst != null && e < wFirst.length ? wFirst[e] : -1;
        } else {
            int k = -(e + 1);
            idx = xIdx[k];
            d = xDepth[k];
            w = xWin[k];
        }
        if (w < 0) {
            lo = NEG;
            hi = POS;
            bounded = false;
        } else {
            lo = wLo[w];
            hi = wHi[w];
            bounded = true;
        }
        return true;
    }

    /** True when the current state's search needs the edge's times to decide (else it is followed unbounded). */
    boolean needsTimes(int type) {
        return type == packed || (forward ? bounded : type == shipped || type == consumed);
    }

    /**
     * Whether an edge of `type` with times `at`, `until` (NaN: none) is followed from the current
     * state; if so the window it leads to is kept for {@link #offer}. asOf is the caller's.
     */
    boolean follow(int type, double at, double until) {
        if (type == packed) {
            double a = Double.isNaN(at) ? NEG : at - before;
            double b = Double.isNaN(until) ? POS : until + after;
            if (a > hi || b < lo) {
                return false;
            }
            toLo = Math.max(a, lo);
            toHi = Math.min(b, hi);
            return true;
        }
        if (!Double.isNaN(at)) {
            if (forward) {
                // A container's shipment or consumption while the item was in it.
                if (bounded && (at < lo || at > hi)) {
                    return false;
                }
            } else if (type == shipped || type == consumed) {
                // What the container held when it shipped or was used.
                toLo = at;
                toHi = at;
                return true;
            }
        }
        toLo = NEG;
        toHi = POS;
        return true;
    }

    /** Follows an edge without times to decide on (see needsTimes): to an unbounded state. */
    void followUnbounded() {
        toLo = NEG;
        toHi = POS;
    }

    /** The window the last follow leads to (store path: kept per edge until the node's edges are sorted). */
    double toLo() {
        return toLo;
    }

    double toHi() {
        return toHi;
    }

    /** Queues the state node `o` in window [lo, hi], one hop from the current state; false when the cap stopped the search. */
    boolean offer(long o, double lo, double hi) {
        toLo = lo;
        toHi = hi;
        return offer(o);
    }

    /** Queues the state (node `o`, unbounded), one hop from the current state (the hot path); false when the cap stopped the search. */
    boolean offerUnbounded(long o) {
        if (!full.add(o)) {
            return true;
        }
        if (boundedIdx != null) {
            int i = boundedIdx.get(o);
            if (i >= 0) {
                extra(i, -1);
                return true;
            }
        }
        if (!add(o)) {
            return false;
        }
        if (!simple) {
            q(n - 1);
        }
        return true;
    }

    /** Queues the state node `o` in the window of the last follow, one hop from the current state; false when the cap stopped the search. */
    boolean offer(long o) {
        if ((toLo == NEG && toHi == POS) || (windowMatters != null && !full.contains(o) && !windowMatters.test(o))) {
            return offerUnbounded(o);
        }
        if (full.contains(o)) {
            return true;
        }
        int i = boundedIdx == null ? -1 : boundedIdx.get(o);
        if (i >= 0) {
            for (int w = wFirst[i]; w >= 0; w = wNext[w]) {
                if (wLo[w] <= toLo && toHi <= wHi[w]) {
                    return true;
                }
            }
            int w = window(toLo, toHi);
            wNext[w] = wNext[wFirst[i]];
            wNext[wFirst[i]] = w;
            extra(i, w);
            return true;
        }
        if (!add(o)) {
            return false;
        }
        if (boundedIdx == null) {
            boundedIdx = new LongIntMap(64);
            wFirst = new int[0];
        }
        boundedIdx.put(o, n - 1);
        if (wFirst.length < n) {
            int old = wFirst.length;
            wFirst = Arrays.copyOf(wFirst, Math.max(n, ids.length));
            Arrays.fill(wFirst, old, wFirst.length, -1);
        }
        wFirst[n - 1] = window(toLo, toHi);
        if (!simple) {
            q(n - 1);
        }
        return true;
    }

    private boolean add(long o) {
        if (n >= cap) {
            truncated = true;
            stopped = true;
            return false;
        }
        if (n == ids.length) {
            int m = n * 2;
            ids = Arrays.copyOf(ids, m);
            parent = Arrays.copyOf(parent, m);
            depth = Arrays.copyOf(depth, m);
        }
        ids[n] = o;
        parent[n] = idx;
        depth[n] = d + 1;
        n++;
        return true;
    }

    private void q(int e) {
        if (qn == q.length) {
            q = Arrays.copyOf(q, qn * 2);
        }
        q[qn++] = e;
    }

    private void extra(int i, int w) {
        if (simple) {
            // The first extra state: the queue so far is the node indexes from head on.
            q = new int[Math.max(256, (n - head) * 2)];
            for (int x = head; x < n; x++) {
                q[x - head] = x;
            }
            qn = n - head;
            head = 0;
            simple = false;
        }
        if (xn == xIdx.length) {
            int m = Math.max(16, xn * 2);
            xIdx = Arrays.copyOf(xIdx, m);
            xDepth = Arrays.copyOf(xDepth, m);
            xWin = Arrays.copyOf(xWin, m);
        }
        xIdx[xn] = i;
        xDepth[xn] = d + 1;
        xWin[xn] = w;
        q(-(xn + 1));
        xn++;
    }

    private int window(double a, double b) {
        if (wn == wLo.length) {
            int m = Math.max(16, wn * 2);
            wLo = Arrays.copyOf(wLo, m);
            wHi = Arrays.copyOf(wHi, m);
            wNext = Arrays.copyOf(wNext, m);
        }
        wLo[wn] = a;
        wHi[wn] = b;
        wNext[wn] = -1;
        return wn++;
    }
}
