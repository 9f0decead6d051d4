import ArgumentParser
import Foundation
import QueueClient
import QueueConfig
import QueueCore
import QueueReports
import QueueStore
import QueueWire

/// Where report and export rows come from: database files read directly (`--db`, repeatable for
/// a roll-up; each hall's config from `--config` in the same order, else hall.toml beside the
/// database, else the embedded sample hall), or the coordinator over the wire (manager key).
struct ReportSource: ParsableArguments {
    @Option(help: "A coordinator's database file (queue.sqlite); repeat for a roll-up of several halls. Without it, the coordinator is asked over the network.")
    var db: [String] = []

    @Option(help: "The hall config of each --db, in the same order. Default: hall.toml beside the database, else the sample hall.")
    var config: [String] = []

    @OptionGroup var connection: ConnectionOptions

    /// One hall's rows and config.
    struct Hall {
        var tickets: [Ticket]
        var config: HallConfig
        /// Where the rows came from, for messages.
        var origin: String
    }

    func validate() throws {
        if !config.isEmpty && config.count != db.count {
            throw ValidationError("Give one --config per --db, in the same order (or none: hall.toml beside each database is used).")
        }
    }

    /// The rows reports read: from a database file, only the columns they need (a year in
    /// about a second); over the network, the full tickets.
    func reportHalls(from: String, to: String) async throws -> [(rows: [ReportTicket], config: HallConfig, origin: String)] {
        if db.isEmpty {
            let hall = try await overTheWire(from: from, to: to)
            return [(hall.tickets.map(ReportTicket.init), hall.config, hall.origin)]
        }
        return try db.enumerated().map { i, path in
            let hallConfig = try Self.config(for: path, given: config.isEmpty ? nil : config[i])
            let rows = try ReportReader(path: path).ticketTimes(from: from, to: to)
            return (rows, hallConfig, path)
        }
    }

    func halls(from: String, to: String) async throws -> [Hall] {
        if db.isEmpty { return [try await overTheWire(from: from, to: to)] }
        return try db.enumerated().map { i, path in
            let hallConfig = try Self.config(for: path, given: config.isEmpty ? nil : config[i])
            let reader = try ReportReader(path: path)
            return Hall(tickets: try reader.tickets(from: from, to: to), config: hallConfig, origin: path)
        }
    }

    static func config(for database: String, given: String?) throws -> HallConfig {
        do {
            if let given { return try HallConfigLoader.load(path: given) }
            let beside = ((database as NSString).deletingLastPathComponent as NSString).appendingPathComponent("hall.toml")
            if FileManager.default.fileExists(atPath: beside) { return try HallConfigLoader.load(path: beside) }
        } catch let error as ConfigError {
            throw QueueError("config", error.description)
        }
        FileHandle.standardError.write(Data("queuectl: no --config and no hall.toml beside \(database); using the sample hall's services and targets.\n".utf8))
        return HallConfigLoader.defaultHall()
    }

    func overTheWire(from: String, to: String) async throws -> Hall {
        let address = try await connection.address()
        let connection = try await QueueConnection.connect(to: address, key: try connection.key())
        defer { Task { await connection.close() } }
        guard let config = try await connection.send(.status).state?.config else {
            throw QueueError("report", "The coordinator at \(address) sent no hall config.")
        }
        var tickets: [Ticket] = []
        var after: Int64 = 0
        while true {
            let page = try await connection.send(.tickets(from: from, to: to, after: after)).tickets ?? []
            tickets += page
            guard let last = page.last else { break }
            after = last.id
        }
        return Hall(tickets: tickets, config: config, origin: "the coordinator at \(address)")
    }
}

/// The day or span a report or export covers.
struct DayRange: ParsableArguments {
    @Option(help: "One local day, YYYY-MM-DD.") var date: String?
    @Option(help: "First local day of a span, YYYY-MM-DD.") var from: String?
    @Option(help: "Last local day of a span, YYYY-MM-DD (inclusive).") var to: String?

    func validate() throws {
        for (name, value) in [("--date", date), ("--from", from), ("--to", to)] {
            if let value, !Self.isDay(value) {
                throw ValidationError("\(name) \(value) is not a day; write it as YYYY-MM-DD, e.g. 2026-11-30.")
            }
        }
        if date != nil && (from != nil || to != nil) { throw ValidationError("Give --date for one day, or --from and --to for a span, not both.") }
        if date == nil && (from == nil || to == nil) { throw ValidationError("Give --date D, or both --from D and --to D.") }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to).") }
    }

    var span: (from: String, to: String) { date.map { ($0, $0) } ?? (from!, to!) }

    static func isDay(_ text: String) -> Bool {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        guard text.count == 10, let d = f.date(from: text) else { return false }
        return f.string(from: d) == text
    }

    func describe() -> String { span.from == span.to ? "on \(span.from)" : "from \(span.from) to \(span.to)" }
}

/// Writes a rendered report or export to --out, or to standard output.
enum ReportOutput {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw QueueError("output", "Cannot write \(path): \(error.localizedDescription). Check the folder exists and is writable.")
        }
        FileHandle.standardError.write(Data("queuectl: wrote \(path)\n".utf8))
    }

    /// Runs `body`, printing a `QueueError` as one sentence and exiting 1.
    static func guarded(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let error as QueueError {
            FileHandle.standardError.write(Data("queuectl: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
