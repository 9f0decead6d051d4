import ArgumentParser
import Foundation
import QueueCore
import QueueStore
import QueueWire

extension Queuectl {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an online, consistent copy of the coordinator's database (on its machine).",
            discussion: "Restore: stop the coordinator, put the copy in its state directory as queue.sqlite (owned by its user), start it. See docs/INSTALL.md.")

        @Option(help: "The new backup file.") var out: String
        @Option(help: "The coordinator's state directory.") var stateDir: String?

        func run() async throws {
            let source = ((stateDir ?? Defaults.stateDirectory) as NSString).appendingPathComponent("queue.sqlite")
            try QueueStore.backup(databaseAt: source, to: out)
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            print("Backed up \(source) to \(out) (\(size / 1024) KiB).")
        }
    }
}
