import ArgumentParser
import Foundation
import QueueClient
import QueueCore
import QueueWire

extension Queuectl {
    struct ClockCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clock", abstract: "Set or advance a virtual clock (coordinator started with --clock virtual).",
                                                        subcommands: [Set.self, Advance.self])

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set", abstract: "Set the hall's time: \"YYYY-MM-DD HH:MM\" on the hall's clock, or an ISO 8601 time with offset; never before the clock's current time.")
            @Option(help: "The new time.") var at: String
            @OptionGroup var connection: ConnectionOptions

            func run() async throws {
                let date: Date
                if let d = ISO8601DateFormatter().date(from: at) {
                    date = d
                } else {
                    // Local hall time: ask the coordinator for its time zone.
                    let status = try await OneShot.send(.status, to: try await connection.address(), key: try connection.key())
                    guard let zone = status.state?.timeZone, let d = LocalTime.instant(at, in: zone) else {
                        throw ValidationError("\"\(at)\" is not a time; write \"YYYY-MM-DD HH:MM\" (hall time) or an ISO 8601 time with offset, such as YYYY-MM-DDT07:30:00+07:00.")
                    }
                    date = d
                }
                try await connection.run(.setClock(date)) { reply, zone in "Hall time is now \(Output.dateTime(reply.now, zone))." }
            }
        }

        struct Advance: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "advance", abstract: "Move the hall's time forward.")
            @Option(help: "Seconds to advance.") var seconds: Double = 0
            @Option(help: "Minutes to advance.") var minutes: Double = 0
            @Option(help: "Hours to advance.") var hours: Double = 0
            @OptionGroup var connection: ConnectionOptions
            func run() async throws {
                try await connection.run(.advanceClock(seconds + minutes * 60 + hours * 3600)) { reply, zone in "Hall time is now \(Output.dateTime(reply.now, zone))." }
            }
        }
    }
}
