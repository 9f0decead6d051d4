/// Mean, median, p90, p95 and max of one measure (wait, walk, service, total) over a group of
/// tickets. Values are exact milliseconds; percentiles are nearest-rank on the group's own data,
/// never estimated: the p-th percentile of n sorted values is the value at rank ⌈p·n/100⌉.
public struct Summary: Codable, Equatable, Sendable {
    /// How many tickets had this measure.
    public var count: Int
    /// Seconds, to the millisecond.
    public var mean: Double
    public var median: Double
    public var p90: Double
    public var p95: Double
    public var max: Double
    public var min: Double

    /// Summarises millisecond durations; nil when there are none.
    public init?(milliseconds values: [Int64]) {
        guard !values.isEmpty else { return nil }
        let sorted = Self.sortedDurations(values)
        count = sorted.count
        let sum = sorted.reduce(Int64(0), +)
        mean = Double(sum) / Double(sorted.count) / 1000
        median = Double(Self.nearestRank(sorted, percent: 50)) / 1000
        p90 = Double(Self.nearestRank(sorted, percent: 90)) / 1000
        p95 = Double(Self.nearestRank(sorted, percent: 95)) / 1000
        max = Double(sorted[sorted.count - 1]) / 1000
        min = Double(sorted[0]) / 1000
    }

    /// A summary read back (`TallyCoding`).
    init(count: Int, mean: Double, median: Double, p90: Double, p95: Double, max: Double, min: Double) {
        self.count = count
        self.mean = mean
        self.median = median
        self.p90 = p90
        self.p95 = p95
        self.max = max
        self.min = min
    }

    /// From a histogram: count, mean, least and greatest exact to the millisecond; median, p90
    /// and p95 the nearest-rank values cut to the whole second (what merged daily histograms can
    /// give exactly, whatever the span).
    public init?(_ histogram: SecondHistogram) {
        guard histogram.count > 0, let least = histogram.minMilliseconds, let most = histogram.maxMilliseconds else { return nil }
        count = histogram.count
        mean = Double(histogram.sumMilliseconds) / Double(histogram.count) / 1000
        let ranks = histogram.percentileSeconds([50, 90, 95])
        median = Double(ranks[0])
        p90 = Double(ranks[1])
        p95 = Double(ranks[2])
        max = Double(most) / 1000
        min = Double(least) / 1000
    }

    /// `values` ascending. Durations in milliseconds are under 2³² (49 days), so two 16-bit
    /// radix passes sort them in linear time: a year of a busy hall is a million values per
    /// breakdown. Anything else falls back to the standard sort.
    static func sortedDurations(_ values: [Int64]) -> [Int64] {
        guard values.count > 256, values.allSatisfy({ $0 >= 0 && $0 < 1 << 32 }) else { return values.sorted() }
        var source = values
        var target = [Int64](repeating: 0, count: values.count)
        for shift in [0, 16] as [Int64] {
            var counts = [Int](repeating: 0, count: 1 << 16 + 1)
            for v in source { counts[Int((v >> shift) & 0xFFFF) + 1] += 1 }
            for i in 1..<counts.count { counts[i] += counts[i - 1] }
            for v in source {
                let bucket = Int((v >> shift) & 0xFFFF)
                target[counts[bucket]] = v
                counts[bucket] += 1
            }
            swap(&source, &target)
        }
        return source
    }

    /// The value at rank ⌈percent·n/100⌉ (1-based) of ascending `sorted`, which must not be empty.
    public static func nearestRank(_ sorted: [Int64], percent: Int) -> Int64 {
        let rank = (percent * sorted.count + 99) / 100
        return sorted[Swift.max(1, Swift.min(sorted.count, rank)) - 1]
    }
}

/// A share: `count` of `of`, e.g. 412 of 480 called tickets waited no longer than their target.
public struct Share: Codable, Equatable, Sendable {
    public var count: Int
    public var of: Int
    /// 0…100; nil when `of` is 0.
    public var percent: Double? { of == 0 ? nil : Double(count) * 100 / Double(of) }

    public init(count: Int, of: Int) {
        self.count = count
        self.of = of
    }
}
