import Foundation
import QueueCore

/// When citizens arrive on one local day: a peak in the first hours of the morning, a smaller
/// one after lunch, a thin last half hour before each session closes, and nothing while the
/// hall is closed (the lunch break included). Works on the hall's wall clock, so days of 23 or
/// 25 hours and halls open across midnight come out right.
struct ArrivalProfile {
    /// The instant each open minute of the day starts, with its weight.
    var minutes: [(start: Int64, end: Int64, weight: Double)] = []

    init(day: String, hours: OpeningHours, zone: TimeZone) {
        guard let midnight = LocalTime.startOfDay(day, in: zone) else { return }
        let weekday = LocalTime(midnight.addingTimeInterval(12 * 3600), in: zone).weekday
        let sessions = hours.sessions(on: day, weekday: weekday)
        guard let first = sessions.map(\.start).min() else { return }
        let afternoon = sessions.map(\.start).filter { $0 >= 12 * 60 }.min()
        // Minute by minute of real time, so a repeated hour (autumn) is there twice and a skipped
        // one (spring) not at all.
        var t = midnight.milliseconds
        while true {
            let local = LocalTime(Date(milliseconds: t), in: zone)
            guard local.day == day else { break }
            defer { t += 60_000 }
            let m = local.minuteOfDay
            guard let session = sessions.first(where: { m >= $0.start && m < $0.end }) else { continue }
            var w = 1.0
            let sinceOpen = Double(m - first)
            if sinceOpen < 150 { w += 1.2 * (1 - sinceOpen / 150) }                              // the morning rush
            if let a = afternoon, m >= a, m < a + 90 { w += 0.6 * (1 - Double(m - a) / 90) }   // after lunch
            if session.end - m <= 30 { w *= 0.35 }                                             // few come just before closing
            if m < 6 * 60 || m >= 20 * 60 { w *= 0.25 }                                        // night, in a hall open then
            minutes.append((t, t + 60_000, w))
        }
    }

    /// The instant minute `m` of `day` starts, or nil when the wall clock skips it (a DST gap).
    static func instant(day: String, minute m: Int, midnight: Date, calendar: Calendar, zone: TimeZone) -> Date? {
        let guess = midnight.addingTimeInterval(Double(m) * 60)
        // Correct by the offset change since midnight, then check the wall clock says minute m.
        let shift = zone.secondsFromGMT(for: midnight) - zone.secondsFromGMT(for: guess)
        for candidate in [guess.addingTimeInterval(Double(shift)), guess] {
            let local = LocalTime(candidate, in: zone)
            if local.day == day && local.minuteOfDay == m { return candidate }
        }
        return nil
    }

    /// `count` arrival instants (ms), sorted, drawn from the profile.
    func arrivals(_ count: Int, rng: inout SeededRandom) -> [Int64] {
        guard !minutes.isEmpty, count > 0 else { return [] }
        var cumulative: [Double] = []
        var sum = 0.0
        for m in minutes { sum += m.weight; cumulative.append(sum) }
        var out: [Int64] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let r = rng.unit() * sum
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
            }
            let m = minutes[lo]
            out.append(m.start + Int64(rng.unit() * Double(m.end - m.start)))
        }
        return out.sorted()
    }
}
