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
import org.eclipse.collections.api.set.primitive.IntSet;
import org.eclipse.collections.impl.factory.primitive.IntSets;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;
import org.neo4j.exceptions.KernelException;
import org.neo4j.graphdb.ConstraintViolationException;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.ResourceIterable;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.Write;
import org.neo4j.internal.kernel.api.exceptions.schema.ConstraintValidationException;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.api.exceptions.Status;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.TerminationGuard;
import org.neo4j.values.storable.Value;
import org.neo4j.values.storable.Values;

/**
 * {@code lotgraph.upsert(batch)}: applies one validated lotgraph write batch inside the server, with
 * the merge semantics of the Cypher write path (graph/neo4j/upsert.ts), in the caller's transaction.
 *
 * <p>Why: run as Cypher ({@code UNWIND $rows ... CREATE} with dynamic labels) the server spent
 * 35-60 µs of CPU per edge and the JavaScript driver ~20 µs per edge encoding lists of maps. Here
 * the batch arrives as ONE string (JSON, packed by graph/neo4j/cypher/upsert-proc.ts; the driver
 * encodes a string natively), is read with Jackson's streaming parser (on Neo4j's own classpath)
 * and applied in the caller's transaction: index seeks by key through the core API, and new nodes and
 * edges created through the kernel API with all their properties in one call ({@code
 * nodeApplyChanges}, {@code relationshipApplyChanges}), since the core API's {@code setProperty}
 * re-reads the entity's properties on every call (12% of the server's CPU on a bulk load).
 *
 * <p>The batch ({@code n} nodes given, {@code b} bare edge ends, {@code e} edges, {@code r}
 * removals; arrays, not objects, to keep it small):
 * <pre>
 * {"n": [[key, kind, [ids], [ids lowercased], {"p.name": "json text", ...}, llabel | null], ...],
 *  "b": [[key, kind, llabel | null], ...],
 *  "e": [[type, fromKey, toKey, at | null, qty | null, uom | null(, 0, until)], ...],
 *  "r": [[type, fromKey, toKey], ...]}
 * </pre>
 * {@code until} (the end of a containment, epoch ms) trails the edge with a 0 before it (the place of
 * {@code maybe} in lotgraph.upsertEdges, unused here) and is left out when null, so a batch without
 * times of unpacking is as small as before; a server older than it rejects a batch that has one.
 * {@code llabel} (the key's last part, lowercased) is null for an ASCII key (lowercased here);
 * otherwise the client's lowercasing is used, so the stored value is the one the Cypher path would
 * store. (A legacy {@code [lkey, llabel]} pair is accepted and its {@code lkey} ignored: keys are
 * no longer stored lowercased, see cypher/lookup.ts.) A node's {@code ids} are left out when they
 * are just the key's last part as written ({@link #idsToStore}; props-codec.ts has the same rule).
 *
 * <p>Semantics (pinned by graph/conformance): a node is {@code :Node:<kind>} with a unique {@code key};
 * a node given again gets its {@code ids} unioned and its props shallow-merged, and counts as
 * updated only if something changed; lowercased ids other than the label become {@code :Alias {v}}
 * nodes linked by {@code ALIAS_OF}; a bare edge end that is not stored is created with its kind; an
 * edge is identified by (type, from, to), given again its {@code at}/{@code until}/{@code qty}/{@code uom} are
 * replaced ({@code at} and {@code until} stored as integers, nulls not stored); an edge both created and removed by
 * the batch is never written; removals delete every edge of that identity. Only edges whose two ends
 * were stored before the batch can already exist, so only those are looked up, from the end with the
 * lower degree of that type (a site with 100k AT_SITE edges is never scanned), under write locks on
 * both ends (as Cypher's MERGE: two concurrent batches cannot both create the same edge); a stored
 * node given again is read and merged under its write lock (concurrent merges all survive). A node key
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

    /** The node phase's answer: its counts, plus the internal id of each key it was given and whether it was stored before. */
    public static final class NodesResult {
        public long nodesCreated;
        public long nodesUpdated;
        public long unchanged;
        /** Internal node id of each key of {@code n}, {@code b}, {@code k} in that order (-1: a {@code k} key not stored), joined by ','. */
        public String ids;
        /** One character per key, same order: '1' stored before the batch, '0' created by it (or absent). */
        public String existed;
    }

    @Procedure(name = "lotgraph.upsert", mode = Mode.WRITE)
    @Description("lotgraph.upsert(batch): applies one packed (JSON) lotgraph write batch with the port's merge semantics; "
            + "returns the UpsertResult counts")
    public Stream<Result> upsert(@Name("batch") String batch) throws IOException {
        Batch b = Batch.parse(batch);
        try {
            return Stream.of(new Apply(tx, guard).run(b));
        } catch (ConstraintViolationException e) {
            throw new Conflict(e);
        }
    }

    /**
     * The node phase of a batch alone ({@code n}, {@code b}, and {@code k}: keys only looked up, the
     * ends of removals), for a bulk load that writes one batch's edges while the next one's nodes are
     * written; the client passes the ids and flags to {@link #upsertEdges}.
     */
    @Procedure(name = "lotgraph.upsertNodes", mode = Mode.WRITE)
    @Description("lotgraph.upsertNodes(batch): the node phase of lotgraph.upsert; returns counts, packed internal ids and existed flags")
    public Stream<NodesResult> upsertNodes(@Name("batch") String batch) throws IOException {
        Batch b = Batch.parse(batch);
        Apply a = new Apply(tx, guard);
        List<Node> nodes;
        try {
            nodes = a.nodes(b);
        } catch (ConstraintViolationException e) {
            throw new Conflict(e);
        }
        NodesResult r = new NodesResult();
        r.nodesCreated = a.res.nodesCreated;
        r.nodesUpdated = a.res.nodesUpdated;
        r.unchanged = a.res.unchanged;
        StringBuilder ids = new StringBuilder(nodes.size() * 8);
        StringBuilder existed = new StringBuilder(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (i > 0) ids.append(',');
            ids.append(n == null ? -1 : n.getId());
            existed.append(a.existedBefore(n) ? '1' : '0');
        }
        r.ids = ids.toString();
        r.existed = existed.toString();
        return Stream.of(r);
    }

    /**
     * The edge phase of a batch alone, its nodes written before (lotgraph.upsertNodes): edges and
     * removals by internal node id, {@code [type, fromId, toId, at, qty, uom, maybe(, until)]} ({@code maybe}
     * 1 when both ends were stored before the batch; {@code until} left out when null) and {@code [type, fromId, toId]} (-1: an end
     * not stored). Counts only edges (and unchanged edges).
     */
    @Procedure(name = "lotgraph.upsertEdges", mode = Mode.WRITE)
    @Description("lotgraph.upsertEdges(batch): the edge phase of lotgraph.upsert, ends given by internal id; returns the counts")
    public Stream<Result> upsertEdges(@Name("batch") String batch) throws IOException {
        Batch b = Batch.parse(batch);
        Apply a = new Apply(tx, guard);
        a.edges(b.edges.stream().map(a::byId).toList(), b.removals.stream().map(a::byId).toList());
        return Stream.of(a.res);
    }

    /**
     * A node key or alias created by a concurrent transaction since this one looked it up: answered
     * with the status Cypher gives (Schema.ConstraintValidationFailed, not ProcedureCallFailed), so the
     * client retries the batch as a conflict (graph/neo4j/errors.ts, LG_CONFLICT).
     */
    static final class Conflict extends RuntimeException implements Status.HasStatus {
        Conflict(Exception cause) {
            super(cause.getMessage(), cause);
        }

        Conflict(String message, Exception cause) {
            super(message, cause);
        }

        @Override
        public Status status() {
            return Status.Schema.ConstraintValidationFailed;
        }
    }

    /**
     * Any other kernel error of a kernel-API write, passed on with its own status (a plain runtime
     * exception would reach the client as the generic Procedure.ProcedureCallFailed) and a message
     * naming tokens, not their ids.
     */
    static final class KernelFailure extends RuntimeException implements Status.HasStatus {
        private final Status status;

        KernelFailure(String message, KernelException cause) {
            super(message, cause);
            this.status = cause.status();
        }

        @Override
        public Status status() {
            return status;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The packed batch

    record GivenNode(String key, String kind, List<String> ids, List<String> lids, Map<String, String> props, String llabel) {}

    record BareNode(String key, String kind, String llabel) {}

    /** An edge as packed: ends by key (lotgraph.upsert) or by internal id (lotgraph.upsertEdges, with {@code maybe}). */
    record Edge(String type, String from, String to, Number at, Number qty, String uom, boolean maybe, Number until) {}

    /** An edge with its ends resolved; {@code maybe}: both ends stored before the batch, so it may exist. Null ends: not stored. */
    record Link(RelationshipType type, Node a, Node z, Number at, Number qty, String uom, boolean maybe, Number until) {
        String ident() {
            return type.name() + '|' + (a == null ? -1 : a.getId()) + '|' + (z == null ? -1 : z.getId());
        }
    }

    static final class Batch {
        final List<GivenNode> nodes = new ArrayList<>();
        final List<BareNode> bare = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>();
        final List<Edge> removals = new ArrayList<>();
        /** Keys only looked up (lotgraph.upsertNodes: the ends of removals). */
        final List<String> lookups = new ArrayList<>();

        static Batch parse(String text) throws IOException {
            Batch b = new Batch();
            try (JsonParser p = JSON.createParser(text)) {
                expect(p, JsonToken.START_OBJECT);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    if (t != JsonToken.FIELD_NAME) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a field, got " + t);
                    String field = p.currentName();
                    expect(p, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        switch (field) {
                            case "n" -> b.nodes.add(new GivenNode(str(p), name(p), strings(p), strings(p), props(p), llabelOrNull(p)));
                            case "b" -> b.bare.add(new BareNode(str(p), name(p), llabelOrNull(p)));
                            case "e" -> b.edges.add(edge(p));
                            case "r" -> b.removals.add(new Edge(name(p), ref(p), ref(p), null, null, null, false, null));
                            case "k" -> b.lookups.add(str(p));
                            default -> throw new IllegalArgumentException("lotgraph.upsert: unknown batch field '" + field + "'");
                        }
                        if (p.currentToken() != JsonToken.END_ARRAY || !field.equals("e")) expect(p, JsonToken.END_ARRAY);
                    }
                }
            }
            return b;
        }

        /** Labels and relationship types lotgraph's model uses: identifiers, never the store's own (the client validated them; a caller of the procedure may not have). */
        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Z][A-Za-z0-9_]{0,63}");
        private static final Set<String> RESERVED = Set.of("Node", "Alias", "ALIAS_OF");

        /** A node kind (label) or an edge kind (relationship type). */
        private static String name(JsonParser p) throws IOException {
            String s = str(p);
            if (s != null && ACCEPTED.contains(s)) {
                return s;
            }
            if (s == null || !NAME.matcher(s).matches() || RESERVED.contains(s)) {
                throw new IllegalArgumentException("lotgraph.upsert: not a lotgraph node or edge kind: " + s);
            }
            if (ACCEPTED.size() < 1024) {
                ACCEPTED.add(s);
            }
            return s;
        }

        /** Names already checked (a handful: the model's kinds), so a row costs a set look-up, not a regex. */
        private static final Set<String> ACCEPTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

        /** A key (string) or an internal node id (number), kept as text. */
        private static String ref(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a key or an id, got " + t);
            return p.getText();
        }

        /** An edge {@code [type, from, to, at, qty, uom(, maybe(, until))]}, read up to its last value (the caller checks the array's end). */
        private static Edge edge(JsonParser p) throws IOException {
            String type = name(p);
            String from = ref(p);
            String to = ref(p);
            Number at = num(p);
            Number qty = num(p);
            String uom = str(p);
            boolean maybe = flag(p);
            Number until = null;
            if (p.currentToken() != JsonToken.END_ARRAY) {
                JsonToken t = p.nextToken();
                if (t != JsonToken.END_ARRAY) {
                    until = numAt(p, t);
                }
            }
            return new Edge(type, from, to, at, qty, uom, maybe, until);
        }

        /** An optional trailing 0/1 flag; when absent the array's end is read here (the caller checks currentToken). */
        private static boolean flag(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_ARRAY) return false;
            if (t != JsonToken.VALUE_NUMBER_INT) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a 0/1 flag, got " + t);
            return p.getIntValue() == 1;
        }

        private static Number num(JsonParser p) throws IOException {
            return numAt(p, p.nextToken());
        }

        /** The number (or null) at token {@code t}, just read. */
        private static Number numAt(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_NULL) return null;
            if (t == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
            if (t == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
            throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a number, got " + t);
        }

        private static List<String> strings(JsonParser p) throws IOException {
            expect(p, JsonToken.START_ARRAY);
            List<String> out = new ArrayList<>(2);
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a list of strings, got " + t);
                out.add(p.getText());
            }
            return out;
        }

        private static Map<String, String> props(JsonParser p) throws IOException {
            expect(p, JsonToken.START_OBJECT);
            Map<String, String> out = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected a prop name, got " + t);
                String k = p.currentName();
                // lotgraph props are stored as `p.<name>` (props-codec.ts): never the node's own key, kind, lkey, llabel or ids
                if (!k.startsWith("p.")) throw new IllegalArgumentException("lotgraph.upsert: prop name must start with 'p.', got '" + k + "'");
                String v = str(p);
                if (v == null) throw new IllegalArgumentException("lotgraph.upsert: prop '" + k + "' has no value (JSON text expected)");
                out.put(k, v);
            }
            return out;
        }

        /** The client's llabel: a string, null, or (from an older client) an {@code [lkey, llabel]} pair. */
        private static String llabelOrNull(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t == JsonToken.VALUE_STRING) return p.getText();
            if (t != JsonToken.START_ARRAY) throw new IllegalArgumentException("lotgraph.upsert: malformed batch: expected llabel (a string) or null, got " + t);
            str(p);
            String llabel = str(p);
            expect(p, JsonToken.END_ARRAY);
            return llabel;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Applying it

    static final class Apply {
        private final Transaction tx;
        private final TerminationGuard guard;
        final Result res = new Result();
        /** Every key the batch names, to its node (stored before or created here). */
        private final Map<String, Node> nodeOf = new HashMap<>();
        /** Nodes stored before the batch. */
        private final Set<Node> existedNodes = new HashSet<>();
        private final Map<String, Node> byId = new HashMap<>();
        private final Map<String, RelationshipType> types = new HashMap<>();
        /** New nodes and edges are written through the kernel API: all of an entity's properties in one call, tokens resolved once. */
        private final KernelTransaction ktx;
        private final Map<String, int[]> labelIds = new HashMap<>();
        private final Map<String, Integer> propIds = new HashMap<>();
        private final Map<String, Integer> typeIds = new HashMap<>();
        private static final IntSet NO_LABELS = IntSets.immutable.empty();

        Apply(Transaction tx, TerminationGuard guard) {
            this.tx = tx;
            this.guard = guard;
            this.ktx = ((InternalTransaction) tx).kernelTransaction();
        }

        private int prop(String name) throws KernelException {
            Integer id = propIds.get(name);
            if (id == null) propIds.put(name, id = ktx.tokenWrite().propertyKeyGetOrCreateForName(name));
            return id;
        }

        private int[] labelsOf(String kind) throws KernelException {
            int[] ids = labelIds.get(kind);
            if (ids == null) {
                labelIds.put(kind, ids = new int[] {ktx.tokenWrite().labelGetOrCreateForName(NODE.name()), ktx.tokenWrite().labelGetOrCreateForName(kind)});
            }
            return ids;
        }

        private int typeId(RelationshipType t) throws KernelException {
            Integer id = typeIds.get(t.name());
            if (id == null) typeIds.put(t.name(), id = ktx.tokenWrite().relationshipTypeGetOrCreateForName(t.name()));
            return id;
        }

        /** The whole batch: its nodes, then its edges. */
        Result run(Batch b) {
            nodes(b);
            List<Link> edges = new ArrayList<>(b.edges.size());
            for (Edge e : b.edges) {
                Node a = nodeOf.get(e.from());
                Node z = nodeOf.get(e.to());
                edges.add(new Link(type(e.type()), a, z, e.at(), e.qty(), e.uom(), existedBefore(a) && existedBefore(z), e.until()));
            }
            List<Link> removals = new ArrayList<>(b.removals.size());
            for (Edge r : b.removals) removals.add(new Link(type(r.type()), stored(r.from()), stored(r.to()), null, null, null, true, null));
            edges(edges, removals);
            return res;
        }

        /** The node phase: given nodes, bare edge ends, lookups; their nodes in that order (null: a lookup not stored). */
        List<Node> nodes(Batch b) {
            List<Node> out = new ArrayList<>(b.nodes.size() + b.bare.size() + b.lookups.size());
            for (GivenNode n : b.nodes) out.add(given(n));
            for (BareNode n : b.bare) {
                Node node = nodeOf.containsKey(n.key()) ? nodeOf.get(n.key()) : find(n.key());
                if (node == null) {
                    res.nodesCreated++;
                    node = create(n.key(), n.kind(), NO_IDS, llabel(n.key(), n.llabel()), Map.of());
                }
                out.add(node);
            }
            for (String k : b.lookups) out.add(stored(k));
            return out;
        }

        boolean existedBefore(Node n) {
            return n != null && existedNodes.contains(n);
        }

        private Node stored(String key) {
            return nodeOf.containsKey(key) ? nodeOf.get(key) : find(key);
        }

        /** An edge of lotgraph.upsertEdges: ends by internal id. */
        Link byId(Edge e) {
            return new Link(type(e.type()), nodeById(e.from()), nodeById(e.to()), e.at(), e.qty(), e.uom(), e.maybe(), e.until());
        }

        private Node nodeById(String id) {
            if (id.startsWith("-")) return null;
            return byId.computeIfAbsent(id, i -> tx.getNodeById(Long.parseLong(i)));
        }

        private Node find(String key) {
            Node node = tx.findNode(NODE, "key", key);
            if (node != null) {
                nodeOf.put(key, node);
                existedNodes.add(node);
            }
            return node;
        }

        /** The llabel of a key: the client's lowercasing when it sent one, else ASCII lowercasing here. */
        private static String llabel(String key, String given) {
            return given != null ? given : asciiLower(lastPart(key));
        }

        private static String lastPart(String key) {
            return key.substring(key.lastIndexOf(':') + 1);
        }

        /** The ids a node has when {@code ids} is absent: the key's last part, when it needs no percent-decoding. */
        private static String[] defaultIds(String key) {
            String l = lastPart(key);
            return l.indexOf('%') < 0 ? new String[] {l} : NO_IDS;
        }

        /** The ids to store, or null to leave {@code ids} out: they are the node's default ids. */
        static String[] idsToStore(String key, String[] ids) {
            return java.util.Arrays.equals(ids, defaultIds(key)) ? null : ids;
        }

        /** A kernel error as the client should see it: a Conflict for a unique constraint, else its own status. */
        private RuntimeException failure(String doing, KernelException e) {
            String msg = "lotgraph.upsert: " + doing + ": " + e.getUserMessage(ktx.tokenRead());
            return e instanceof ConstraintValidationException ? new Conflict(msg, e) : new KernelFailure(msg, e);
        }

        /**
         * Creates a node with its labels and every property in one kernel call (the core API's
         * setProperty re-reads the node's properties on each call). A key created meanwhile by a
         * concurrent transaction fails the unique constraint: a Conflict, which the client retries.
         */
        private Node create(String key, String kind, String[] ids, String llabel, Map<String, String> props) {
            String[] stored = idsToStore(key, ids);
            try {
                Write w = ktx.dataWrite();
                long id = w.nodeCreateWithLabels(labelsOf(kind));
                IntObjectHashMap<Value> m = new IntObjectHashMap<>(8 + props.size());
                m.put(prop("key"), Values.stringValue(key));
                m.put(prop("kind"), Values.stringValue(kind));
                m.put(prop("llabel"), Values.stringValue(llabel));
                if (stored != null) m.put(prop("ids"), Values.stringArray(stored));
                for (Map.Entry<String, String> p : props.entrySet()) m.put(prop(p.getKey()), Values.stringValue(p.getValue()));
                w.nodeApplyChanges(id, NO_LABELS, NO_LABELS, m);
                Node node = ((InternalTransaction) tx).newNodeEntity(id); // created just now: no existence check needed
                nodeOf.put(key, node);
                return node;
            } catch (KernelException e) {
                throw failure("creating node '" + key + "'", e);
            }
        }

        /** Creates a-[t]->z with its properties (nulls left out) in one kernel call. */
        private void createEdge(Node a, Node z, RelationshipType t, Long at, Long until, Double qty, String uom) {
            try {
                Write w = ktx.dataWrite();
                long id = w.relationshipCreate(a.getId(), typeId(t), z.getId());
                if (at == null && until == null && qty == null && uom == null) return;
                IntObjectHashMap<Value> m = new IntObjectHashMap<>(4);
                if (at != null) m.put(prop("at"), Values.longValue(at));
                if (until != null) m.put(prop("until"), Values.longValue(until));
                if (qty != null) m.put(prop("qty"), Values.doubleValue(qty));
                if (uom != null) m.put(prop("uom"), Values.stringValue(uom));
                w.relationshipApplyChanges(id, m);
            } catch (KernelException e) {
                throw failure("creating an edge " + t.name(), e);
            }
        }

        private Node given(GivenNode n) {
            guard.check();
            Node node = find(n.key());
            if (node == null) {
                res.nodesCreated++;
                String llabel = llabel(n.key(), n.llabel());
                node = create(n.key(), n.kind(), n.ids().toArray(NO_IDS), llabel, n.props());
                for (String a : aliases(n.lids(), null, n.ids(), llabel)) linkAlias(a, node, false);
                return node;
            }
            // Read-modify-write under the node's write lock: a concurrent batch merging into it waits, and neither's ids or props are lost.
            tx.acquireWriteLock(node);
            String[] old = idsOf(node, n.key());
            Set<String> oldIds = new HashSet<>(java.util.Arrays.asList(old));
            LinkedHashSet<String> ids = new LinkedHashSet<>(List.of(old));
            ids.addAll(n.ids());
            List<Map.Entry<String, String>> changed = new ArrayList<>();
            for (Map.Entry<String, String> p : n.props().entrySet()) {
                if (!p.getValue().equals(node.getProperty(p.getKey(), null))) changed.add(p);
            }
            if (ids.size() == old.length && changed.isEmpty()) {
                res.unchanged++;
                return node;
            }
            res.nodesUpdated++;
            if (ids.size() != old.length) {
                String[] stored = idsToStore(n.key(), ids.toArray(NO_IDS));
                if (stored == null) node.removeProperty("ids");
                else node.setProperty("ids", stored);
            }
            for (Map.Entry<String, String> p : changed) node.setProperty(p.getKey(), p.getValue());
            // Ids stored before had their aliases linked then; a new id's alias may exist already (case): MERGE it.
            String llabel = (String) node.getProperty("llabel", null);
            for (String a : aliases(n.lids(), oldIds, n.ids(), llabel)) linkAlias(a, node, true);
            return node;
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

        /** A stored node's ids: its {@code ids}, or when left out its default ids (see idsToStore). */
        private static String[] idsOf(Node node, String key) {
            Object v = node.getProperty("ids", null);
            if (v instanceof String[] s) return s;
            return defaultIds(key);
        }

        /** The edge phase: every end of {@code edges} is stored (or created by this batch); removals with a null end are skipped. */
        void edges(List<Link> edges, List<Link> removals) {
            // Edges between two nodes stored before may exist already: find those; the rest are new.
            int n = edges.size();
            Relationship[] old = new Relationship[n];
            Set<String> fresh = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Link e = edges.get(i);
                if (e.maybe()) {
                    tx.acquireWriteLock(e.a());
                    tx.acquireWriteLock(e.z());
                    old[i] = between(e.a(), e.z(), e.type());
                }
                // only removals need the identities of new edges (a load's batches have none)
                if (old[i] == null && !removals.isEmpty()) fresh.add(e.ident());
            }
            // An edge created by this batch and removed by it is neither created nor removed (never written).
            Set<String> dropped = new HashSet<>();
            for (Link r : removals) if (fresh.contains(r.ident())) dropped.add(r.ident());
            for (int i = 0; i < n; i++) {
                Link e = edges.get(i);
                if ((i & 1023) == 0) guard.check();
                if (!dropped.isEmpty() && dropped.contains(e.ident())) continue;
                Relationship r = old[i];
                Long at = e.at() == null ? null : e.at().longValue();
                Long until = e.until() == null ? null : e.until().longValue();
                Double qty = e.qty() == null ? null : e.qty().doubleValue();
                String uom = e.uom() == null || e.uom().isEmpty() ? null : e.uom();
                if (r == null) {
                    res.edgesCreated++;
                    createEdge(e.a(), e.z(), e.type(), at, until, qty, uom);
                    continue;
                }
                Map<String, Object> o = r.getProperties("at", "until", "qty", "uom");
                if (same(o.get("at"), e.at()) && same(o.get("until"), e.until()) && same(o.get("qty"), e.qty()) && java.util.Objects.equals(o.get("uom"), uom)) {
                    res.unchanged++;
                    continue;
                }
                res.edgesUpdated++;
                set(r, "at", at);
                set(r, "until", until);
                set(r, "qty", qty);
                set(r, "uom", uom);
            }
            for (Link e : removals) {
                if (e.a() == null || e.z() == null || dropped.contains(e.ident())) continue;
                for (Relationship r; (r = between(e.a(), e.z(), e.type())) != null; ) {
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

        /** Lowercase of a key's part, which is ASCII whenever the client sent no lowercased form. */
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
