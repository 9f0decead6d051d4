import ArgumentParser
import DeviceOptions
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

    /// Where the coordinator is and which key, without --json: reports and exports choose JSON
    /// with --format json.
    @OptionGroup var device: DeviceOptions

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
            let rows = try Self.reading(path) { try ReportReader(path: path).ticketTimes(from: from, to: to) }
            return (rows, hallConfig, path)
        }
    }

    func halls(from: String, to: String) async throws -> [Hall] {
        if db.isEmpty { return [try await overTheWire(from: from, to: to)] }
        return try db.enumerated().map { i, path in
            let hallConfig = try Self.config(for: path, given: config.isEmpty ? nil : config[i])
            let tickets = try Self.reading(path) { try ReportReader(path: path).tickets(from: from, to: to) }
            return Hall(tickets: tickets, config: hallConfig, origin: path)
        }
    }

    /// Reads a --db file: one that cannot be read as a coordinator's database is bad data (exit
    /// 65), not the coordinator's "storage" trouble (75, try again later).
    static func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as QueueError where error.code == "storage" {
            throw QueueError("bad-data", error.message)
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
        let address = try await device.settings.locate()
        let connection = try await QueueConnection.connect(to: address, key: try device.settings.key())
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
}
