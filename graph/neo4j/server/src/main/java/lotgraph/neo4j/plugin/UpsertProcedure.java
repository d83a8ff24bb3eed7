package lotgraph.neo4j.plugin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.ResourceIterable;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.TerminationGuard;

/**
 * {@code lotgraph.upsert(batch)}: applies one validated lotgraph write batch inside the server, with
 * the merge semantics of the Cypher write path (graph/neo4j/upsert.ts), in the caller's transaction.
 *
 * <p>Why: run as Cypher ({@code UNWIND $rows ... CREATE} with dynamic labels) the server spent
 * 35-60 µs of CPU per edge and the JavaScript driver ~20 µs per edge encoding lists of maps. Here
 * the batch arrives as ONE string (JSON, packed by graph/neo4j/cypher/upsert-proc.ts; the driver
 * encodes a string natively), is read with Jackson's streaming parser (on Neo4j's own classpath)
 * and applied through the core API: index seeks by key, {@code createNode}, {@code setProperty},
 * {@code createRelationshipTo}.
 *
 * <p>The batch ({@code n} nodes given, {@code b} bare edge ends, {@code e} edges, {@code r}
 * removals; arrays, not objects, to keep it small):
 * <pre>
 * {"n": [[key, kind, [ids], [ids lowercased], {"p.name": "json text", ...}, [lkey, llabel] | null], ...],
 *  "b": [[key, kind, [lkey, llabel] | null], ...],
 *  "e": [[type, fromKey, toKey, at | null, qty | null, uom | null], ...],
 *  "r": [[type, fromKey, toKey], ...]}
 * </pre>
 * {@code [lkey, llabel]} is null for an ASCII key (lowercased here); otherwise the client's
 * lowercasing is used, so the stored values are the ones the Cypher path would store.
 *
 * <p>Semantics (pinned by graph/conformance): a node is {@code :Node:<kind>} with a unique {@code key};
 * a node given again gets its {@code ids} unioned and its props shallow-merged, and counts as
 * updated only if something changed; lowercased ids other than the label become {@code :Alias {v}}
 * nodes linked by {@code ALIAS_OF}; a bare edge end that is not stored is created with its kind; an
 * edge is identified by (type, from, to), given again its {@code at}/{@code qty}/{@code uom} are
 * replaced ({@code at} stored as an integer, nulls not stored); an edge both created and removed by
 * the batch is never written; removals delete every edge of that identity. Only edges whose two ends
 * were stored before the batch can already exist, so only those are looked up, from the end with the
 * lower degree of that type (a site with 100k AT_SITE edges is never scanned), under write locks on
 * both ends (as Cypher's MERGE: two concurrent batches cannot both create the same edge). A node key
 * created concurrently by another transaction fails the unique constraint: the client retries the
 * batch (LG_CONFLICT).
 */
public final class UpsertProcedure {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Label NODE = Label.label("Node");
    private static final Label ALIAS = Label.label("Alias");
    private static final RelationshipType ALIAS_OF = RelationshipType.withName("ALIAS_OF");
    private static final String[] NO_IDS = new String[0];

    @Context
    public Transaction tx;

    @Context
    public TerminationGuard guard;

    /** The counts of graph/store.ts UpsertResult. */
    public static final class Result {
        public long nodesCreated;
        public long nodesUpdated;
        public long edgesCreated;
        public long edgesUpdated;
        public long edgesRemoved;
        public long unchanged;
    }

    @Procedure(name = "lotgraph.upsert", mode = Mode.WRITE)
    @Description("lotgraph.upsert(batch): applies one packed (JSON) lotgraph write batch with the port's merge semantics; "
            + "returns the UpsertResult counts")
    public Stream<Result> upsert(@Name("batch") String batch) throws IOException {
        Batch b = Batch.parse(batch);
        return Stream.of(new Apply(tx, guard).run(b));
    }

    // ---------------------------------------------------------------------------------------------
    // The packed batch

    record GivenNode(String key, String kind, List<String> ids, List<String> lids, Map<String, String> props, String[] lc) {}

    record BareNode(String key, String kind, String[] lc) {}

    record Edge(String type, String from, String to, Number at, Number qty, String uom) {
        String ident() {
            return type + '|' + from + '|' + to;
        }
    }

    static final class Batch {
        final List<GivenNode> nodes = new ArrayList<>();
        final List<BareNode> bare = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>();
        final List<Edge> removals = new ArrayList<>();

        static Batch parse(String text) throws IOException {
            Batch b = new Batch();
            try (JsonParser p = JSON.createParser(text)) {
                expect(p, JsonToken.START_OBJECT);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String field = p.currentName();
                    expect(p, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        switch (field) {
                            case "n" -> b.nodes.add(new GivenNode(str(p), str(p), strings(p), strings(p), props(p), pair(p)));
                            case "b" -> b.bare.add(new BareNode(str(p), str(p), pair(p)));
                            case "e" -> b.edges.add(new Edge(str(p), str(p), str(p), num(p), num(p), str(p)));
                            case "r" -> b.removals.add(new Edge(str(p), str(p), str(p), null, null, null));
                            default -> throw new IllegalArgumentException("lotgraph.upsert: unknown batch field '" + field + "'");
                        }
                        expect(p, JsonToken.END_ARRAY);
                    }
                }
            }
            return b;
        }

        private static void expect(JsonParser p, JsonToken want) throws IOException {
            JsonToken t = p.nextToken();
            if (t != want) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected " + want + ", got " + t);
        }

        private static String str(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t != JsonToken.VALUE_STRING) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a string, got " + t);
            return p.getText();
        }

        private static Number num(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
            if (t == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
            throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a number, got " + t);
        }

        private static List<String> strings(JsonParser p) throws IOException {
            expect(p, JsonToken.START_ARRAY);
            List<String> out = new ArrayList<>(2);
            while (p.nextToken() == JsonToken.VALUE_STRING) out.add(p.getText());
            return out;
        }

        private static Map<String, String> props(JsonParser p) throws IOException {
            expect(p, JsonToken.START_OBJECT);
            Map<String, String> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                out.put(k, str(p));
            }
            return out;
        }

        private static String[] pair(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t != JsonToken.START_ARRAY) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected [lkey, llabel] or null");
            String a = str(p);
            String z = str(p);
            expect(p, JsonToken.END_ARRAY);
            return new String[] {a, z};
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Applying it

    static final class Apply {
        private final Transaction tx;
        private final TerminationGuard guard;
        private final Result res = new Result();
        /** Every key the batch names, to its node (stored before or created here). */
        private final Map<String, Node> nodeOf = new HashMap<>();
        /** Keys stored before the batch. */
        private final Set<String> existed = new HashSet<>();
        private final Map<String, Label> labels = new HashMap<>();
        private final Map<String, RelationshipType> types = new HashMap<>();

        Apply(Transaction tx, TerminationGuard guard) {
            this.tx = tx;
            this.guard = guard;
        }

        Result run(Batch b) {
            for (GivenNode n : b.nodes) given(n);
            for (BareNode n : b.bare) {
                if (nodeOf.containsKey(n.key())) continue;
                Node node = find(n.key());
                if (node == null) {
                    res.nodesCreated++;
                    create(n.key(), n.kind(), NO_IDS, n.lc());
                }
            }
            edges(b);
            return res;
        }

        private Node find(String key) {
            Node node = tx.findNode(NODE, "key", key);
            if (node != null) {
                nodeOf.put(key, node);
                existed.add(key);
            }
            return node;
        }

        private Node create(String key, String kind, String[] ids, String[] lc) {
            Node node = tx.createNode(NODE, labels.computeIfAbsent(kind, Label::label));
            String lkey = lc == null ? asciiLower(key) : lc[0];
            node.setProperty("key", key);
            node.setProperty("kind", kind);
            node.setProperty("lkey", lkey);
            node.setProperty("llabel", lc == null ? lkey.substring(lkey.lastIndexOf(':') + 1) : lc[1]);
            node.setProperty("ids", ids);
            nodeOf.put(key, node);
            return node;
        }

        private void given(GivenNode n) {
            guard.check();
            Node node = find(n.key());
            if (node == null) {
                res.nodesCreated++;
                node = create(n.key(), n.kind(), n.ids().toArray(NO_IDS), n.lc());
                for (Map.Entry<String, String> p : n.props().entrySet()) node.setProperty(p.getKey(), p.getValue());
                String llabel = (String) node.getProperty("llabel");
                for (String a : aliases(n.lids(), null, n.ids(), llabel)) linkAlias(a, node, false);
                return;
            }
            String[] old = idsOf(node);
            Set<String> oldIds = Set.of(old);
            LinkedHashSet<String> ids = new LinkedHashSet<>(List.of(old));
            ids.addAll(n.ids());
            List<Map.Entry<String, String>> changed = new ArrayList<>();
            for (Map.Entry<String, String> p : n.props().entrySet()) {
                if (!p.getValue().equals(node.getProperty(p.getKey(), null))) changed.add(p);
            }
            if (ids.size() == old.length && changed.isEmpty()) {
                res.unchanged++;
                return;
            }
            res.nodesUpdated++;
            if (ids.size() != old.length) node.setProperty("ids", ids.toArray(NO_IDS));
            for (Map.Entry<String, String> p : changed) node.setProperty(p.getKey(), p.getValue());
            // Ids stored before had their aliases linked then; a new id's alias may exist already (case): MERGE it.
            String llabel = (String) node.getProperty("llabel", null);
            for (String a : aliases(n.lids(), oldIds, n.ids(), llabel)) linkAlias(a, node, true);
        }

        /** Distinct lowercased ids, minus the label (found through llabel), of the ids not in {@code skip}. */
        private static Set<String> aliases(List<String> lids, Set<String> skip, List<String> ids, String llabel) {
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < lids.size(); i++) {
                if (skip != null && skip.contains(ids.get(i))) continue;
                String a = lids.get(i);
                if (!a.equals(llabel)) out.add(a);
            }
            return out;
        }

        private void linkAlias(String v, Node node, boolean merge) {
            Node alias = tx.findNode(ALIAS, "v", v);
            if (alias == null) {
                alias = tx.createNode(ALIAS);
                alias.setProperty("v", v);
            } else if (merge && between(alias, node, ALIAS_OF) != null) {
                return;
            }
            alias.createRelationshipTo(node, ALIAS_OF);
        }

        private static String[] idsOf(Node node) {
            Object v = node.getProperty("ids", null);
            if (v instanceof String[] s) return s;
            return NO_IDS;
        }

        private void edges(Batch b) {
            // Edges between two nodes stored before may exist already: find those; the rest are new.
            int n = b.edges.size();
            Relationship[] old = new Relationship[n];
            Set<String> fresh = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Edge e = b.edges.get(i);
                if (existed.contains(e.from()) && existed.contains(e.to())) {
                    Node a = nodeOf.get(e.from());
                    Node z = nodeOf.get(e.to());
                    tx.acquireWriteLock(a);
                    tx.acquireWriteLock(z);
                    old[i] = between(a, z, type(e.type()));
                }
                if (old[i] == null) fresh.add(e.ident());
            }
            // An edge created by this batch and removed by it is neither created nor removed (never written).
            Set<String> dropped = new HashSet<>();
            for (Edge r : b.removals) if (fresh.contains(r.ident())) dropped.add(r.ident());
            for (int i = 0; i < n; i++) {
                Edge e = b.edges.get(i);
                if ((i & 1023) == 0) guard.check();
                if (!dropped.isEmpty() && dropped.contains(e.ident())) continue;
                Relationship r = old[i];
                Long at = e.at() == null ? null : e.at().longValue();
                Double qty = e.qty() == null ? null : e.qty().doubleValue();
                String uom = e.uom() == null || e.uom().isEmpty() ? null : e.uom();
                if (r == null) {
                    res.edgesCreated++;
                    r = nodeOf.get(e.from()).createRelationshipTo(nodeOf.get(e.to()), type(e.type()));
                    if (at != null) r.setProperty("at", at);
                    if (qty != null) r.setProperty("qty", qty);
                    if (uom != null) r.setProperty("uom", uom);
                    continue;
                }
                Map<String, Object> o = r.getProperties("at", "qty", "uom");
                if (same(o.get("at"), e.at()) && same(o.get("qty"), e.qty()) && java.util.Objects.equals(o.get("uom"), uom)) {
                    res.unchanged++;
                    continue;
                }
                res.edgesUpdated++;
                set(r, "at", at);
                set(r, "qty", qty);
                set(r, "uom", uom);
            }
            for (Edge e : b.removals) {
                if (dropped.contains(e.ident())) continue;
                Node a = nodeOf.containsKey(e.from()) ? nodeOf.get(e.from()) : find(e.from());
                Node z = nodeOf.containsKey(e.to()) ? nodeOf.get(e.to()) : find(e.to());
                if (a == null || z == null) continue;
                RelationshipType t = type(e.type());
                for (Relationship r; (r = between(a, z, t)) != null; ) {
                    r.delete();
                    res.edgesRemoved++;
                }
            }
        }

        /** A stored value equals a given one as the client compares them (numbers by value; null = absent). */
        private static boolean same(Object stored, Number given) {
            if (stored == null || given == null) return stored == null && given == null;
            return stored instanceof Number s && s.doubleValue() == given.doubleValue();
        }

        private static void set(Relationship r, String name, Object v) {
            if (v == null) r.removeProperty(name);
            else r.setProperty(name, v);
        }

        private RelationshipType type(String name) {
            return types.computeIfAbsent(name, RelationshipType::withName);
        }

        /** An edge a-[t]->z, looked up from the end with fewer edges of type t (null: none). */
        static Relationship between(Node a, Node z, RelationshipType t) {
            boolean fromA = a.getDegree(t, Direction.OUTGOING) <= z.getDegree(t, Direction.INCOMING);
            Node near = fromA ? a : z;
            Node far = fromA ? z : a;
            try (ResourceIterable<Relationship> rs = near.getRelationships(fromA ? Direction.OUTGOING : Direction.INCOMING, t)) {
                for (Relationship r : rs) {
                    if (r.getOtherNode(near).equals(far)) return r;
                }
            }
            return null;
        }

        /** Lowercase of a key, which is ASCII whenever the client sent no lowercased form. */
        private static String asciiLower(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    char[] cs = s.toCharArray();
                    for (int j = i; j < cs.length; j++) if (cs[j] >= 'A' && cs[j] <= 'Z') cs[j] = (char) (cs[j] + 32);
                    return new String(cs);
                }
            }
            return s;
        }
    }
}
