import ArgumentParser
import CityLink
import CityWire
import CommandOptions
import Foundation
import QueueCore
import QueueReports

extension Queuectl {
    struct CityCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "city", abstract: "The city's view, from its queue-city server (docs/CITY.md).",
                                                        subcommands: [Report.self])

        struct Report: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "report",
                abstract: "A city report from queue-city: every hall, a unit's halls, or one hall (as `queue-city report`), as one of the city's viewers.",
                discussion: "The password comes from --password-file or QUEUE_CITY_PASSWORD, never from the command line; `queue-city viewer add` makes it.")

            @Option(help: "The city's address, e.g. https://city.example.vn:8444.") var city: String
            @Option(help: "The city's certificate (PEM), pinned. Default: the system's authorities.") var certificate: String?
            @Option(help: "Your viewer name.") var viewer: String
            @Option(help: "A file holding your password (mode 0600).") var passwordFile: String?
            @OptionGroup var range: DayRange
            @Option(help: "Only these halls, by code (repeat). Default: every hall, or those of --unit.") var hall: [String] = []
            @Option(help: "Only the halls of this unit and the units under it.") var unit: String?
            @Option(help: "text, csv, json or html.") var format: ReportFormat = .text
            @Option(help: "Write to this file instead of standard output.") var out: String?
            @OptionGroup var figures: ReportFigureOptions
            @Flag(help: "Rank the halls: the shortest mean wait of all citizens first, then the larger share within target.")
            var rank = false

            func run() async throws {
                let password: String
                if let passwordFile {
                    guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                        throw QueueError(.keyFile, "Cannot read the password file \(passwordFile).")
                    }
                    password = text.trimmingCharacters(in: .whitespacesAndNewlines)
                } else if let given = ProcessInfo.processInfo.environment["QUEUE_CITY_PASSWORD"] {
                    password = given
                } else {
                    throw ValidationError("Give your viewer password in --password-file FILE or in QUEUE_CITY_PASSWORD.")
                }
                let (from, to) = range.span
                let request = CityReportRequest(halls: hall, unit: unit, from: from, to: to, format: format, rank: rank,
                                                intervalMinutes: figures.interval, baseline: figures.entered)
                let text = try await CityViewer(url: city, certificate: certificate, name: viewer, password: password).report(request)
                try ReportOutput.write(text, to: out)
            }
        }
    }
}
