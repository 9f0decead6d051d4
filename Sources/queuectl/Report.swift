import ArgumentParser
import CommandOptions
import Foundation
import QueueCore
import QueueReports

extension Queuectl {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Wait report for a day or a span: by service, counter, clerk and hour, against the targets (manager).",
            discussion: """
            Several --db files make a roll-up: one line per hall, a subtotal per administrative level, and a total;
            the same hall given twice (the same file or a copy) is refused.
            Definitions of every figure: docs/REPORTS.md.
            """)

        @OptionGroup var range: DayRange
        @Option(help: "text, csv, json or html.") var format: ReportFormat = .text
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Option(help: "Minutes per time-of-day interval: 15, 30 or 60.") var interval: Int = 60
        @Option(help: "Mean handling minutes per service to compare with, e.g. A=45,C=20 (default: the same days a year before, when recorded).")
        var baseline: String?
        @OptionGroup var source: ReportSource

        func validate() throws {
            if ![15, 30, 60].contains(interval) { throw ValidationError("--interval is 15, 30 or 60 minutes, not \(interval).") }
            if let baseline, Self.parseBaseline(baseline) == nil {
                throw ValidationError("--baseline \(baseline): write each service's mean handling minutes as ID=MINUTES, separated by commas, e.g. A=45,C=20.")
            }
        }

        /// "A=45,C=20.5" → service id → seconds.
        static func parseBaseline(_ text: String) -> Baseline? {
            var means: [String: Double] = [:]
            for part in text.split(separator: ",") {
                let kv = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, !kv[0].isEmpty, let minutes = Double(kv[1]), minutes >= 0, minutes.isFinite else { return nil }
                means[kv[0].uppercased()] = minutes * 60
            }
            return means.isEmpty ? nil : Baseline(label: "entered", meanService: means)
        }

        func run() async throws {
            let (from, to) = range.span
            if source.db.isEmpty {
                // The coordinator computes it, off its writer; only the report crosses the network.
                let report = try await source.reportOverTheWire(from: from, to: to, interval: interval, baseline: baseline.flatMap(Self.parseBaseline))
                try ReportOutput.write(try format.render(report), to: out)
                return
            }
            let halls = try await source.reportHalls(from: from, to: to)
            if halls.count == 1 {
                let hall = halls[0]
                guard !hall.tally.isEmpty else {
                    throw QueueError(.noTickets, "No tickets recorded \(range.describe()) in \(hall.origin); is that a working day?")
                }
                let report = HallReport.make(tally: hall.tally, config: hall.config, from: from, to: to, context: context(hall))
                try ReportOutput.write(try format.render(report), to: out)
            } else {
                for hall in halls where hall.tally.isEmpty {
                    FileHandle.standardError.write(Data("queuectl: no tickets recorded \(range.describe()) in \(hall.origin); its line shows zeros.\n".utf8))
                }
                let rollup = RollupReport.make(halls.map { .init(tally: $0.tally, config: $0.config, context: context($0)) }, from: from, to: to)
                try ReportOutput.write(try format.render(rollup), to: out)
            }
        }

        func context(_ hall: ReportSource.ReportHall) -> ReportContext {
            let entered = baseline.flatMap(Self.parseBaseline)
            return hall.data?.context(baseline: entered, intervalMinutes: interval) ?? ReportContext(baseline: entered, intervalMinutes: interval)
        }
    }
}
