package lotgraph.neo4j.plugin;

/**
 * The visited set of a trace: a bitset over node ids in 8 KiB pages allocated on first use. Record
 * store ids are dense, so the heaviest M trace (74k of 1M nodes) touches ~128 KiB that stay in
 * cache, where a hash map of the same ids missed the cache on most probes (profiled).
 */
final class NodeSet {
    private static final int PAGE_BITS = 16;
    private long[][] pages = new long[16][];

    /** Adds `id` (>= 0); false when it was already there. */
    boolean add(long id) {
        int p = (int) (id >>> PAGE_BITS);
        if (p >= pages.length) {
            pages = java.util.Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
        }
        long[] page = pages[p];
        if (page == null) {
            page = pages[p] = new long[1 << (PAGE_BITS - 6)];
        }
        int bit = (int) id & ((1 << PAGE_BITS) - 1);
        long mask = 1L << bit;
        long w = page[bit >>> 6];
        if ((w & mask) != 0) {
            return false;
        }
        page[bit >>> 6] = w | mask;
        return true;
    }

    boolean contains(long id) {
        int p = (int) (id >>> PAGE_BITS);
        if (p >= pages.length || pages[p] == null) {
            return false;
        }
        int bit = (int) id & ((1 << PAGE_BITS) - 1);
        return (pages[p][bit >>> 6] & (1L << bit)) != 0;
    }
}
