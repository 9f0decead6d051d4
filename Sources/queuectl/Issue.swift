import ArgumentParser
import QueueCore

extension Queuectl {
    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "issue", abstract: "Issue a ticket (kiosk or manager key).")

        @Option(help: "Service letter, e.g. A.")
        var service: String

        @Flag(help: "A priority ticket (elderly, disabled, pregnant, with small children).")
        var priority = false

        @Option(help: "The priority class: elderly, disabled, pregnant or child (implies --priority).")
        var priorityClass: PriorityClass?

        @Option(help: "Request id; repeat it to retry safely (default: a new one).")
        var requestId: String?

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let cls = priorityClass ?? (priority ? .priority : .normal)
            try await connection.run(.command(.issue(service: service.uppercased(), priority: cls)), requestId: requestId) { reply, zone in
                guard case .issued(let issued) = reply else { return Output.events(reply, zone) }
                let t = issued.ticket
                let wait = issued.estimate.map { " · wait about \(Output.minutes($0))" } ?? " · no counter serves it now"
                return "Ticket \(t.label) · service \(t.service)\(t.priority.isPriority ? " · priority (\(t.priority.rawValue))" : "") · issued \(Output.time(t.issuedAt, zone)) · day \(t.day)\(issued.ahead.map { " · \($0) ahead" } ?? "")\(wait)"
            }
        }
    }
}

extension PriorityClass: ExpressibleByArgument {}
