package lotgraph.neo4j.plugin;

import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.RelationshipDataAccessor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.values.storable.NumberValue;

/**
 * A relationship's {@code at} and {@code until} as doubles (NaN when absent or not a number), read
 * with one property selection: the projection's scan and listener and the store trace share it. One
 * instance a reader (it holds the last values read).
 */
final class Times {
    private final int atProp;
    /** Null when neither key has a token yet (no entity has either). */
    private final PropertySelection sel;
    double at;
    double until;

    Times(TokenRead tokens) {
        this.atProp = tokens.propertyKey("at");
        int untilProp = tokens.propertyKey("until");
        int[] keys = java.util.stream.IntStream.of(atProp, untilProp).filter(k -> k >= 0).toArray();
        this.sel = keys.length == 0 ? null : PropertySelection.selection(keys);
    }

    /** Reads the times of the relationship `rel` is on into {@link #at} and {@link #until}. */
    void read(RelationshipDataAccessor rel, PropertyCursor props) {
        at = Double.NaN;
        until = Double.NaN;
        if (sel == null) {
            return;
        }
        rel.properties(props, sel);
        while (props.next()) {
            if (props.propertyValue() instanceof NumberValue n) {
                if (props.propertyKey() == atProp) {
                    at = n.doubleValue();
                } else {
                    until = n.doubleValue();
                }
            }
        }
    }
}
