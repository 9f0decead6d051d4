import ArgumentParser
import DeviceKeys
import DeviceOptions
import Foundation
import QueueClient
import QueueCore
import QueueWire

/// Options every subcommand shares: the device options (as queue-kiosk and queue-display take
/// them) and --json.
struct ConnectionOptions: ParsableArguments {
    @OptionGroup var device: DeviceOptions

    @Flag(help: "Print the coordinator's reply as JSON.")
    var json = false

    func address() async throws -> CoordinatorAddress { try await device.settings.locate() }

    func key() throws -> KeyFile { try device.settings.key() }

    /// Sends one request and prints the reply: `human` by default, JSON with --json. A refusal
    /// or an unreachable coordinator is also printed as JSON with --json, then thrown for
    /// `Queuectl.main` to print its sentence and exit with its status.
    func run(_ request: Request, requestId: String? = nil, human: (Reply, TimeZone) -> String) async throws {
        let reply: Reply
        let zone: TimeZone
        do {
            (reply, zone) = try await OneShot.exchange(request, requestId: requestId, to: try await address(), key: try key())
        } catch let error as QueueError {
            if json { print(String(decoding: try Output.json(ServerMessage.error(id: nil, error)), as: UTF8.self)) }
            throw error
        }
        if json {
            print(String(decoding: try Output.json(ServerMessage.reply(id: nil, reply)), as: UTF8.self))
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
