import AppLog
import AppVersion
import ArgumentParser
import CityServer
import CityStore
import CityWire
import CommandOptions
import Foundation
import Logging
import QueueCore
import QueueReports
import ServiceLifecycle
import WebTLS

@main
struct QueueCity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-city",
        abstract: "The city's view of every hall: halls forward their events here; reports for any unit, hall or span (docs/CITY.md).",
        discussion: """
        Exit status: 0 done; 1 refused (the sentence says why); 64 usage; 65 bad data (the database \
        refused a value or a constraint); 69 PostgreSQL cannot be reached; 75 try again later (the \
        database failed, or is a read-only standby); 78 config error (a certificate or key file).
        """,
        version: AppVersion.text,
        subcommands: [Serve.self, UnitCommand.self, HallCommand.self, ViewerCommand.self, Report.self, Summarize.self])

    /// A `QueueError` from any subcommand is its sentence and its exit status (`ExitStatus.main`).
    static func main() async { await ExitStatus.main(Self.self) }
}

/// Where the city's PostgreSQL is.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The city database: postgres://USER:PASSWORD@HOST:PORT/DATABASE, or postgres:///DATABASE?host=/run/postgresql.")
    var postgresUrl: String = ProcessInfo.processInfo.environment["QUEUE_CITY_POSTGRES_URL"] ?? "postgres:///queue_city?host=/run/postgresql"

    /// Runs `body` with the database's connections open, after applying any new migration.
    func with<T: Sendable>(migrate: Bool = true, _ body: @Sendable (CityDatabase) async throws -> T) async throws -> T {
        // The pool's own messages (retries while connecting) only at error level: what failed is
        // said once, as a sentence, by the command.
        var poolLogger = Logger(label: "queue-city")
        poolLogger.logLevel = .error
        let database = try CityDatabase(url: postgresUrl, logger: poolLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            try await database.check()
            if migrate { try await database.migrate() }
            return try await body(database)
        }
    }
}

extension QueueCity {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Take the halls' events over HTTPS (several instances may serve one database).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Address to listen on.") var host = "0.0.0.0"
        @Option(help: "HTTPS port (0 picks a free one).") var httpsPort = 8444
        @Option(help: "The city's certificate (PEM, a chain is accepted); with --tls-key. Default: the box's own, made once in --state-dir.")
        var tlsCert: String?
        @Option(help: "The certificate's private key (PEM).") var tlsKey: String?
        @Option(help: "Where the box's own certificate is kept (city-tls.crt, city-tls.key).") var stateDir = "/var/lib/queue-city"
        @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
        @Option(help: "Summarise the halls' closed days every this many seconds (reports stay exact meanwhile; the summaries make long spans fast).")
        var summarizeEvery = 300

        func validate() throws {
            if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("Give both --tls-cert and --tls-key, or neither (the box's own certificate).") }
        }

        func run() async throws {
            AppLog.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
            let logger = Logger(label: "queue-city")
            let certificate: WebCertificate
            if let tlsCert, let tlsKey {
                certificate = try WebCertificate.load(certificate: tlsCert, key: tlsKey)
            } else {
                certificate = try WebCertificate.box(stateDir: stateDir, files: ("city-tls.crt", "city-tls.key")).certificate
            }
            let database = try CityDatabase(url: database.postgresUrl, logger: logger)
            let server = CityServer(database: database, logger: logger)
            let host = self.host
            let app = try server.application(host: host, port: httpsPort, certificate: certificate) { port in
                FileHandle.standardOutput.write(Data("queue-city listening on https://\(host):\(port) · certificate SHA-256 \(certificate.fingerprint) · database \(database.place)\n".utf8))
            }
            // The pool runs beside the server and is not waited for at the end: once the server has
            // stopped (SIGTERM: no new requests, the ones under way answered) there is nothing
            // left to write, and a pool still reconnecting to a restarted server must not keep
            // the process alive (seen in the tests after PostgreSQL was killed).
            let pool = Task { await database.run() }
            defer { pool.cancel() }
            try await database.check()
            try await database.migrate()
            // SIGTERM: requests under way get 10 s to finish (one waiting on a database that does
            // not answer is then cancelled; the hall sends it again), so a stop never hangs.
            let summarizer = CitySummarizer(database: database, every: .seconds(max(1, summarizeEvery)), logger: logger, metrics: server.metrics)
            // Services stop in reverse order: the server first, then the summariser.
            var configuration = ServiceGroupConfiguration(services: [.init(service: summarizer), .init(service: app)],
                                                          gracefulShutdownSignals: [.sigterm, .sigint],
                                                          logger: logger)
            configuration.maximumGracefulShutdownDuration = .seconds(10)
            configuration.maximumCancellationDuration = .seconds(5)
            try await ServiceGroup(configuration: configuration).run()
        }
    }

    struct UnitCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unit", abstract: "Administrative units: the city, its wards and communes.",
                                                        subcommands: [Add.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an administrative unit.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "Its code: a-z, 0-9 and -, e.g. ba-dinh.") var id: String
            @Option(help: "Its name, e.g. \"Phường Ba Đình\".") var name: String
            @Option(help: "Its level, e.g. city, ward, commune (before 2025: district).") var level: String
            @Option(help: "The unit it belongs to, by code.") var parent: String?

            func run() async throws {
                let unit = CityUnit(id: id, name: name, level: level, parent: parent)
                try await database.with { try await $0.addUnit(unit) }
                print("Added unit \(unit.id) (\(unit.name), \(unit.level)).")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the units.")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                for unit in try await database.with({ try await $0.units() }) {
                    print("\(unit.id)\t\(unit.level)\t\(unit.name)\(unit.parent.map { "\tin \($0)" } ?? "")")
                }
            }
        }
    }

    struct HallCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hall", abstract: "The halls that forward to the city.",
                                                        subcommands: [Add.self, List.self, Rewind.self])

        struct Rewind: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rewind",
                abstract: "Put a hall's history at the city back to one event, for a hall restored from a backup (its log names the command).",
                discussion: "The city's later events of that hall, and the configs and citizens' ratings recorded after that event, are set aside (kept, never deleted), the tickets they touched are rebuilt from the events that remain, and the hall sends its own from there. The event may be the last one the city holds (only configs and ratings are then set aside). docs/CITY.md, \"A hall restored from a backup\".")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The hall, by code.") var id: String
            @Option(help: "The last event the city and the hall agree on, as the hall's log says.") var to: Int64
            @Option(help: "Set aside the ratings numbered after this one instead (0: all; the hall sends its own again), as the hall's log says.")
            var ratingsAfter: Int64?

            func run() async throws {
                let (id, to, ratingsAfter) = (self.id, self.to, self.ratingsAfter)
                let setAside = try await database.with { try await $0.rewind(hall: id, to: to, ratingsAfter: ratingsAfter) }
                print(setAside == (0, 0, 0)
                      ? "The city holds nothing of \(id) after event \(to); nothing changed."
                      : "Set aside \(setAside.events) events, \(setAside.ratings) citizens' ratings and \(setAside.configs) configs of \(id) after event \(to); the hall sends its own from there.")
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a hall and write its key file, for the hall's [city] section.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "Its code: a-z, 0-9 and -, e.g. phuong-ba-dinh.") var id: String
            @Option(help: "Its name.") var name: String
            @Option(help: "Its administrative unit, by code.") var unit: String
            @Option(help: "Write the hall's key file here (mode 0600); copy it to the hall's box.") var keyOut: String

            func run() async throws {
                let (id, name, unit) = (self.id, self.name, self.unit)
                let key = try await database.with { try await $0.addHall(id: id, name: name, unit: unit) }
                try CityKeyFile(hall: id, key: key).write(path: keyOut)
                print("Added hall \(id) (\(name)) in \(unit). Its key file: \(keyOut)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the halls: what the city holds of each, and when each was last heard from (an idle hall checks in every minute).")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let now = Date()
                for hall in try await database.with({ try await $0.halls() }) {
                    let seen = hall.lastSeen.map { "\(ISO8601DateFormatter().string(from: $0)) (\(Self.ago(now.timeIntervalSince($0))))" } ?? "never"
                    print("\(hall.id)\t\(hall.unit)\tevents to \(hall.acked)\tlast heard from \(seen)\t\(hall.name)")
                }
            }

            /// "40 s ago", "12 min ago", "3 h ago", "2 days ago": how long a hall has been silent.
            static func ago(_ seconds: TimeInterval) -> String {
                let s = max(0, seconds)
                switch s {
                case ..<90: return "\(Int(s)) s ago"
                case ..<5_400: return "\(Int(s / 60)) min ago"
                case ..<172_800: return "\(Int(s / 3_600)) h ago"
                default: return "\(Int(s / 86_400)) days ago"
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "A report of the halls' figures for a day or a span: one hall, a unit's halls, or every hall (a roll-up).",
            discussion: "The same definitions and renderers as `queuectl report` (docs/REPORTS.md).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Read the figures from this server instead, such as a hot standby of the city database (same form as --postgres-url).")
        var postgresReadUrl: String?
        @OptionGroup var report: CityReportOptions

        func run() async throws {
            var reading = database
            if let postgresReadUrl { reading.postgresUrl = postgresReadUrl }
            let request = report.request
            let text = try await reading.with(migrate: false) { db in try await CityReportSet.render(db, request) }
            try ReportOutput.write(text, to: report.out)
        }
    }

    struct Summarize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summarize",
            abstract: "Summarise the halls' closed days, months and years now (`serve` does it every few minutes).",
            discussion: "Reports are exact without summaries (they read the tickets of the days not summarised); summaries make a month or a year fast.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Summarise the days before this one (YYYY-MM-DD). Default: each hall's today, in its own time zone.")
        var before: String?

        func validate() throws {
            if let before, CivilDay.parts(before) == nil { throw ValidationError("--before takes a day as YYYY-MM-DD, such as 2026-12-01.") }
        }

        func run() async throws {
            let before = self.before
            let written = try await database.with { try await $0.summarizeAll(before: before) }
            guard let written else {
                throw QueueError(.busy, "Another queue-city is summarising now; its summaries will be there when it is done.")
            }
            print("\(written) summaries written (hall days, months and years).")
        }
    }
}
