import Foundation

/// The compact binary form of a `ReportTally`, as daily tallies are kept (`day_tally`): varints
/// (zigzag for signed values), histograms as ascending seconds stored as differences, strings
/// as UTF-8 with their length. About a tenth of the JSON's size and many times faster to read,
/// which is what lets a year's report merge ~250 days quickly. The first byte is the version.
extension ReportTally {
    static let binaryVersion: UInt8 = 1

    public func encoded() -> [UInt8] {
        var w = TallyWriter()
        w.bytes.append(Self.binaryVersion)
        w.figures(total)
        w.map(days, key: { $0.string($1) }) { w, d in w.finished(d.legs); w.finished(d.visits) }
        w.map(weekdays, key: { $0.int($1) }) { $0.figures($1) }
        w.map(services, key: { $0.string($1) }) { $0.figures($1) }
        w.map(counters, key: { $0.int($1) }) { $0.figures($1) }
        w.map(quarters, key: { $0.int($1) }) { $0.figures($1) }
        w.map(clerks, key: { $0.string($1) }) { $0.figures($1) }
        w.map(clerkDays, key: { $0.string($1) }) { w, days in w.int(days.count); for d in days.sorted() { w.string(d) } }
        w.over(over)
        w.visits(visits)
        w.map(visitWeekdays, key: { $0.int($1) }) { $0.visits($1) }
        w.map(visitQuarters, key: { $0.int($1) }) { $0.visits($1) }
        w.int(bins.count)
        for b in bins { w.int(b) }
        return w.bytes
    }

    public init(encoded bytes: [UInt8]) throws {
        var r = TallyReader(bytes: bytes)
        guard try r.byte() == Self.binaryVersion else { throw TallyReader.Bad() }
        self.init()
        total = try r.figures()
        days = try r.map({ try $0.string() }) { r in DayFigures(legs: try r.finishedFigures(), visits: try r.finishedVisits()) }
        weekdays = try r.map({ try $0.int() }) { try $0.figures() }
        services = try r.map({ try $0.string() }) { try $0.figures() }
        counters = try r.map({ try $0.int() }) { try $0.figures() }
        quarters = try r.map({ try $0.int() }) { try $0.figures() }
        clerks = try r.map({ try $0.string() }) { try $0.figures() }
        clerkDays = try r.map({ try $0.string() }) { r in Set(try (0..<r.count()).map { _ in try r.string() }) }
        over = try r.over()
        visits = try r.visits()
        visitWeekdays = try r.map({ try $0.int() }) { try $0.visits() }
        visitQuarters = try r.map({ try $0.int() }) { try $0.visits() }
        bins = try (0..<r.count()).map { _ in try r.int() }
        // What a report indexes by: weekdays 1…7, quarter hours of one day, the fixed wait bins.
        let quartersOfADay = 0..<(24 * 60 / Self.quarter)
        guard bins.count == HallReport.lastBinFrom / HallReport.binMinutes + 1, r.at == bytes.count,
              weekdays.keys.allSatisfy((1...7).contains), visitWeekdays.keys.allSatisfy((1...7).contains),
              quarters.keys.allSatisfy(quartersOfADay.contains), visitQuarters.keys.allSatisfy(quartersOfADay.contains)
        else { throw TallyReader.Bad() }
    }
}

struct TallyWriter {
    var bytes: [UInt8] = []

    mutating func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    mutating func int(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func int(_ v: Int) { int(Int64(v)) }
    mutating func optional(_ v: Int64?) {
        if let v { bytes.append(1); int(v) } else { bytes.append(0) }
    }
    mutating func double(_ v: Double) { uint(v.bitPattern) }
    mutating func optional(_ v: Double?) {
        if let v { bytes.append(1); double(v) } else { bytes.append(0) }
    }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        bytes += utf8
    }
    mutating func optional(_ s: String?) {
        if let s { bytes.append(1); string(s) } else { bytes.append(0) }
    }
    mutating func map<K: Comparable, V>(_ m: [K: V], key: (inout TallyWriter, K) -> Void, value: (inout TallyWriter, V) -> Void) {
        int(m.count)
        for k in m.keys.sorted() { key(&self, k); value(&self, m[k]!) }
    }

    mutating func histogram(_ h: SecondHistogram) {
        int(h.count)
        guard h.count > 0 else { return }
        int(h.sumMilliseconds)
        int(h.minMilliseconds ?? 0)
        int(h.maxMilliseconds ?? 0)
        int(h.seconds.count)
        var last: Int64 = 0
        for (second, n) in zip(h.seconds, h.secondCounts) {
            int(second - last)
            int(n)
            last = second
        }
    }

    mutating func figures(_ b: FiguresBuilder) {
        let f = b.f
        for n in [f.tickets, f.issued, f.transferredIn, f.called, f.served, f.noShow, f.transferred, f.cancelled, f.openAtClose, f.stranded, f.withinTarget.count] { int(n) }
        histogram(b.waits); histogram(b.walks); histogram(b.services); histogram(b.totals)
        int(b.serviceTargets.count)
        for t in b.serviceTargets.sorted() { int(t) }
    }

    mutating func visits(_ b: VisitFiguresBuilder) {
        let f = b.f
        for n in [f.visits, f.transferred, f.called, f.served, f.noShow, f.cancelled, f.openAtClose, f.stranded, f.withinTarget.count] { int(n) }
        histogram(b.waits); histogram(b.lowerBounds); histogram(b.times)
    }

    mutating func summary(_ s: Summary?) {
        guard let s else { bytes.append(0); return }
        bytes.append(1)
        int(s.count)
        for d in [s.mean, s.median, s.p90, s.p95, s.max, s.min] { double(d) }
    }

    mutating func finished(_ f: Figures) {
        for n in [f.tickets, f.issued, f.transferredIn, f.called, f.served, f.noShow, f.transferred, f.cancelled, f.openAtClose, f.stranded,
                  f.withinTarget.count, f.withinTarget.of] { int(n) }
        summary(f.wait); summary(f.walk); summary(f.service); summary(f.total)
        optional(f.waitTarget); optional(f.serviceTarget)
    }

    mutating func finished(_ f: VisitFigures) {
        for n in [f.visits, f.transferred, f.called, f.served, f.noShow, f.cancelled, f.openAtClose, f.stranded, f.withinTarget.count, f.withinTarget.of] { int(n) }
        summary(f.wait); summary(f.waitNeverCalled); summary(f.time)
        optional(f.meanWaitAtLeast); optional(f.waitTarget)
    }

    mutating func over(_ o: OverTargetBuilder) {
        int(o.total)
        int(o.dossiers.count)
        for d in o.dossiers {
            int(d.id); string(d.label); string(d.service); optional(d.clerk); optional(d.counter.map(Int64.init))
            int(d.start); int(d.end); double(d.ceiling)
        }
        for m in [o.services, o.clerks] { map(m, key: { $0.string($1) }) { $0.int($1.count); $0.int($1.of) } }
        map(o.hours, key: { $0.int($1) }) { $0.int($1.count); $0.int($1.of) }
    }
}

struct TallyReader {
    struct Bad: Error {}
    let bytes: [UInt8]
    var at = 0

    mutating func byte() throws -> UInt8 {
        guard at < bytes.count else { throw Bad() }
        defer { at += 1 }
        return bytes[at]
    }
    mutating func uint() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
            guard shift < 64 else { throw Bad() }
        }
    }
    mutating func int64() throws -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }
    mutating func int() throws -> Int { Int(try int64()) }
    /// A number of elements to follow: never negative, never more than the bytes left (each takes one at least).
    mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count - at else { throw Bad() }
        return n
    }
    mutating func double() throws -> Double { Double(bitPattern: try uint()) }
    mutating func optionalInt() throws -> Int64? { try byte() == 1 ? try int64() : nil }
    mutating func optionalDouble() throws -> Double? { try byte() == 1 ? try double() : nil }
    mutating func string() throws -> String {
        let n = try count()
        defer { at += n }
        return String(decoding: bytes[at..<at + n], as: UTF8.self)
    }
    mutating func optionalString() throws -> String? { try byte() == 1 ? try string() : nil }
    mutating func map<K: Hashable, V>(_ key: (inout TallyReader) throws -> K, _ value: (inout TallyReader) throws -> V) throws -> [K: V] {
        let n = try count()
        var m: [K: V] = [:]
        m.reserveCapacity(n)
        for _ in 0..<n { let k = try key(&self); m[k] = try value(&self) }
        return m
    }

    mutating func histogram() throws -> SecondHistogram {
        let count = try int()
        guard count > 0 else {
            guard count == 0 else { throw Bad() }
            return SecondHistogram()
        }
        let sum = try int64(), least = try int64(), most = try int64()
        let n = try self.count()
        guard n > 0, n <= count, least <= most else { throw Bad() }
        var seconds: [Int64] = [], counts: [Int] = []
        seconds.reserveCapacity(n)
        counts.reserveCapacity(n)
        var second: Int64 = 0, total = 0
        for i in 0..<n {
            let step = try int64()
            let (next, overflow) = second.addingReportingOverflow(step)
            guard i == 0 || step > 0, !overflow else { throw Bad() }
            second = next
            let k = try int()
            guard k > 0, k <= count - total else { throw Bad() }
            total += k
            seconds.append(second)
            counts.append(k)
        }
        // The counts must add up: percentiles walk them to the last rank.
        guard total == count else { throw Bad() }
        return SecondHistogram(seconds: seconds, secondCounts: counts, count: count, sumMilliseconds: sum, minMilliseconds: least, maxMilliseconds: most)
    }

    mutating func figures() throws -> FiguresBuilder {
        var b = FiguresBuilder()
        let n = try (0..<11).map { _ in try int() }
        b.f.tickets = n[0]; b.f.issued = n[1]; b.f.transferredIn = n[2]; b.f.called = n[3]; b.f.served = n[4]; b.f.noShow = n[5]
        b.f.transferred = n[6]; b.f.cancelled = n[7]; b.f.openAtClose = n[8]; b.f.stranded = n[9]; b.f.withinTarget.count = n[10]
        b.waits = try histogram(); b.walks = try histogram(); b.services = try histogram(); b.totals = try histogram()
        b.serviceTargets = Set(try (0..<self.count()).map { _ in try int64() })
        return b
    }

    mutating func visits() throws -> VisitFiguresBuilder {
        var b = VisitFiguresBuilder()
        let n = try (0..<9).map { _ in try int() }
        b.f.visits = n[0]; b.f.transferred = n[1]; b.f.called = n[2]; b.f.served = n[3]; b.f.noShow = n[4]
        b.f.cancelled = n[5]; b.f.openAtClose = n[6]; b.f.stranded = n[7]; b.f.withinTarget.count = n[8]
        b.waits = try histogram(); b.lowerBounds = try histogram(); b.times = try histogram()
        return b
    }

    mutating func summary() throws -> Summary? {
        guard try byte() == 1 else { return nil }
        let count = try int()
        let d = try (0..<6).map { _ in try double() }
        return Summary(count: count, mean: d[0], median: d[1], p90: d[2], p95: d[3], max: d[4], min: d[5])
    }

    mutating func finishedFigures() throws -> Figures {
        var f = Figures()
        let n = try (0..<12).map { _ in try int() }
        f.tickets = n[0]; f.issued = n[1]; f.transferredIn = n[2]; f.called = n[3]; f.served = n[4]; f.noShow = n[5]
        f.transferred = n[6]; f.cancelled = n[7]; f.openAtClose = n[8]; f.stranded = n[9]; f.withinTarget = Share(count: n[10], of: n[11])
        f.wait = try summary(); f.walk = try summary(); f.service = try summary(); f.total = try summary()
        f.waitTarget = try optionalDouble(); f.serviceTarget = try optionalDouble()
        return f
    }

    mutating func finishedVisits() throws -> VisitFigures {
        var f = VisitFigures()
        let n = try (0..<10).map { _ in try int() }
        f.visits = n[0]; f.transferred = n[1]; f.called = n[2]; f.served = n[3]; f.noShow = n[4]
        f.cancelled = n[5]; f.openAtClose = n[6]; f.stranded = n[7]; f.withinTarget = Share(count: n[8], of: n[9])
        f.wait = try summary(); f.waitNeverCalled = try summary(); f.time = try summary()
        f.meanWaitAtLeast = try optionalDouble(); f.waitTarget = try optionalDouble()
        return f
    }

    mutating func over() throws -> OverTargetBuilder {
        var o = OverTargetBuilder()
        o.total = try int()
        o.dossiers = try (0..<count()).map { _ in
            let id = try int64(), label = try string(), service = try string(), clerk = try optionalString(), counter = try optionalInt()
            let start = try int64(), end = try int64(), ceiling = try double()
            guard !end.subtractingReportingOverflow(start).overflow else { throw Bad() }
            return OverTarget.Dossier(id: id, label: label, service: service, clerk: clerk, counter: counter.map(Int.init), start: start, end: end,
                                      duration: Double(end - start) / 1000, ceiling: ceiling)
        }
        let tally: (inout TallyReader) throws -> OverTargetBuilder.Tally = { r in OverTargetBuilder.Tally(count: try r.int(), of: try r.int()) }
        o.services = try map({ try $0.string() }, tally)
        o.clerks = try map({ try $0.string() }, tally)
        o.hours = try map({ try $0.int() }, tally)
        return o
    }
}
