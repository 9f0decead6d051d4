import Foundation
import Logging
import PostgresNIO
import QueueCore

/// The city's PostgreSQL: a pool of connections (postgres-nio) to one server, the primary or a
/// hot standby for reads. `run()` must run (in a task or a service group) while it is used.
public final class CityDatabase: Sendable {
    public let client: PostgresClient
    let logger: Logger
    /// Where it points, without the password, for messages.
    public let place: String

    /// `url`: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=require|verify-full], or
    /// postgres:///DATABASE?host=/run/postgresql (a Unix socket, as Debian's server listens by default).
    public init(url: String, logger: Logger) throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let database = parts.path.split(separator: "/").first.map(String.init) else {
            throw QueueError(.config, "\(url) is not a PostgreSQL address; write postgres://USER:PASSWORD@HOST:PORT/DATABASE or postgres:///DATABASE?host=/run/postgresql.")
        }
        let user = parts.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let socket = parts.queryItems?.first { $0.name == "host" }?.value
        var configuration: PostgresClient.Configuration
        if let socket, socket.hasPrefix("/") {
            let path = socket.hasSuffix(".s.PGSQL.\(parts.port ?? 5432)") ? socket : socket + "/.s.PGSQL.\(parts.port ?? 5432)"
            configuration = .init(unixSocketPath: path, username: user, password: parts.password, database: database)
            place = "\(database) on \(path)"
        } else {
            let host = parts.host ?? "localhost"
            // sslmode as libpq reads it: require encrypts; verify-full also checks the server's
            // certificate against the system's authorities and its name. Default: plain.
            var tls = TLSConfiguration.makeClientConfiguration()
            let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
            if mode == "require" { tls.certificateVerification = .none }
            configuration = .init(host: host, port: parts.port ?? 5432, username: user, password: parts.password, database: database,
                                  tls: ["require", "verify-full"].contains(mode) ? .require(tls) : .disable)
            place = "\(database) on \(host):\(parts.port ?? 5432)"
        }
        configuration.options.maximumConnections = 8
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    public func run() async {
        await client.run()
    }

    /// Throws a sentence when the server cannot be reached within `seconds`: the pool itself
    /// keeps trying for a minute or more, which a person at a terminal should not wait for.
    public func check(within seconds: Int = 10) async throws {
        let client = client
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.query("SELECT 1") }
                group.addTask {
                    try await Task.sleep(for: .seconds(seconds))
                    throw QueueError(.unreachable, "")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch let error as QueueError where error.code == .unreachable {
            throw QueueError(.unreachable, "Cannot reach PostgreSQL (\(place)) within \(seconds) s. Is the server running, and the address and user right?")
        } catch {
            throw failure("Connecting", error)
        }
    }

    /// Applies the migrations not applied yet, each in its own transaction, one instance at a
    /// time (an advisory lock), so several `queue-city` processes may start together.
    public func migrate() async throws {
        do { try await migrateOrThrow() } catch { throw failure("Updating the city's tables", error) }
    }

    func migrateOrThrow() async throws {
        try await client.withTransaction(logger: logger) { c in
            try await c.query("SELECT pg_advisory_xact_lock(5740)", logger: logger)
            try await c.query("CREATE TABLE IF NOT EXISTS city_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: logger)
        }
        for migration in CitySchema.migrations {
            try await client.withTransaction(logger: logger) { c in
                try await c.query("SELECT pg_advisory_xact_lock(5740)", logger: logger)
                let done = try await c.query("SELECT 1 FROM city_migration WHERE id = \(migration.id)", logger: logger)
                for try await _ in done { return }
                for sql in migration.sql { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                try await c.query("INSERT INTO city_migration (id) VALUES (\(migration.id))", logger: logger)
            }
        }
    }
}

extension CityDatabase {
    /// A sentence for a database error: what failed, and where.
    func failure(_ what: String, _ error: any Error) -> QueueError {
        if let error = error as? QueueError { return error }
        // The server refused what was asked: a value it cannot store (SQLSTATE class 22), a
        // constraint (23) or a statement it rejects (42) is bad data, which sending again will not
        // mend; anything else (a restart, too many connections, a read-only standby) may pass.
        if let psql = (error as? PostgresTransactionError)?.closureError as? PSQLError ?? error as? PSQLError,
           let message = psql.serverInfo?[.message] {
            let state = psql.serverInfo?[.sqlState] ?? ""
            return QueueError(["22", "23", "42"].contains(String(state.prefix(2))) ? .badData : .storage,
                              "\(what) failed in \(place): \(message).")
        }
        if error is DecodingError {
            // Not the server's fault: data it holds that this program cannot read.
            return QueueError(.badData, "\(what) failed: data in PostgreSQL (\(place)) that this queue-city cannot read: \(error).")
        }
        return QueueError(.storage, "\(what) failed: cannot reach PostgreSQL (\(place)): \(String(reflecting: error)). Is the server running, and the address right?")
    }
}
