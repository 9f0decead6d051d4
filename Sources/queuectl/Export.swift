import ArgumentParser
import CommandOptions
import Foundation
import QueueCore
import QueueReports

extension Queuectl {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Raw export: one row per ticket with every timestamp, the counter, the clerk and the outcome (manager).")

        enum Format: String, ExpressibleByArgument { case csv, json }

        @OptionGroup var range: DayRange
        @Option(help: "csv or json.") var format: Format = .csv
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @OptionGroup var source: ReportSource

        func validate() throws {
            if source.db.count > 1 { throw ValidationError("Export one hall at a time: give at most one --db.") }
        }

        func run() async throws {
            let (from, to) = range.span
            guard let hall = try await source.halls(from: from, to: to).first else { return }
            guard !hall.tickets.isEmpty else {
                throw QueueError(.noTickets, "No tickets recorded \(range.describe()) in \(hall.origin); is that a working day?")
            }
            switch format {
            case .csv: try ReportOutput.write(TicketExport.csv(hall.tickets, config: hall.config), to: out)
            case .json: try ReportOutput.write(try TicketExport.json(hall.tickets, config: hall.config, from: from, to: to), to: out)
            }
        }
    }
}
