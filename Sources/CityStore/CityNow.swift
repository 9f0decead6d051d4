import Foundation
import PostgresNIO
import QueueCore

/// The city's live view, for its dashboard: each hall's link (when it was last heard from) and
/// its day so far, by unit and in total. "Today" is each hall's own local day at `at`, in the
/// time zone of the last config it sent. Counts are of ticket rows (a transfer opens a second
/// row); waits are from joining the queue to the first call. JSON schema "queue-city-now/1".
public struct CityNow: Codable, Equatable, Sendable {
    public var schema = "queue-city-now/1"
    /// When it was made (ms since the epoch).
    public var at: Int64
    /// The halls' time zone when they share one (else the city server's), for showing `at`.
    public var timeZone: String
    /// A hall heard from within this many seconds counts as online (an idle hall checks in every minute).
    public var onlineWithin: Int
    public var halls: [Hall]
    public var units: [Unit]
    public var total: Today

    public struct Today: Codable, Equatable, Sendable {
        public var tickets = 0
        public var served = 0
        /// Not called yet.
        public var waiting = 0
        /// Called and not finished.
        public var atCounter = 0
        public var called = 0
        /// Mean wait of the rows called today, seconds; nil when none was.
        public var meanWait: Double?
        /// How long the citizen waiting longest had waited at the hall's last event the city
        /// holds (by the hall's clock), seconds.
        public var longestWaiting: Double?
        var waitSum: Int64 = 0

        mutating func add(_ o: Today) {
            tickets += o.tickets
            served += o.served
            waiting += o.waiting
            atCounter += o.atCounter
            called += o.called
            waitSum += o.waitSum
            meanWait = called == 0 ? nil : Double(waitSum) / Double(called) / 1000
            if let l = o.longestWaiting { longestWaiting = max(longestWaiting ?? l, l) }
        }

        enum CodingKeys: String, CodingKey { case tickets, served, waiting, atCounter, called, meanWait, longestWaiting }
    }

    public struct Hall: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var unit: String
        /// Its local day at `at`.
        public var day: String
        /// When it last sent or checked in (ms); nil: never.
        public var lastSeen: Int64?
        public var online: Bool
        public var today: Today
    }

    public struct Unit: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var level: String
        public var halls: Int
        public var online: Int
        public var today: Today
    }

    /// Halls not heard from within `onlineWithin`, the longest silent (or never heard from) first.
    public var silent: [Hall] {
        halls.filter { !$0.online }.sorted { ($0.lastSeen ?? .min, $0.id) < ($1.lastSeen ?? .min, $1.id) }
    }
}

extension CityDatabase {
    /// The live view at `at`.
    public func now(at: Date = Date(), onlineWithin: Int = 180) async throws -> CityNow {
        do {
            let halls = try await halls()
            let units = try await units()
            let configs = try await recordedConfigs(halls: halls.map(\.id))
            let known = halls.map { configs[$0.id]?.last.flatMap { TimeZone(identifier: $0.config.hall.timeZone) } }
            let distinct = Set(known.compactMap { $0?.identifier })
            let shared = distinct.count == 1 ? TimeZone(identifier: distinct.first!) ?? .current : .current
            let days = known.map { LocalTime(at, in: $0 ?? shared).day }
            let now = at.milliseconds
            var today: [String: CityNow.Today] = [:]
            for try await (hall, tickets, served, waiting, atCounter, called, waitSum, oldest, latest) in try await client.query("""
                SELECT x.h, count(*), count(*) FILTER (WHERE t.outcome = 'served'),
                    count(*) FILTER (WHERE t.outcome IS NULL AND t.first_called_at IS NULL),
                    count(*) FILTER (WHERE t.outcome IS NULL AND t.first_called_at IS NOT NULL),
                    count(t.first_called_at), COALESCE(sum(t.first_called_at - t.queued_at), 0)::int8,
                    min(t.queued_at) FILTER (WHERE t.outcome IS NULL AND t.first_called_at IS NULL),
                    (SELECT e.at FROM hall_event e WHERE e.hall = x.h ORDER BY e.seq DESC LIMIT 1)
                FROM UNNEST(\(halls.map(\.id))::text[], \(days)::text[]) AS x(h, d)
                JOIN hall_ticket t ON t.hall = x.h AND t.day = x.d
                GROUP BY x.h
                """, logger: logger).decode((String, Int64, Int64, Int64, Int64, Int64, Int64, Int64?, Int64?).self) {
                var t = CityNow.Today(tickets: Int(tickets), served: Int(served), waiting: Int(waiting), atCounter: Int(atCounter), called: Int(called))
                t.waitSum = waitSum
                t.meanWait = called == 0 ? nil : Double(waitSum) / Double(called) / 1000
                if let oldest { t.longestWaiting = Double(max(0, (latest ?? now) - oldest)) / 1000 }
                today[hall] = t
            }
            let out = zip(halls, days).map { hall, day in
                let seen = hall.lastSeen.map(\.milliseconds)
                return CityNow.Hall(id: hall.id, name: hall.name, unit: hall.unit, day: day, lastSeen: seen,
                                    online: seen.map { now - $0 <= Int64(onlineWithin) * 1000 } ?? false, today: today[hall.id] ?? CityNow.Today())
            }
            var total = CityNow.Today()
            for h in out { total.add(h.today) }
            // Each unit with the halls of the units under it, as its reports count them.
            let byUnit = units.compactMap { unit -> CityNow.Unit? in
                let within = CityUnit.within(unit.id, units)
                let mine = out.filter { within.contains($0.unit) }
                guard !mine.isEmpty else { return nil }
                var t = CityNow.Today()
                for h in mine { t.add(h.today) }
                return CityNow.Unit(id: unit.id, name: unit.name, level: unit.level, halls: mine.count, online: mine.filter(\.online).count, today: t)
            }
            // The city first, then the units under it, level by level.
            let parents = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.parent) })
            func depth(_ id: String) -> Int {
                var (d, at) = (0, parents[id] ?? nil)
                while let p = at, d < units.count { d += 1; at = parents[p] ?? nil }
                return d
            }
            let ordered = byUnit.sorted { (depth($0.id), $0.id) < (depth($1.id), $1.id) }
            return CityNow(at: now, timeZone: shared.identifier, onlineWithin: onlineWithin, halls: out, units: ordered, total: total)
        } catch {
            throw failure("Reading the halls' day so far", error)
        }
    }
}
