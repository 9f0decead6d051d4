import Foundation
import QueueReports

/// Numbers and times as the pages write them. Vietnamese text groups thousands with "." and
/// writes decimals with "," (1.800; 7,2); English text uses QueueReports' forms (1,800; 7.2).
enum Format {
    static func viCount(_ n: Int) -> String { Formatting.count(n).replacingOccurrences(of: ",", with: ".") }

    static func enCount(_ n: Int) -> String { Formatting.count(n) }

    static func viDecimal(_ x: Double) -> String {
        let rounded = (x * 10).rounded() / 10
        return rounded == rounded.rounded() ? viCount(Int(rounded)) : String(format: "%.1f", rounded).replacingOccurrences(of: ".", with: ",")
    }

    static func enDecimal(_ x: Double) -> String {
        let rounded = (x * 10).rounded() / 10
        return rounded == rounded.rounded() ? Formatting.count(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// "08:15" on the hall's clock.
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// "12:35" or "1:02:03"; "–" for nil.
    static func duration(_ seconds: TimeInterval?) -> String { Formatting.duration(seconds.map { max(0, $0) }) }

    /// Whole minutes, for estimated waits: "≈ 25 phút".
    static func minutes(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "–" }
        return "\(Int((seconds / 60).rounded())) phút"
    }

    static func milliseconds(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
}
