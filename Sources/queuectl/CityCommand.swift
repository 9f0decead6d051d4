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
            @OptionGroup var report: CityReportOptions

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
                let text = try await CityViewer(url: city, certificate: certificate, name: viewer, password: password).report(report.request)
                try ReportOutput.write(text, to: report.out)
            }
        }
    }
}
