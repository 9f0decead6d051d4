import Foundation

/// The report as JSON: the `HallReport` / `RollupReport` structs with sorted keys, durations in
/// seconds (millisecond precision), absent figures left out. The schema is in docs/REPORTS.md.
public enum JSONReport {
    public static func render<T: Encodable>(_ report: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
