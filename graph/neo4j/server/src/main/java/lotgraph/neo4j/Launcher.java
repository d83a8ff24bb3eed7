package lotgraph.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.common.DependencyResolver;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs Neo4j 5.26 Community in-process with only the Bolt connector, for development and CI.
 *
 * <p>Prints exactly one line on stdout, {@code NEO4J_URI=bolt://HOST:PORT}, once Bolt accepts
 * connections and the password is set; everything else goes to stderr or the Neo4j logs under
 * the data directory. Runs until SIGTERM/SIGINT and then shuts the DBMS down cleanly.
 */
public final class Launcher {
    private static final String USER = "neo4j";
    private static final String DEFAULT_PASSWORD = "lotgraph-dev";

    private Launcher() {}

    /** Parsed command line; see {@link #usage()}. */
    record Options(Path data, String host, int port, long pageCache, String password,
            Path uriFile, boolean stopWithParent, Path plugins) {}

    public static void main(String[] args) throws Exception {
        Options opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lotgraph-neo4j: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (opts.stopWithParent()) {
            // `npm run` may die without passing its SIGTERM on: do not outlive the parent.
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> {
                System.err.println("lotgraph-neo4j: parent process exited");
                System.exit(0);
            }));
        }
        long t0 = System.nanoTime();
        Files.createDirectories(opts.data());
        DatabaseManagementService dbms;
        try {
            dbms = start(opts);
        } catch (RuntimeException e) {
            // Typical: the data directory is locked by another Neo4j, or the port is taken.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("lotgraph-neo4j: could not start Neo4j in " + opts.data() + ": " + e.getMessage()
                    + (root != e ? " (cause: " + root.getMessage() + ")" : ""));
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("lotgraph-neo4j: shutting down");
            deleteQuietly(opts.uriFile()); // stop advertising the server first
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "lotgraph-neo4j-shutdown"));

        long tBuilt = System.nanoTime();
        try {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), opts.password());
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(60_000)) {
                throw new IllegalStateException("database 'neo4j' did not become available in 60 s");
            }
        } catch (RuntimeException e) {
            System.err.println("lotgraph-neo4j: startup failed: " + e.getMessage());
            // The shutdown hook stops the DBMS.
            System.exit(1);
        }

        int port = boltPort(dbms);
        String uri = "bolt://" + opts.host() + ":" + port;
        if (opts.uriFile() != null) {
            writeUriFile(opts.uriFile(), "NEO4J_URI=" + uri + "\n");
        }
        long tReady = System.nanoTime();
        System.err.printf("lotgraph-neo4j: ready in %d ms (DBMS %d ms, auth %d ms), data %s%n",
                (tReady - t0) / 1_000_000, (tBuilt - t0) / 1_000_000, (tReady - tBuilt) / 1_000_000, opts.data());
        System.out.println("NEO4J_URI=" + uri);
        System.out.flush();
        stopped.await();
    }

    /** Builds and starts the DBMS: Bolt on host:port (0 = any free port), auth on, modest memory. */
    static DatabaseManagementService start(Options opts) {
        Path data = opts.data().toAbsolutePath();
        DatabaseManagementServiceBuilder b = new DatabaseManagementServiceBuilder(data);
        if (opts.plugins() != null) {
            // Plugin jars (lotgraph.trace) are loaded from here, as a server loads its plugins directory.
            b.setConfig(GraphDatabaseSettings.plugin_dir, opts.plugins().toAbsolutePath());
        }
        return b
                .setConfig(GraphDatabaseSettings.data_directory, data)
                .setConfig(GraphDatabaseSettings.logs_directory, data.resolve("logs"))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(opts.host(), opts.port()))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, opts.pageCache())
                // A dev/test server: keep no transaction-log history and do not preallocate files.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
                // Stop in about a second on SIGTERM: by default Netty waits a 5 s quiet period per
                // event-loop group and Bolt waits up to 5 min for clients to hang up.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(2))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(2))
                .build();
    }

    /**
     * Sets the password of user neo4j on every start, so NEO4J_PASSWORD can change it on an
     * existing data directory; a fresh store starts with "neo4j" and change-required.
     */
    static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the one already set: that is the goal state.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    /** Writes the URI line atomically, so a reader never sees a half-written file. */
    static void writeUriFile(Path file, String line) throws java.io.IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, line);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            System.err.println("lotgraph-neo4j: could not delete " + file + ": " + e.getMessage());
        }
    }

    /** The port Bolt actually bound (differs from the configured one when that was 0). */
    static int boltPort(DatabaseManagementService dbms) {
        GraphDatabaseAPI api = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        DependencyResolver deps = api.getDependencyResolver();
        return deps.resolveDependency(ConnectorPortRegister.class).getLocalAddress(ConnectorType.BOLT).getPort();
    }

    static Options parse(String[] args) {
        Map<String, String> env = System.getenv();
        Path data = Path.of(".neo4j", "data");
        String host = "127.0.0.1";
        int port = env.containsKey("NEO4J_PORT") ? parsePort(env.get("NEO4J_PORT")) : 0;
        long pageCache = ByteUnit.parse("512m");
        String password = env.getOrDefault("NEO4J_PASSWORD", DEFAULT_PASSWORD);
        Path uriFile = null;
        boolean stopWithParent = false;
        Path plugins = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (a.equals("--stop-with-parent")) {
                stopWithParent = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--data" -> data = Path.of(v);
                case "--host" -> host = v;
                case "--port" -> port = parsePort(v);
                case "--page-cache" -> pageCache = ByteUnit.parse(v);
                case "--uri-file" -> uriFile = Path.of(v);
                case "--plugins" -> plugins = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("NEO4J_PASSWORD must not be empty");
        }
        return new Options(data, host, port, pageCache, password, uriFile, stopWithParent, plugins);
    }

    private static int parsePort(String v) {
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be 0..65535, got '" + v + "'");
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: lotgraph-neo4j [--data DIR] [--host ADDR] [--port N] [--page-cache SIZE]",
                "                      [--uri-file FILE] [--plugins DIR] [--stop-with-parent]",
                "  --data DIR         store, transaction logs and Neo4j logs (default .neo4j/data)",
                "  --host ADDR        Bolt listen address (default 127.0.0.1)",
                "  --port N           Bolt port, 0 = any free port (default $NEO4J_PORT or 0)",
                "  --page-cache SIZE  page cache, e.g. 512m (default 512m)",
                "  --uri-file FILE    also write the NEO4J_URI line to FILE when ready; removed on stop",
                "  --plugins DIR      load Neo4j plugin jars from DIR (target/plugins: lotgraph.trace)",
                "  --stop-with-parent shut down when the parent process exits",
                "env: NEO4J_PASSWORD  password for user neo4j (default lotgraph-dev)",
                "prints NEO4J_URI=bolt://ADDR:PORT on stdout when Bolt is ready; stops on SIGTERM");
    }
}
