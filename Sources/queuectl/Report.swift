import ArgumentParser
import Foundation
import QueueCore
import QueueReports

extension Queuectl {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Wait report for a day or a span: by service, counter, clerk and hour, against the targets (manager).",
            discussion: """
            Several --db files make a roll-up: one line per hall, a subtotal per administrative level, and a total.
            Definitions of every figure: docs/REPORTS.md.
            """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json, html }

        @OptionGroup var range: DayRange
        @Option(help: "text, csv, json or html.") var format: Format = .text
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @OptionGroup var source: ReportSource

        func run() async throws {
            let (from, to) = range.span
            let halls = try await source.reportHalls(from: from, to: to)
            if halls.count == 1 {
                let hall = halls[0]
                guard !hall.rows.isEmpty else {
                    throw QueueError("no-tickets", "No tickets recorded \(range.describe()) in \(hall.origin); is that a working day?")
                }
                let report = HallReport.make(tickets: hall.rows, config: hall.config, from: from, to: to)
                try ReportOutput.write(try render(report), to: out)
            } else {
                for hall in halls where hall.rows.isEmpty {
                    FileHandle.standardError.write(Data("queuectl: no tickets recorded \(range.describe()) in \(hall.origin); its line shows zeros.\n".utf8))
                }
                let rollup = RollupReport.make(halls.map { .init(tickets: $0.rows, config: $0.config) }, from: from, to: to)
                try ReportOutput.write(try render(rollup), to: out)
            }
        }

        func render(_ r: HallReport) throws -> String {
            switch format {
            case .text: return TextReport.render(r)
            case .csv: return CSVReport.render(r)
            case .json: return try JSONReport.render(r)
            case .html: return HTMLReport.render(r)
            }
        }

        func render(_ r: RollupReport) throws -> String {
            switch format {
            case .text: return TextReport.render(r)
            case .csv: return CSVReport.render(r)
            case .json: return try JSONReport.render(r)
            case .html: return HTMLReport.render(r)
            }
        }
    }
}
