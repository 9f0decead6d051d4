import Foundation

/// How figures are written for people: durations as m:ss (h:mm:ss past an hour), shares as
/// percentages, marks against targets as ✓ and ✗.
public enum Formatting {
    /// 754.5 s → "12:35" (rounded to the second); nil → "–".
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60) }
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    public static func percent(_ share: Share) -> String {
        guard let p = share.percent else { return "–" }
        return String(format: "%.1f%%", p)
    }

    public static func mark(_ met: Bool?) -> String {
        switch met {
        case true?: return "✓"
        case false?: return "✗"
        case nil: return " "
        }
    }

    /// 7.2 → "7.2", 7 → "7": one decimal, only when needed.
    public static func decimal(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? count(Int(r)) : String(format: "%.1f", r)
    }

    /// -330 s → "−5.5", 120 s → "+2.0": a change in minutes, signed.
    public static func signedMinutes(_ seconds: Double) -> String {
        let m = seconds / 60
        return (m < 0 ? "−" : "+") + String(format: "%.1f", abs(m))
    }

    /// 1800 → "1,800".
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }
}

/// A plain text table: the first column left-aligned, the others right-aligned, widths by content.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// An instant as the hall's wall clock: "08:15:02", or "2026-11-30 08:15:02" with the day.
struct LocalClockText {
    let formatter: DateFormatter

    init(zone: String, withDay: Bool) {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? .gmt
        formatter.dateFormat = withDay ? "yyyy-MM-dd HH:mm:ss" : "HH:mm:ss"
    }

    func text(_ milliseconds: Int64) -> String { formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000)) }
}
