import ArgumentParser
import CityStore
import CommandOptions
import Foundation
import QueueCore

extension QueueCity {
    struct ViewerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "viewer", abstract: "Who may open the city dashboard (https://CITY:8444/city).",
            subcommands: [Add.self, List.self, Remove.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add", abstract: "Add a viewer (or give one a new password) and print the password, once.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "Its name: a-z, 0-9 and -, e.g. nguyen-van-a.") var name: String

            func run() async throws {
                let name = self.name
                let password = try await database.with { try await $0.addViewer(name) }
                print("Viewer \(name) can open the dashboard with this password (shown once; `viewer add` again gives a new one):")
                print(password)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the viewers.")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                for viewer in try await database.with({ try await $0.viewers() }) {
                    print("\(viewer.name)\tadded \(ISO8601DateFormatter().string(from: viewer.added))")
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a viewer: their password no longer opens the dashboard.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The viewer's name.") var name: String

            func run() async throws {
                let name = self.name
                guard try await database.with({ try await $0.removeViewer(name) }) else {
                    throw QueueError(.badRequest, "The city has no viewer \"\(name)\"; see `queue-city viewer list`.")
                }
                print("Removed viewer \(name).")
            }
        }
    }
}
