import ArgumentParser
import QueueCore

/// The clerk's operations at one counter. Each prints the events it caused.
extension Queuectl {
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "call", abstract: "Call the next ticket, or a given one, to a counter.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Call this ticket (e.g. A023) instead of the next by policy.")
        var ticket: String?
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let c = counter.counter
            try await connection.run(.command(ticket.map { .callTicket(counter: c, label: $0) } ?? .callNext(counter: c)), requestId: requestId) { reply, zone in
                guard let t = reply.calledTicket else { return Output.events(reply, zone) }
                return "\(t.label) → Quầy \(c) (counter \(c))"
            }
        }
    }

    struct Recall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "recall", abstract: "Call the counter's current ticket again.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.recall(counter: counter.counter)), requestId: requestId, human: Output.events) }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "The called citizen arrived: start serving.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.start(counter: counter.counter)), requestId: requestId, human: Output.events) }
    }

    struct Finish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "finish", abstract: "Finish serving the counter's ticket.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.finish(counter: counter.counter)), requestId: requestId, human: Output.events) }
    }

    struct NoShow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "noshow", abstract: "The called citizen did not come.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.noShow(counter: counter.counter)), requestId: requestId, human: Output.events) }
    }

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Send the counter's ticket to another service's queue.")
        @OptionGroup var counter: CounterOption
        @Option(help: "The service letter to transfer to.") var to: String
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.transfer(counter: counter.counter, to: to.uppercased())), requestId: requestId, human: Output.events) }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a counter (tạm ngừng phục vụ) with a reason.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Why, e.g. \"nghỉ giải lao\".") var reason: String
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.pause(counter: counter.counter, reason: reason)), requestId: requestId, human: Output.events) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused counter.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.resume(counter: counter.counter)), requestId: requestId, human: Output.events) }
    }

    struct SignIn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "signin", abstract: "Sign a clerk in at a counter, opening it.")
        @OptionGroup var counter: CounterOption
        @Option(help: "The clerk's name or staff code.") var clerk: String
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.signIn(counter: counter.counter, clerk: clerk)), requestId: requestId, human: Output.events) }
    }

    struct SignOut: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "signout", abstract: "Sign the clerk out, closing the counter.")
        @OptionGroup var counter: CounterOption
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.signOut(counter: counter.counter)), requestId: requestId, human: Output.events) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a waiting ticket (manager).")
        @Option(help: "The ticket, e.g. A023.") var ticket: String
        @Option(help: "Request id; repeat it to retry safely.") var requestId: String?
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.command(.cancel(label: ticket)), requestId: requestId, human: Output.events) }
    }
}
