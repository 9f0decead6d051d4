import ArgumentParser
import Foundation
import QueueClient
import QueueCore
import QueueWire

/// Options every subcommand shares (and queue-kiosk and queue-display take the same way).
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The coordinator as HOST:PORT. Without it, UDP discovery finds it.")
    var coordinator: String?

    @Option(help: "This device's key file. Without it, the local manager key in --state-dir is used.")
    var keyFile: String?

    @Option(help: "The coordinator's state directory on this machine (for its local manager key).")
    var stateDir: String?

    @Option(help: "UDP port for discovery.")
    var discoveryPort: Int = Discovery.defaultPort

    @Flag(help: "Print the coordinator's reply as JSON.")
    var json = false

    func address() async throws -> CoordinatorAddress {
        if let coordinator { return try CoordinatorAddress(parsing: coordinator, defaultPort: Defaults.port) }
        return try await DiscoveryClient.find(port: discoveryPort).0
    }

    func key() throws -> KeyFile { try Credentials.load(keyFile: keyFile, stateDir: stateDir) }

    /// Sends one request and prints the reply: `human` by default, JSON with --json. Refusals
    /// print the coordinator's sentence and exit 1.
    func run(_ request: Request, requestId: String? = nil, human: (ServerFrame, TimeZone) -> String) async throws {
        let reply: ServerFrame
        let zone: TimeZone
        do {
            (reply, zone) = try await OneShot.exchange(request, requestId: requestId, to: try await address(), key: try key())
        } catch let error as QueueError {
            FileHandle.standardError.write(Data("queuectl: \(error.message)\n".utf8))
            if json { print(String(decoding: try Output.json(ServerFrame.error(error)), as: UTF8.self)) }
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: try Output.json(reply), as: UTF8.self))
        } else {
            print(human(reply, zone))
        }
    }
}

/// The counter option of clerk commands.
struct CounterOption: ParsableArguments {
    @Option(help: "Counter number.")
    var counter: Int
}
