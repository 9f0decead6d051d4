import Foundation
import QueueCore
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
        ClockText.text(LocalTime(date, in: zone).minuteOfDay)
    }

    /// "12:35" or "1:02:03"; "–" for nil.
    static func duration(_ seconds: TimeInterval?) -> String { Formatting.duration(seconds.map { max(0, $0) }) }

    /// Whole minutes, for estimated waits: "≈ 25 phút".
    static func minutes(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "–" }
        return "\(Int((seconds / 60).rounded())) phút"
    }

    /// An estimated wait as a person says it, with no false precision: "Không phải chờ",
    /// "~25 phút", "~1 giờ 10 phút".
    static func estimate(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded())
        guard minutes > 0 else { return "Không phải chờ" }
        return minutes < 60 ? "~\(minutes) phút" : "~\(minutes / 60) giờ" + (minutes % 60 == 0 ? "" : " \(minutes % 60) phút")
    }

    /// A share in Vietnamese: "33,9%".
    static func viPercent(_ share: Share) -> String { Formatting.percent(share).replacingOccurrences(of: ".", with: ",") }

    static func milliseconds(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
}
