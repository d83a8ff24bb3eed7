package lotgraph.neo4j.plugin;

import java.util.Arrays;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.RelationshipDataAccessor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.values.storable.NumberValue;
import org.neo4j.values.storable.TextValue;
import org.neo4j.values.storable.Value;

/**
 * What a recall reads of each edge it lists: {@code qty}, {@code uom}, {@code at} and {@code until}
 * (null, null, NaN, NaN when absent), in parallel arrays grown by doubling, read with one property
 * selection. The search's edges of a node, the captured edges and the answer's edges are each one.
 */
final class EdgeAttrs {
    private final int qtyProp;
    private final int uomProp;
    private final int atProp;
    /** Null when none of the four keys has a token yet (no edge has any of them). */
    private final PropertySelection sel;
    Object[] qty;
    String[] uom;
    double[] at;
    double[] until;

    EdgeAttrs(TokenRead tokens, int capacity) {
        this.qtyProp = tokens.propertyKey("qty");
        this.uomProp = tokens.propertyKey("uom");
        this.atProp = tokens.propertyKey("at");
        int untilProp = tokens.propertyKey("until");
        int[] keys = java.util.stream.IntStream.of(qtyProp, uomProp, atProp, untilProp).filter(k -> k >= 0).toArray();
        this.sel = keys.length == 0 ? null : PropertySelection.selection(keys);
        this.qty = new Object[capacity];
        this.uom = new String[capacity];
        this.at = new double[capacity];
        this.until = new double[capacity];
    }

    /** Room for slots 0..n-1 (kept values stay). */
    void ensure(int n) {
        if (n <= qty.length) {
            return;
        }
        int m = Math.max(n, Math.max(16, qty.length * 2));
        qty = Arrays.copyOf(qty, m);
        uom = Arrays.copyOf(uom, m);
        at = Arrays.copyOf(at, m);
        until = Arrays.copyOf(until, m);
    }

    /** Reads the four of the relationship `rel` is on into slot `k`. */
    void read(RelationshipDataAccessor rel, PropertyCursor props, int k) {
        qty[k] = null;
        uom[k] = null;
        at[k] = Double.NaN;
        until[k] = Double.NaN;
        if (sel == null) {
            return;
        }
        rel.properties(props, sel);
        while (props.next()) {
            int key = props.propertyKey();
            Value v = props.propertyValue();
            if (key == qtyProp) {
                if (v instanceof NumberValue q) {
                    qty[k] = q.asObjectCopy();
                }
            } else if (key == uomProp) {
                if (v instanceof TextValue u) {
                    uom[k] = u.stringValue();
                }
            } else if (v instanceof NumberValue n) {
                if (key == atProp) {
                    at[k] = n.doubleValue();
                } else {
                    until[k] = n.doubleValue();
                }
            }
        }
    }

    /** Slot `k` := `from`'s slot `j`. */
    void set(int k, EdgeAttrs from, int j) {
        qty[k] = from.qty[j];
        uom[k] = from.uom[j];
        at[k] = from.at[j];
        until[k] = from.until[j];
    }
}
