/// Durations counted per whole second (a duration of 61,999 ms is in second 61), with their exact
/// sum, least and greatest in milliseconds: what a day keeps of its waits and service times so a
/// long span need not read every row again. Histograms of days merge exactly (counts add), and a
/// nearest-rank percentile of the merged counts is the rows' own percentile cut to the second.
/// The seconds are kept ascending in an array, so merging is one pass over both and reading one
/// back from its binary form appends (`TallyCoding`).
public struct SecondHistogram: Codable, Equatable, Sendable {
    /// The whole seconds holding any duration, ascending, and how many durations each holds.
    public private(set) var seconds: [Int64] = []
    public private(set) var secondCounts: [Int] = []
    public private(set) var count = 0
    public private(set) var sumMilliseconds: Int64 = 0
    public private(set) var minMilliseconds: Int64?
    public private(set) var maxMilliseconds: Int64?

    public init() {}

    /// A histogram read back (`TallyCoding`): `seconds` ascending, `secondCounts` adding up to `count`.
    init(seconds: [Int64], secondCounts: [Int], count: Int, sumMilliseconds: Int64, minMilliseconds: Int64?, maxMilliseconds: Int64?) {
        self.seconds = seconds
        self.secondCounts = secondCounts
        self.count = count
        self.sumMilliseconds = sumMilliseconds
        self.minMilliseconds = minMilliseconds
        self.maxMilliseconds = maxMilliseconds
    }

    public mutating func add(milliseconds ms: Int64) {
        let second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        // Durations mostly arrive near the top: look from the end first.
        if let last = seconds.last, last < second {
            seconds.append(second)
            secondCounts.append(1)
        } else {
            var low = 0, high = seconds.count
            while low < high {
                let mid = (low + high) / 2
                if seconds[mid] < second { low = mid + 1 } else { high = mid }
            }
            if low < seconds.count, seconds[low] == second {
                secondCounts[low] += 1
            } else {
                seconds.insert(second, at: low)
                secondCounts.insert(1, at: low)
            }
        }
        count += 1
        sumMilliseconds += ms
        minMilliseconds = Swift.min(minMilliseconds ?? ms, ms)
        maxMilliseconds = Swift.max(maxMilliseconds ?? ms, ms)
    }

    public mutating func merge(_ other: SecondHistogram) {
        guard other.count > 0 else { return }
        if count == 0 {
            self = other
            return
        }
        var s: [Int64] = [], c: [Int] = []
        s.reserveCapacity(seconds.count + other.seconds.count)
        c.reserveCapacity(seconds.count + other.seconds.count)
        var i = 0, j = 0
        while i < seconds.count || j < other.seconds.count {
            if j == other.seconds.count || (i < seconds.count && seconds[i] < other.seconds[j]) {
                s.append(seconds[i]); c.append(secondCounts[i]); i += 1
            } else if i == seconds.count || other.seconds[j] < seconds[i] {
                s.append(other.seconds[j]); c.append(other.secondCounts[j]); j += 1
            } else {
                s.append(seconds[i]); c.append(secondCounts[i] + other.secondCounts[j]); i += 1; j += 1
            }
        }
        seconds = s
        secondCounts = c
        count += other.count
        sumMilliseconds += other.sumMilliseconds
        if let m = other.minMilliseconds { minMilliseconds = Swift.min(minMilliseconds ?? m, m) }
        if let m = other.maxMilliseconds { maxMilliseconds = Swift.max(maxMilliseconds ?? m, m) }
    }

    /// The whole second holding the value at rank ⌈percent·n/100⌉ (as `Summary.nearestRank`);
    /// nil when empty.
    public func percentileSecond(_ percent: Int) -> Int64? {
        count == 0 ? nil : percentileSeconds([percent])[0]
    }

    /// Several nearest-rank percentiles in one pass over the seconds (`percents` ascending; the
    /// histogram must not be empty).
    public func percentileSeconds(_ percents: [Int]) -> [Int64] {
        let ranks = percents.map { Swift.max(1, Swift.min(count, ($0 * count + 99) / 100)) }
        var out: [Int64] = []
        out.reserveCapacity(ranks.count)
        var seen = 0
        for (second, n) in zip(seconds, secondCounts) {
            seen += n
            while out.count < ranks.count, seen >= ranks[out.count] { out.append(second) }
            if out.count == ranks.count { break }
        }
        return out
    }

    /// Mean in seconds to the millisecond, as `Summary.mean` computes it from the rows.
    public var mean: Double? { count == 0 ? nil : Double(sumMilliseconds) / Double(count) / 1000 }
}

/// One (day, service, clerk, counter) of a closed day: how many rows, how many served, and the
/// one-second histograms of the legs' waits (joining the queue to the first call) and service
/// times (start to end). Rows never called have no clerk ("") and no counter (0).
public struct DaySummaryLine: Codable, Equatable, Sendable {
    public var day: String
    public var service: String
    public var clerk: String
    public var counter: Int
    public var tickets = 0
    public var served = 0
    public var waits = SecondHistogram()
    public var serviceTimes = SecondHistogram()

    public init(day: String, service: String, clerk: String, counter: Int) {
        self.day = day
        self.service = service
        self.clerk = clerk
        self.counter = counter
    }

    /// The lines of these rows, in (day, service, clerk, counter) order.
    public static func make(_ rows: [ReportTicket]) -> [DaySummaryLine] {
        struct Key: Hashable { var day: String, service: String, clerk: String, counter: Int }
        var lines: [Key: DaySummaryLine] = [:]
        for r in rows {
            let key = Key(day: r.day, service: r.service, clerk: r.clerk ?? "", counter: r.counter ?? 0)
            var line = lines[key] ?? DaySummaryLine(day: key.day, service: key.service, clerk: key.clerk, counter: key.counter)
            line.tickets += 1
            if r.outcome == .served { line.served += 1 }
            if let called = r.firstCalledAt { line.waits.add(milliseconds: called - r.queuedAt) }
            if let start = r.serviceStartedAt, let end = r.serviceEndedAt { line.serviceTimes.add(milliseconds: end - start) }
            lines[key] = line
        }
        return lines.values.sorted { ($0.day, $0.service, $0.clerk, $0.counter) < ($1.day, $1.service, $1.clerk, $1.counter) }
    }
}
