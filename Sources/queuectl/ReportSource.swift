import ArgumentParser
import DeviceOptions
import Foundation
import QueueClient
import QueueConfig
import QueueCore
import QueueReports
import QueueStore
import QueueWire
import ReportStore

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
        /// When each cancelled ticket was cancelled, ms.
        var cancelledAt: [Int64: Int64] = [:]

        var reportRows: [ReportTicket] {
            tickets.map { t in
                var r = ReportTicket(t)
                r.endedAt = cancelledAt[t.id]
                return r
            }
        }
    }

    func validate() throws {
        if !config.isEmpty && config.count != db.count {
            throw ValidationError("Give one --config per --db, in the same order (or none: hall.toml beside each database is used).")
        }
    }

    /// One hall's report inputs: its rows, the config they are measured against, the context
    /// (year to date, last year's handling) and its identity.
    struct ReportHall {
        /// The span counted: the daily tallies of the summarised days and the other days' rows.
        var tally: ReportTally
        var config: HallConfig
        var origin: String
        var data: ReportData?
        var hallId: String?
    }

    /// What reports read from database files: only the columns they need, the clerks' year to
    /// date and last year's handling times, and the config each hall recorded. (Over the network
    /// the coordinator makes the report: `reportOverTheWire`.)
    func reportHalls(from: String, to: String) async throws -> [ReportHall] {
        let given = try config.map { try Self.config(for: "", given: $0, recorded: nil) }
        let halls = try db.enumerated().map { i, path -> ReportHall in
            // A config given on the command line measures every row against it; otherwise each
            // day is counted against its own recorded config (the summarised days in their tallies).
            var data = try Self.reading(path) { try ReportReader(path: path).reportData(from: from, to: to, summaries: given.isEmpty) }
            if !given.isEmpty { data.dayConfigs = [:] }
            let hallConfig = try given.isEmpty ? Self.config(for: path, given: nil, recorded: data.recordedConfig) : given[i]
            return ReportHall(tally: data.tally(config: hallConfig, now: nil), config: hallConfig, origin: path, data: data, hallId: data.hallId)
        }
        var seen: [String: String] = [:]
        for h in halls {
            guard let id = h.hallId else { continue }
            if let first = seen[id] {
                throw QueueError(.badData, "\(first) and \(h.origin) are the same hall (\(h.config.hall.name), id \(id)): the same database or a copy of it. Give each hall once.")
            }
            seen[id] = h.origin
        }
        return halls
    }

    func halls(from: String, to: String) async throws -> [Hall] {
        if db.isEmpty { return [try await overTheWire(from: from, to: to)] }
        let given = try config.map { try Self.config(for: "", given: $0, recorded: nil) }
        return try db.enumerated().map { i, path in
            let (tickets, recorded) = try Self.reading(path) { () -> ([Ticket], HallConfig?) in
                let reader = try ReportReader(path: path)
                return (try reader.tickets(from: from, to: to), try reader.recordedConfig(from: from, to: to))
            }
            let hallConfig = try given.isEmpty ? Self.config(for: path, given: nil, recorded: recorded) : given[i]
            return Hall(tickets: tickets, config: hallConfig, origin: path)
        }
    }

    /// Reads a --db file: one that cannot be read as a coordinator's database is bad data (exit
    /// 65), not the coordinator's "storage" trouble (75, try again later).
    static func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as QueueError where error.code == .storage {
            throw QueueError(.badData, error.message)
        }
    }

    /// The config a --db is measured against: --config when given, else the one the database
    /// recorded for the span, else hall.toml beside it, else the sample hall (with a warning).
    static func config(for database: String, given: String?, recorded: HallConfig?) throws -> HallConfig {
        do {
            if let given {
                try Queuectl.CheckConfig.guarded(given)
                return try HallConfigLoader.load(path: given)
            }
            if let recorded { return recorded }
            let beside = ((database as NSString).deletingLastPathComponent as NSString).appendingPathComponent("hall.toml")
            if FileManager.default.fileExists(atPath: beside) {
                try Queuectl.CheckConfig.guarded(beside)
                return try HallConfigLoader.load(path: beside)
            }
        } catch let error as ConfigError {
            throw QueueError(.config, error.description)
        }
        FileHandle.standardError.write(Data("queuectl: \(database) recorded no hall config (a coordinator older than this one), and there is no --config or hall.toml beside it; using the sample hall's services and targets.\n".utf8))
        return HallConfigLoader.defaultHall()
    }

    /// The report of `from…to` as the coordinator computes it (the `report` op): one request,
    /// one reply, whatever the span.
    func reportOverTheWire(from: String, to: String, interval: Int, baseline: Baseline?) async throws -> HallReport {
        let address = try await device.settings.locate()
        let connection = try await QueueConnection.connect(to: address, key: try device.settings.key())
        defer { Task { await connection.close() } }
        let reply: Reply
        do {
            reply = try await connection.send(.report(from: from, to: to, interval: interval == 60 ? nil : interval, baseline: baseline?.meanService))
        } catch let error as QueueError where error.code == .noTickets {
            throw QueueError(.noTickets, "No tickets recorded \(from == to ? "on \(from)" : "from \(from) to \(to)") at the coordinator at \(address); is that a working day?")
        }
        guard case .report(let report) = reply else {
            throw QueueError(.report, "The coordinator at \(address) sent no report; is it older than this queuectl?")
        }
        do { return try report.decode(HallReport.self) } catch {
            throw QueueError(.report, "The coordinator at \(address) sent a report this queuectl cannot read (\(error)); are they the same version?")
        }
    }

    func overTheWire(from: String, to: String) async throws -> Hall {
        let address = try await device.settings.locate()
        let connection = try await QueueConnection.connect(to: address, key: try device.settings.key())
        defer { Task { await connection.close() } }
        guard let config = try await connection.send(.status).state?.config else {
            throw QueueError(.report, "The coordinator at \(address) sent no hall config.")
        }
        var tickets: [Ticket] = []
        var cancelledAt: [Int64: Int64] = [:]
        var after: Int64 = 0
        while true {
            guard case .tickets(let page, let cancelled) = try await connection.send(.tickets(from: from, to: to, after: after)) else {
                throw QueueError(.report, "The coordinator at \(address) sent no ticket rows.")
            }
            tickets += page
            for (id, at) in cancelled { if let id = Int64(id) { cancelledAt[id] = at } }
            guard let last = page.last else { break }
            after = last.id
        }
        return Hall(tickets: tickets, config: config, origin: "the coordinator at \(address)", cancelledAt: cancelledAt)
    }
}
