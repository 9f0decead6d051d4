import ArgumentParser
import Foundation
import QueueClient
import QueueCore
import QueueSimulator
import QueueWire

extension Queuectl {
    struct Traffic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "traffic",
            abstract: "Play a day of hall traffic at a watchable pace on a virtual-clock coordinator (demos).",
            discussion: "Each second of real time moves the hall's clock on by --speed seconds; citizens arrive by the daily profile, clerks call, serve and finish. Ctrl-C stops it.")

        @Option(help: "Hall seconds per real second.") var speed: Double = 60
        @Option(help: "Tickets per open day.") var tickets: Int?
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(help: "Stop after this many real seconds (default: run until stopped).") var duration: Double?
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let address = try await connection.address()
            let key = try connection.key()
            let manager = try await QueueConnection.connect(to: address, key: key)
            guard var hall = try await manager.send(.status).state else { throw QueueError(.report, "The coordinator at \(address) sent no hall.") }
            var traffic = LiveTraffic(config: hall.config, seed: seed, ticketsPerDay: tickets)
            let started = Date()
            print("Traffic on \(hall.config.hall.name) at \(Int(speed))× (Ctrl-C stops).")
            while duration.map({ Date().timeIntervalSince(started) < $0 }) ?? true {
                let step = try await manager.send(.status)
                hall = step.state ?? hall
                let now = step.now ?? Date()
                for request in traffic.step(hall, from: now, to: now + speed) {
                    _ = try? await manager.send(request)
                }
                do {
                    _ = try await manager.send(.advanceClock(speed))
                } catch let error as QueueError where error.code == .clockNotVirtual {
                    throw QueueError(error.code, "Traffic needs a coordinator started with --clock virtual.")
                }
                try await Task.sleep(for: .seconds(1))
            }
            await manager.close()
        }
    }
}
