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
            static let configuration = CommandConfiguration(abstract: "Set the hall's time, e.g. \"2026-11-30 07:30\" (hall local time) or an ISO 8601 time with offset.")
            @Option(help: "The new time.") var at: String
            @OptionGroup var connection: ConnectionOptions

            func run() async throws {
                let date: Date
                if let d = ISO8601DateFormatter().date(from: at) {
                    date = d
                } else {
                    // Local hall time: ask the coordinator for its time zone.
                    let status = try await OneShot.send(.status, to: try await connection.address(), key: try connection.key())
                    guard let zone = status.state?.timeZone, let d = Self.parseLocal(at, zone) else {
                        throw ValidationError("\"\(at)\" is not a time; write \"2026-11-30 07:30\" or an ISO 8601 time such as 2026-11-30T07:30:00+07:00.")
                    }
                    date = d
                }
                try await connection.run(.setClock(date)) { reply, zone in "Hall time is now \(Output.dateTime(reply.now, zone))." }
            }

            static func parseLocal(_ text: String, _ zone: TimeZone) -> Date? {
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.timeZone = zone
                for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"] {
                    f.dateFormat = format
                    if let d = f.date(from: text) { return d }
                }
                return nil
            }
        }

        struct Advance: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Move the hall's time forward.")
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
