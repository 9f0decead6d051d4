import ArgumentParser
import DeviceKeys
import Foundation
import QueueCore
import QueueStore
import QueueWire

extension Queuectl {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Make an online, consistent copy of the coordinator's database (on its machine).",
            discussion: """
            --out FILE makes one copy; --into FOLDER makes one named by the time (UTC) and keeps the newest --keep \
            there, as the backup timer (queue-backup.timer) does every night. Restore with `queuectl restore` while \
            the coordinator is stopped. See docs/INSTALL.md.
            """)

        @Option(help: "The new backup file.") var out: String?
        @Option(help: "A folder of dated backups (see above).") var into: String?
        @Option(help: "With --into: how many backups to keep, the newest.") var keep = 14
        @Option(help: "The coordinator's state directory.") var stateDir: String?

        func validate() throws {
            guard (out == nil) != (into == nil) else { throw ValidationError("Give either --out FILE or --into FOLDER.") }
            guard keep >= 1 else { throw ValidationError("--keep must be at least 1.") }
        }

        func run() async throws {
            let source = ((stateDir ?? Defaults.stateDirectory) as NSString).appendingPathComponent("queue.sqlite")
            let made: String
            var removed: [String] = []
            if let out {
                try QueueStore.backup(databaseAt: source, to: out)
                made = out
            } else {
                (made, removed) = try QueueStore.backup(databaseAt: source, into: into ?? "", keep: keep, now: Date())
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: made)[.size] as? Int) ?? 0
            print("Backed up \(source) to \(made) (\(size / 1024) KiB)." + (removed.isEmpty ? "" : " Removed the oldest: \(removed.joined(separator: ", "))."))
        }
    }
}

extension Queuectl {
    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Put a backup in place of the coordinator's database (with the coordinator stopped).",
            discussion: """
            Checks the backup whole, keeps the replaced files beside it as queue.sqlite.replaced-TIME, and removes the \
            stale -wal/-shm files. A backup of the day the live database is on is refused unless --force; with \
            --force the numbering of that day continues above every number the live database gave out.
            """)

        @Argument(help: "The backup file (from `queuectl backup`).") var backup: String
        @Option(help: "The coordinator's state directory.") var stateDir: String?
        @Flag(help: "Restore a backup of the live day (see above).") var force = false

        func run() async throws {
            let dir = stateDir ?? Defaults.stateDirectory
            let plan = try QueueStore.restore(backup: backup, stateDir: dir, force: force)
            print("Restored \(backup) into \(dir) (its last day \(plan.backupDay))." + (plan.sameDay ? " Numbering of \(plan.backupDay) continues above what was already given out." : "")
                  + " Start the coordinator; boards and kiosks reconnect by themselves.")
        }
    }
}
