package lotgraph.neo4j.plugin;

import java.util.Arrays;

/**
 * One committed transaction's changes as the projection needs them, captured in
 * {@code beforeCommit} (the transaction can still be read) and applied in {@code afterCommit}.
 * Entities are given with their state after the transaction ("set", not "add"), so applying a
 * delta twice, or to a projection that already has its changes, changes nothing.
 */
final class Delta {
    long txId = -1;
    final Longs deletedRels = new Longs();
    final Longs deletedNodes = new Longs();
    /** Created nodes and nodes whose key changed, with their key ("" when none). */
    final Longs nodeIds = new Longs();
    final java.util.ArrayList<String> nodeKeys = new java.util.ArrayList<>();
    /** Created relationships and relationships whose at or until changed. */
    final Longs relIds = new Longs();
    final Longs relStarts = new Longs();
    final Longs relEnds = new Longs();
    final Longs relTypes = new Longs();
    /** {@code at} as {@link Double#doubleToRawLongBits} (NaN: absent or not a number). */
    final Longs relAts = new Longs();
    /** {@code until} likewise. */
    final Longs relUntils = new Longs();

    boolean isEmpty() {
        return deletedRels.size() == 0 && deletedNodes.size() == 0 && nodeIds.size() == 0 && relIds.size() == 0;
    }

    static final class Longs {
        private long[] a = new long[8];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }
}
