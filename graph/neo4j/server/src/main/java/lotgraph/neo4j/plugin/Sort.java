package lotgraph.neo4j.plugin;

import java.util.Arrays;

/** Orders a node's edges by relationship id (creation order, as the embedded store lists them). */
final class Sort {
    private Sort() {}

    /** Fills `order[0..k)` with the indexes of `key[0..k)` in ascending key order (keys are distinct). */
    static void byKey(long[] key, int k, int[] order) {
        boolean asc = true;
        boolean desc = true;
        for (int i = 1; i < k; i++) {
            if (key[i] < key[i - 1]) {
                asc = false;
            } else {
                desc = false;
            }
        }
        // Neo4j's record store lists a sparse node's chain newest first: usually just reversed.
        if (asc || desc) {
            for (int i = 0; i < k; i++) {
                order[i] = asc ? i : k - 1 - i;
            }
            return;
        }
        if (k <= 32) {
            for (int i = 0; i < k; i++) {
                int j = i;
                while (j > 0 && key[order[j - 1]] > key[i]) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = i;
            }
            return;
        }
        Integer[] boxed = new Integer[k];
        for (int i = 0; i < k; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(key[a], key[b]));
        for (int i = 0; i < k; i++) {
            order[i] = boxed[i];
        }
    }
}
