package lotgraph.neo4j.plugin;

import java.util.Arrays;

/**
 * One direction of the projection's adjacency: per node a segment of a shared pool, sorted by
 * relationship id, each entry the relationship id, the other end and the type. Segments are
 * contiguous (a trace reads a node's edges in one sequential run); a full segment moves to the end
 * of the pool with half as much room again, the old one becoming garbage that {@link #compact} reclaims.
 * Not thread-safe: the projection's lock guards it.
 */
final class Adjacency {
    int[] off = new int[0];
    int[] len = new int[0];
    int[] cap = new int[0];
    int[] rel = new int[0];
    int[] other = new int[0];
    char[] type = new char[0];
    /** First free pool slot. */
    int top;
    /** Pool slots in abandoned segments. */
    long garbage;

    void ensureNodes(int n) {
        if (n > off.length) {
            int m = Math.max(n, off.length + (off.length >> 1) + 16);
            off = Arrays.copyOf(off, m);
            len = Arrays.copyOf(len, m);
            cap = Arrays.copyOf(cap, m);
        }
    }

    /** Bulk build: segment sizes from per-node degrees (exact room), filled later by {@link #append}. */
    void layout(int[] degree, int nodes) {
        ensureNodes(nodes);
        long total = 0;
        for (int i = 0; i < nodes; i++) {
            off[i] = (int) total;
            cap[i] = degree[i];
            len[i] = 0;
            total += degree[i];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too many relationships for the projection");
        }
        int size = (int) total + 1024;
        rel = new int[size];
        other = new int[size];
        type = new char[size];
        top = (int) total;
        garbage = 0;
    }

    /** Bulk build: adds an edge at the end of the node's segment (callers go by rising relationship id). */
    void append(int node, int r, int o, char t) {
        int i = off[node] + len[node]++;
        rel[i] = r;
        other[i] = o;
        type[i] = t;
    }

    /** Inserts edge `r` into the node's segment in relationship-id order (no-op when there). */
    void insert(int node, int r, int o, char t) {
        int base = off[node];
        int n = len[node];
        int pos = Arrays.binarySearch(rel, base, base + n, r);
        if (pos >= 0) {
            other[pos] = o;
            type[pos] = t;
            return;
        }
        pos = -pos - 1;
        if (n == cap[node]) {
            int k = pos - base;
            int c = Math.max(2, n + (n >> 1) + 1); // x1.5: most nodes have one or two edges a direction
            int at = reserve(c);
            base = off[node]; // compaction may have moved the segment
            System.arraycopy(rel, base, rel, at, n);
            System.arraycopy(other, base, other, at, n);
            System.arraycopy(type, base, type, at, n);
            garbage += cap[node];
            off[node] = at;
            cap[node] = c;
            base = at;
            pos = at + k;
        }
        int tail = base + n - pos;
        System.arraycopy(rel, pos, rel, pos + 1, tail);
        System.arraycopy(other, pos, other, pos + 1, tail);
        System.arraycopy(type, pos, type, pos + 1, tail);
        rel[pos] = r;
        other[pos] = o;
        type[pos] = t;
        len[node] = n + 1;
    }

    /** Removes edge `r` from the node's segment (no-op when absent). */
    void remove(int node, int r) {
        if (node >= off.length) {
            return;
        }
        int base = off[node];
        int n = len[node];
        int pos = Arrays.binarySearch(rel, base, base + n, r);
        if (pos < 0) {
            return;
        }
        int tail = base + n - pos - 1;
        System.arraycopy(rel, pos + 1, rel, pos, tail);
        System.arraycopy(other, pos + 1, other, pos, tail);
        System.arraycopy(type, pos + 1, type, pos, tail);
        len[node] = n - 1;
    }

    /** Drops the node's segment (a deleted node has no edges left). */
    void clear(int node) {
        if (node < off.length) {
            garbage += cap[node];
            off[node] = 0;
            len[node] = 0;
            cap[node] = 0;
        }
    }

    /** Room for `c` slots at the end of the pool: compacts or grows first when needed. */
    private int reserve(int c) {
        if (top + c > rel.length) {
            long live = (long) top - garbage;
            if (garbage > live / 4) {
                compact(c);
            } else {
                long size = Math.max((long) top + c, (long) rel.length + (rel.length >> 1) + 1024);
                if (size > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("projection adjacency pool too large");
                }
                rel = Arrays.copyOf(rel, (int) size);
                other = Arrays.copyOf(other, (int) size);
                type = Arrays.copyOf(type, (int) size);
            }
        }
        int at = top;
        top += c;
        return at;
    }

    /** Copies the live segments into fresh arrays, with room for `extra` more slots (and some). */
    private void compact(int extra) {
        long live = (long) top - garbage;
        long size = Math.max(1024, live + extra + (live >> 1));
        int[] r2 = new int[(int) size];
        int[] o2 = new int[(int) size];
        char[] t2 = new char[(int) size];
        int at = 0;
        for (int i = 0; i < off.length; i++) {
            int c = cap[i];
            if (c == 0) {
                off[i] = 0;
                continue;
            }
            System.arraycopy(rel, off[i], r2, at, len[i]);
            System.arraycopy(other, off[i], o2, at, len[i]);
            System.arraycopy(type, off[i], t2, at, len[i]);
            off[i] = at;
            at += c;
        }
        rel = r2;
        other = o2;
        type = t2;
        top = at;
        garbage = 0;
    }

    /** Drops everything (a failed projection frees its memory). */
    void clear() {
        off = len = cap = rel = other = new int[0];
        type = new char[0];
        top = 0;
        garbage = 0;
    }

    long bytes() {
        return 12L * off.length + 10L * rel.length;
    }
}
