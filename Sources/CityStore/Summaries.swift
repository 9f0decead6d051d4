import Foundation
import PostgresNIO
import QueueCore
import QueueReports

/// The city's summaries: each hall's roll-up tally (`ReportTally.forRollup`) of a closed day, a
/// whole month and a whole year, so a city's year is read as one summary per hall instead of
/// every ticket. A summary is used only while it is fresh: no day inside it was changed by a
/// batch after it was made (`hall_day.changed` ≤ `hall_summary.covers`). Anything else is counted
/// from the tickets at read time, so a report is exact however far behind the summaries are.
extension CityDatabase {
    /// Summarises every hall's closed days: those before its own today (in the time zone of the
    /// last config it sent, at `now`), or before `before` when given. One instance at a time (an
    /// advisory lock): nil when another holds it. Else how many summaries it wrote.
    public func summarizeAll(before: String? = nil, now: Date = Date()) async throws -> Int? {
        do {
            return try await client.withConnection { c in
                var locked = false
                for try await got in try await c.query("SELECT pg_try_advisory_lock(5741)", logger: self.logger).decode(Bool.self) { locked = got }
                guard locked else { return nil }
                do {
                    let halls = try await self.halls().map(\.id)
                    let configs = try await self.recordedConfigs(halls: halls)
                    var written = 0
                    for hall in halls {
                        guard let zone = configs[hall]?.last.flatMap({ TimeZone(identifier: $0.config.hall.timeZone) }) else { continue }
                        written += try await self.summarize(hall: hall, before: before ?? LocalTime(now, in: zone).day)
                    }
                    try await c.query("SELECT pg_advisory_unlock(5741)", logger: self.logger)
                    return written
                } catch {
                    _ = try? await c.query("SELECT pg_advisory_unlock(5741)", logger: self.logger)
                    throw error
                }
            }
        } catch {
            throw failure("Summarising the halls' days", error)
        }
    }

    /// Brings `hall`'s summaries up to date for the days before `before` (its first day not yet
    /// closed): each changed day from its tickets, then each whole month and year from its parts.
    /// Returns how many summaries it wrote.
    public func summarize(hall: String, before: String) async throws -> Int {
        do {
            // The marks are read before the configs and the tickets: a batch stored in between
            // leaves a newer mark than the summary covers, and the day is made again next time.
            var stale: [String: Int64] = [:]
            for try await (day, changed) in try await client.query("""
                SELECT d.day, d.changed FROM hall_day d
                LEFT JOIN hall_summary s ON s.hall = d.hall AND s.first_day = d.day AND s.last_day = d.day
                WHERE d.hall = \(hall) AND d.day < \(before) AND (s.covers IS NULL OR s.covers < d.changed)
                """, logger: logger).decode((String, Int64).self) { stale[day] = changed }
            let configs = try await recordedConfigs(hall: hall)
            var written = 0
            // A month at a time, so a hall's whole history (after an upgrade drops the summaries)
            // is never held at once. A day the hall has sent no config for stays stale until it
            // has one; a day left with no tickets (after a rewind) is summarised empty.
            for month in Set(stale.keys.compactMap { DaySpan.enclosing($0)?.month }).sorted(by: { $0.first < $1.first }) where !configs.isEmpty {
                var counted: [String: (tally: ReportTally, lastIssued: Int64?)] = [:]
                for (day, rows) in try await ticketDays(hall: hall, from: month.first, to: month.last) where stale[day] != nil {
                    counted[day] = Self.dayTally(rows, configs: configs)
                }
                for (day, mark) in stale where day >= month.first && day <= month.last {
                    let t = counted[day] ?? (ReportTally(), nil)
                    try await store(DaySpan(day, day), hall: hall, covers: mark, lastIssued: t.lastIssued, tally: t.tally)
                    written += 1
                }
            }
            for span in try await staleWholeSpans(hall: hall, before: before, months: true) where try await build(span, hall: hall) { written += 1 }
            for span in try await staleWholeSpans(hall: hall, before: before, months: false) where try await build(span, hall: hall) { written += 1 }
            return written
        } catch {
            throw failure("Summarising \(hall)'s days", error)
        }
    }

    /// Each hall's roll-up tally of `from…to`, in the order of `halls`, with the config in force
    /// at the span's end (nil: the hall has sent none): fresh summaries where they cover the span,
    /// tickets for the days they do not. Handed over one hall at a time, so a city's halls are
    /// never all held at once.
    public func rollupTallies(halls: [String], from: String, to: String,
                              each: (_ hall: String, _ tally: ReportTally, _ config: HallConfig?) async throws -> Void) async throws {
        let configs: [String: [(since: Int64, config: HallConfig)]]
        var summaries: [Int: [DaySpan]] = [:], ticketDays: [Int: [String]] = [:]
        do {
            configs = try await recordedConfigs(halls: halls)
            // Largest spans first; a stale one is looked at again as its parts.
            var todo = halls.indices.flatMap { i in DaySpan.pieces(from: from, to: to).map { (i, $0) } }
            while !todo.isEmpty {
                var next: [(Int, DaySpan)] = []
                for (i, span, covers, mark) in try await status(todo, halls: halls) {
                    guard let mark else { continue }
                    if let covers, covers >= mark {
                        summaries[i, default: []].append(span)
                    } else if span.isDay {
                        ticketDays[i, default: []].append(span.first)
                    } else {
                        next += span.parts.map { (i, $0) }
                    }
                }
                todo = next
            }
        } catch {
            throw failure("Reading the halls' summaries", error)
        }
        // Halls a chunk at a time: the chunk's summaries are read whole (kept encoded, a few MB),
        // then each hall's other days from its tickets, so no query waits on another's
        // connection while holding one, and memory stays bounded however many halls there are.
        for chunk in stride(from: 0, to: halls.count, by: Self.hallsPerRead).map({ $0..<min($0 + Self.hallsPerRead, halls.count) }) {
            let chosen = chunk.flatMap { i in (summaries[i] ?? []).map { (i, $0) } }
            var read: [Int: [(last: String, issued: Int64?, bytes: ByteBuffer)]] = [:]
            do {
                for try await (i, last, issued, bytes) in try await client.query("""
                    SELECT t.i, s.last_day, s.last_issued, s.tally
                    FROM UNNEST(\(chosen.map { Int64($0.0) })::int8[], \(chosen.map(\.1.first))::text[], \(chosen.map(\.1.last))::text[]) AS t(i, f, l)
                    JOIN hall_summary s ON s.hall = (\(halls)::text[])[t.i + 1] AND s.first_day = t.f AND s.last_day = t.l
                    ORDER BY t.i, t.f
                    """, logger: logger).decode((Int64, String, Int64?, ByteBuffer).self) {
                    read[Int(i), default: []].append((last, issued, bytes))
                }
            } catch {
                throw failure("Reading the halls' summaries", error)
            }
            for i in chunk {
                var tally = ReportTally(), last: (day: String, issued: Int64)?
                for piece in read[i] ?? [] {
                    tally.merge(try ReportTally(encoded: Array(buffer: piece.bytes)))
                    if let issued = piece.issued { last = (piece.last, issued) }
                }
                read[i] = nil
                if let days = ticketDays[i] {
                    let wanted = Set(days)
                    do {
                        for (day, rows) in try await self.ticketDays(hall: halls[i], from: days.min()!, to: days.max()!) where wanted.contains(day) {
                            guard let counted = Self.dayTally(rows, configs: configs[halls[i]] ?? []) else { continue }
                            tally.merge(counted.tally)
                            if let issued = counted.lastIssued, day >= last?.day ?? "" { last = (day, issued) }
                        }
                    } catch {
                        throw failure("Reading \(halls[i])'s tickets", error)
                    }
                }
                try await each(halls[i], tally, ConfigInForce.at(last?.issued, among: configs[halls[i]] ?? []))
            }
        }
    }

    /// Halls whose summaries one read fetches.
    static let hallsPerRead = 50

    /// For each (hall index, span): the highest mark its summary covers (nil: none) and the
    /// highest mark of its days (nil: no day in it has tickets).
    func status(_ spans: [(Int, DaySpan)], halls: [String]) async throws -> [(Int, DaySpan, Int64?, Int64?)] {
        var out: [(Int, DaySpan, Int64?, Int64?)] = []
        for try await (i, f, l, covers, mark) in try await client.query("""
            SELECT t.i, t.f, t.l, s.covers, (SELECT max(d.changed) FROM hall_day d WHERE d.hall = h.id AND d.day BETWEEN t.f AND t.l)
            FROM UNNEST(\(spans.map { Int64($0.0) })::int8[], \(spans.map(\.1.first))::text[], \(spans.map(\.1.last))::text[]) AS t(i, f, l)
            CROSS JOIN LATERAL (SELECT (\(halls)::text[])[t.i + 1] AS id) AS h
            LEFT JOIN hall_summary s ON s.hall = h.id AND s.first_day = t.f AND s.last_day = t.l
            """, logger: logger).decode((Int64, String, String, Int64?, Int64?).self) {
            out.append((Int(i), DaySpan(f, l), covers, mark))
        }
        return out
    }

    /// The whole months (or years) ending before `before` that hold changed days and whose
    /// summary is missing or older than them.
    func staleWholeSpans(hall: String, before: String, months: Bool) async throws -> [DaySpan] {
        var marks: [DaySpan: Int64] = [:]
        for try await (day, changed) in try await client.query("SELECT day, changed FROM hall_day WHERE hall = \(hall) AND day < \(before)", logger: logger)
            .decode((String, Int64).self) {
            guard let enclosing = DaySpan.enclosing(day) else { continue }
            let span = months ? enclosing.month : enclosing.year
            if span.last < before { marks[span] = max(marks[span] ?? changed, changed) }
        }
        var covered: [DaySpan: Int64] = [:]
        for try await (f, l, covers) in try await client.query("SELECT first_day, last_day, covers FROM hall_summary WHERE hall = \(hall) AND first_day <> last_day", logger: logger)
            .decode((String, String, Int64).self) { covered[DaySpan(f, l)] = covers }
        return marks.filter { span, mark in (covered[span] ?? -1) < mark }.keys.sorted { $0.first < $1.first }
    }

    /// Makes a month's summary from its days', or a year's from its months', all read in one
    /// statement; false (nothing written) when a part is not fresh yet.
    func build(_ span: DaySpan, hall: String) async throws -> Bool {
        let parts = span.parts
        var tally = ReportTally(), covers: Int64 = -1, lastIssued: Int64?
        for try await (covers0, issued, bytes, mark) in try await client.query("""
            SELECT s.covers, s.last_issued, s.tally, (SELECT max(d.changed) FROM hall_day d WHERE d.hall = \(hall) AND d.day BETWEEN t.f AND t.l)
            FROM UNNEST(\(parts.map(\.first))::text[], \(parts.map(\.last))::text[]) AS t(f, l)
            LEFT JOIN hall_summary s ON s.hall = \(hall) AND s.first_day = t.f AND s.last_day = t.l
            ORDER BY t.f
            """, logger: logger).decode((Int64?, Int64?, ByteBuffer?, Int64?).self) {
            guard let mark else { continue }
            guard let covers0, covers0 >= mark, let bytes else { return false }
            tally.merge(try ReportTally(encoded: Array(buffer: bytes)))
            covers = max(covers, mark)
            lastIssued = issued ?? lastIssued
        }
        guard covers >= 0 else { return false }
        try await store(span, hall: hall, covers: covers, lastIssued: lastIssued, tally: tally)
        return true
    }

    func store(_ span: DaySpan, hall: String, covers: Int64, lastIssued: Int64?, tally: ReportTally) async throws {
        let bytes = ByteBuffer(bytes: tally.forRollup.encoded())
        try await client.query("""
            INSERT INTO hall_summary (hall, first_day, last_day, covers, last_issued, tally)
            VALUES (\(hall), \(span.first), \(span.last), \(covers), \(lastIssued), \(bytes))
            ON CONFLICT (hall, first_day, last_day) DO UPDATE SET covers = excluded.covers, last_issued = excluded.last_issued, tally = excluded.tally
            WHERE hall_summary.covers <= excluded.covers
            """, logger: logger)
    }

    /// A day's roll-up tally against the config in force that day, and when its last ticket was
    /// issued; nil when the hall had sent no config for it.
    static func dayTally(_ rows: [ReportTicket], configs: [(since: Int64, config: HallConfig)]) -> (tally: ReportTally, lastIssued: Int64?)? {
        guard let config = ConfigInForce.at(rows.last?.issuedAt, among: configs) else { return nil }
        var tally = ReportTally()
        tally.add(rows, config: config, now: nil)
        return (tally.forRollup, rows.last?.issuedAt)
    }

    /// Every config each hall recorded, in order of `since`. One the city cannot read (stored
    /// before configs were checked) is left out with a warning, not the whole city's read.
    func recordedConfigs(halls: [String]) async throws -> [String: [(since: Int64, config: HallConfig)]] {
        var out: [String: [(since: Int64, config: HallConfig)]] = [:]
        let decoder = JSONDecoder()
        for try await (hall, since, text) in try await client.query("SELECT hall, since, config FROM hall_config WHERE hall = ANY(\(halls)) ORDER BY hall, since", logger: logger)
            .decode((String, Int64, String).self) {
            guard let config = try? decoder.decode(HallConfig.self, from: Data(text.utf8)) else {
                logger.warning("a hall config the city cannot read is left out", metadata: ["hall": "\(hall)", "since": "\(since)"])
                continue
            }
            out[hall, default: []].append((since, config))
        }
        return out
    }
}

extension CityDatabase {
    /// Stores day summaries tallied elsewhere, each day marked as changed and its summary fresh,
    /// as `summarize` would leave them. For benchmarks: a city-year of 45 million tickets cannot
    /// be forwarded event by event in a benchmark's time, but its months and years are then made,
    /// and its reports read, by the same code as a real city's.
    public func storeDaySummaries(hall: String, _ days: [(day: String, tally: ReportTally, lastIssued: Int64?)]) async throws {
        guard !days.isEmpty else { return }
        do {
            try await client.withTransaction(logger: logger) { c in
                var mark: Int64 = 0
                for try await n in try await c.query("SELECT nextval('hall_change')", logger: logger).decode(Int64.self) { mark = n }
                try await c.query("""
                    INSERT INTO hall_day (hall, day, changed) SELECT \(hall), d, \(mark) FROM UNNEST(\(days.map(\.day))::text[]) AS x(d)
                    ON CONFLICT (hall, day) DO UPDATE SET changed = excluded.changed
                    """, logger: logger)
                try await c.query("""
                    INSERT INTO hall_summary (hall, first_day, last_day, covers, last_issued, tally)
                    SELECT \(hall), d, d, \(mark), NULLIF(i, -1), t
                    FROM UNNEST(\(days.map(\.day))::text[], \(days.map { $0.lastIssued ?? -1 })::int8[],
                                \(days.map { ByteBuffer(bytes: $0.tally.forRollup.encoded()) })::bytea[]) AS x(d, i, t)
                    ON CONFLICT (hall, first_day, last_day) DO UPDATE SET covers = excluded.covers, last_issued = excluded.last_issued, tally = excluded.tally
                    """, logger: logger)
            }
        } catch {
            throw failure("Storing \(hall)'s day summaries", error)
        }
    }
}
