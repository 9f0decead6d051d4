import Foundation
import QueueCore

/// The hall-local time of day of an instant, fast enough for a year of tickets. Every time-zone
/// offset in use is a whole number of quarter hours and changes on a quarter hour, so all instants
/// of one UTC quarter hour share an offset: it is looked up once per quarter hour and kept.
struct LocalHours {
    let zone: TimeZone
    private var cache: [Int64: Int] = [:]

    init(zone: TimeZone) { self.zone = zone }

    mutating func hour(_ milliseconds: Int64) -> Int { minuteOfDay(milliseconds) / 60 }

    /// Minutes after local midnight, 0…1439.
    mutating func minuteOfDay(_ milliseconds: Int64) -> Int {
        let quarter = milliseconds >= 0 ? milliseconds / 900_000 : (milliseconds - 899_999) / 900_000
        let start: Int
        if let m = cache[quarter] {
            start = m
        } else {
            start = LocalTime(Date(milliseconds: quarter * 900_000), in: zone).minuteOfDay
            cache[quarter] = start
        }
        return start + Int((milliseconds - quarter * 900_000) / 60_000)
    }
}
