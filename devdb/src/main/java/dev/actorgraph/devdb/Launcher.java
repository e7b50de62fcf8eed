package dev.actorgraph.devdb;

import static org.neo4j.configuration.SettingValueParsers.BYTES;
import static org.neo4j.configuration.SettingValueParsers.DURATION;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community embedded with Bolt on loopback for actorgraph dev and CI.
 * Configured by environment only (see README.md); driven by neo4j.sh.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable t) {
            t.printStackTrace();
            System.err.println("devdb: Neo4j failed to start: " + t.getMessage());
            // Neo4j's non-daemon threads would otherwise keep a half-started JVM alive.
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        Path home = Path.of(env("NEO4J_DATA", "data")).toAbsolutePath();
        String password = env("NEO4J_PASSWORD", "");
        boolean auth = !password.isEmpty();
        int port = reserve(Integer.parseInt(env("NEO4J_PORT", "7687")));

        // Opt-in plugins (e.g. APOC for the benchmark's peer), never for the instance analysts reach.
        List<String> allowlist = Arrays.stream(env("NEO4J_PROCEDURE_ALLOWLIST", "").split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).toList();
        String plugins = env("NEO4J_PLUGINS", "");
        Path pluginDir = plugins.isEmpty() ? home.resolve("plugins") : Path.of(plugins).toAbsolutePath();
        if (!plugins.isEmpty() || !allowlist.isEmpty()) {
            System.out.printf("devdb: plugin directory %s, procedure allow-list %s%s%n", pluginDir, allowlist,
                    allowlist.isEmpty() ? " (empty: no plugin procedure or function loads)" : "");
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                // Neo4j's user log goes to our stdout (the script's log file); debug.log stays in home/logs.
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                // Without a password the server relies on being reachable from loopback only.
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // Analysts run arbitrary read Cypher: LOAD CSV must not read the server's files...
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"))
                .setConfig(GraphDatabaseSettings.plugin_dir, pluginDir)
                // ...and no plugin procedure may load (built-in procedures are not affected), unless a
                // benchmark instance opts in with NEO4J_PLUGINS and NEO4J_PROCEDURE_ALLOWLIST.
                .setConfig(GraphDatabaseSettings.procedure_allowlist, allowlist)
                // A runaway query is killed by the server even if the client sets no timeout.
                .setConfig(GraphDatabaseSettings.transaction_timeout, DURATION.parse(env("NEO4J_TX_TIMEOUT", "60s")))
                // Timeouts are enforced when the monitor looks (2s by default): look often.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, DURATION.parse("100ms"))
                // One query cannot build an unbounded result in the server's heap.
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, BYTES.parse(env("NEO4J_TX_MEMORY", "512m")))
                .setConfig(GraphDatabaseSettings.pagecache_memory, BYTES.parse(env("NEO4J_PAGECACHE", "256m")))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "devdb-shutdown"));
        exitWithWatchedProcess();

        var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (auth) {
            setPassword(system, password);
        }
        String version = system.executeTransactionally(
                "CALL dbms.components() YIELD versions RETURN versions[0] AS v", Map.of(),
                r -> (String) r.next().get("v"));
        handshake(port);

        System.out.printf("actorgraph-devdb ready bolt://%s:%d neo4j %s pid %d%n",
                HOST, port, version, ProcessHandle.current().pid());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM/SIGINT runs the shutdown hook
    }

    /** `neo4j.sh run` sets NEO4J_WATCH_PID so a killed test run cannot leave the server behind. */
    private static void exitWithWatchedProcess() {
        String pid = env("NEO4J_WATCH_PID", "");
        if (!pid.isEmpty()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** Fails fast, before Neo4j spends seconds starting, if the port is taken; port 0 picks a free one. */
    private static int reserve(int port) {
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return probe.getLocalPort();
        } catch (IOException e) {
            System.err.printf("devdb: port %d on %s is already in use%n", port, HOST);
            System.exit(1);
            return -1;
        }
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to its current value; that is the state we want.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    /** Proves a real Bolt server answers: magic preamble, then proposals 5.8..5.0 and 4.4. */
    private static void handshake(int port) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {
                0x60, 0x60, (byte) 0xB0, 0x17,
                0, 8, 8, 5,
                0, 0, 4, 4,
                0, 0, 0, 0,
                0, 0, 0, 0,
            });
            out.flush();
            int agreed = new DataInputStream(socket.getInputStream()).readInt();
            if (agreed == 0) {
                throw new IOException("Bolt on port " + port + " accepted none of the proposed versions");
            }
        }
    }
}
