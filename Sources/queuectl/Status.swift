import ArgumentParser
import DeviceOptions
import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueWire

extension Queuectl {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the live hall: waiting per service, counters.")
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await connection.run(.status, human: Output.status) }
    }

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "watch", abstract: "Print events as they happen, resuming after disconnects.")
        @Option(help: "Stop after this many events.") var count: Int?
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let key = try connection.key()
            let options = connection
            let seen = NIOLockedValueBox(0)
            let json = connection.json
            let mirror = HallMirror(key: key, locate: { try await options.address() }) { update in
                switch update {
                case .snapshot(let s, _): if !json { printNow("snapshot at #\(s.seq), \(s.tickets.count) open tickets") }
                case .event(let e, let state):
                    if json, let data = try? WireJSON.encoder().encode(e) { printNow(String(decoding: data, as: UTF8.self)) } else { printNow(Output.describe(e, state.timeZone)) }
                    seen.withLockedValue { $0 += 1 }
                case .connection(let up, let reason): if !json { printNow(up ? "connected" : "disconnected\(reason.map { ": \($0)" } ?? "")") }
                case .slow(let slow): if !json { printNow(slow ? "the link is slow: events may arrive late" : "the link is fast again") }
                }
            }
            let task = Task { await mirror.run() }
            while !task.isCancelled {
                if let count, seen.withLockedValue({ $0 }) >= count { task.cancel(); break }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "discover", abstract: "Find the coordinator on the LAN by UDP discovery.")
        @Option(help: "UDP port for discovery.") var discoveryPort: Int = Discovery.defaultPort
        func run() async throws {
            let (address, hall) = try await DiscoveryClient.find(port: discoveryPort)
            print("\(address) \(hall)")
        }
    }
}

