import Foundation
import QueueCore
import Testing

/// `LocalTime` of an instant is plain arithmetic on the zone's offset; Foundation's calendar is
/// the reference it must always agree with: across daylight saving changes, half-hour and
/// 45-minute zones, the date line, and before 1970.
struct LocalTimeTests {
    static let zones = ["Asia/Ho_Chi_Minh", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu",
                        "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Sao_Paulo", "UTC"]

    /// What Foundation's Gregorian calendar says (the way `LocalTime` used to be made).
    static func reference(_ date: Date, _ zone: TimeZone) -> LocalTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        return LocalTime(day: String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), weekday: (c.weekday! + 5) % 7 + 1, minuteOfDay: c.hour! * 60 + c.minute!)
    }

    @Test(arguments: zones)
    func agreesWithFoundationsCalendar(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        var instants: [Date] = []
        // Seeded instants from 1900 to 2100, to the millisecond.
        var random = SeededRandom(seed: 2026)
        for _ in 0..<3_000 {
            instants.append(Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &random)) / 1000))
        }
        // Both sides of every change of the zone's offset over four years, and of midnight.
        var t = Date(timeIntervalSince1970: 1_600_000_000)
        while t.timeIntervalSince1970 < 1_730_000_000, let next = zone.nextDaylightSavingTimeTransition(after: t) {
            instants += [-60, -1, -0.001, 0, 0.001, 1, 60].map { next.addingTimeInterval($0) }
            t = next
        }
        for day in stride(from: -3_000, through: 3_000, by: 97) {
            let midnight = Double(day * 86_400 - zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(day * 86_400))))
            instants += [-0.001, 0, 0.001, 59.999, 60].map { Date(timeIntervalSince1970: midnight + $0) }
        }
        for instant in instants {
            #expect(LocalTime(instant, in: zone) == Self.reference(instant, zone), "\(instant.timeIntervalSince1970) in \(zoneName)")
        }
    }

    @Test func clockText() {
        #expect(ClockText.text(0) == "00:00")
        #expect(ClockText.text(7 * 60 + 5) == "07:05")
        #expect(ClockText.text(17 * 60 + 30) == "17:30")
        #expect(ClockText.text(24 * 60) == "24:00")
    }
}
