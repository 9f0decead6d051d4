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
        @OptionGroup var figures: ReportFigureOptions
        @OptionGroup var source: ReportSource

        func run() async throws {
            let (from, to) = range.span
            if source.db.isEmpty {
                // The coordinator computes it, off its writer; only the report crosses the network.
                let report = try await source.reportOverTheWire(from: from, to: to, interval: figures.interval, baseline: figures.entered)
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
            let entered = figures.entered
            return hall.data?.context(baseline: entered, intervalMinutes: figures.interval) ?? ReportContext(baseline: entered, intervalMinutes: figures.interval)
        }
    }
}
