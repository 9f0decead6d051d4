import ArgumentParser
import Foundation
import QueueCore
import QueueReports

/// The day or span a report or export covers: a day, the week (Monday to Sunday) holding a day,
/// a month, a year, or any span.
public struct DayRange: ParsableArguments {
    public init() {}

    @Option(help: "One local day, YYYY-MM-DD.") public var date: String?
    @Option(help: "The week (Monday to Sunday) holding this day, YYYY-MM-DD.") public var week: String?
    @Option(help: "A month, YYYY-MM.") public var month: String?
    @Option(help: "A year, YYYY.") public var year: String?
    @Option(help: "First local day of a span, YYYY-MM-DD.") public var from: String?
    @Option(help: "Last local day of a span, YYYY-MM-DD (inclusive).") public var to: String?

    public func validate() throws {
        for (name, value) in [("--date", date), ("--week", week), ("--from", from), ("--to", to)] {
            if let value, !Self.isDay(value) {
                throw ValidationError("\(name) \(value) is not a day; write it as YYYY-MM-DD, e.g. 2026-11-30.")
            }
        }
        if let month, !Self.isDay(month + "-01") { throw ValidationError("--month \(month) is not a month; write it as YYYY-MM, e.g. 2026-11.") }
        if let year, year.count != 4 || Int(year) == nil { throw ValidationError("--year \(year) is not a year; write it as YYYY, e.g. 2026.") }
        let given = [date, week, month, year].compactMap { $0 }.count + (from != nil || to != nil ? 1 : 0)
        if given > 1 { throw ValidationError("Give one of --date, --week, --month, --year, or --from and --to.") }
        if given == 0 || (from != nil) != (to != nil) { throw ValidationError("Give --date D, --week D, --month YYYY-MM, --year YYYY, or both --from D and --to D.") }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to).") }
    }

    public var span: (from: String, to: String) {
        if let date { return (date, date) }
        if let week, let days = Self.weekOf(week) { return days }
        if let month { return HallReport.spans(around: month + "-01").month }
        if let year { return (year + "-01-01", year + "-12-31") }
        return (from!, to!)
    }

    /// Monday to Sunday of the week holding `day`; nil when it is not a day.
    public static func weekOf(_ day: String) -> (String, String)? {
        isDay(day) ? HallReport.spans(around: day).week : nil
    }

    /// "YYYY-MM-DD" that is a real day.
    public static func isDay(_ text: String) -> Bool { CivilDay.parts(text) != nil }

    public func describe() -> String { span.from == span.to ? "on \(span.from)" : "from \(span.from) to \(span.to)" }
}

/// Writes a rendered report or export to --out, or to standard output.
public enum ReportOutput {
    public static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw QueueError(.output, "Cannot write \(path): \(error.localizedDescription). Check the folder exists and is writable.")
        }
        FileHandle.standardError.write(Data("\(ProcessInfo.processInfo.processName): wrote \(path)\n".utf8))
    }
}

extension ReportFormat: ExpressibleByArgument {}
