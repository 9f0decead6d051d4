import CoordinatorApp
import Foundation
import QueueConfig
import QueueCore
import QueueStore
import QueueTestSupport
import ReportStore
import Testing

/// `make install` into a temporary DESTDIR, as a packager or a technician would, and backups.
@Suite(.serialized) struct InstallTests {
    static var packageRoot: URL {
        var dir = CoordinatorProcess.binDir
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    @discardableResult
    func run(_ tool: String, _ arguments: [String], in directory: URL? = nil) async throws -> (status: Int32, output: String) {
        let r = try await ProgramRun.run("/usr/bin/env", [tool] + arguments, directory: directory)
        return (r.status, r.out + r.err)
    }

    @Test func installingIntoADestdirPutsEverythingInPlaceAndTheUnitsVerify() async throws {
        let dest = FileManager.default.temporaryDirectory.appendingPathComponent("install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dest) }
        let make = try await run("make", ["install-files", "DESTDIR=\(dest.path)", "BUILT=\(CoordinatorProcess.binDir.path)"], in: Self.packageRoot)
        #expect(make.status == 0, "\(make.output)")
        let root = dest.path
        for binary in ["queue-coordinator", "queuectl", "queue-display", "queue-kiosk", "queue-city"] {
            let path = root + "/usr/local/bin/" + binary
            #expect(FileManager.default.isExecutableFile(atPath: path), "\(binary) missing")
        }
        // Shell completions for every command, made from its own definition.
        for binary in ["queue-coordinator", "queuectl", "queue-display", "queue-kiosk", "queue-city"] {
            let bash = (try? String(contentsOfFile: root + "/usr/local/share/bash-completion/completions/" + binary, encoding: .utf8)) ?? ""
            #expect(bash.contains(binary), "bash completion of \(binary) missing")
            #expect(FileManager.default.fileExists(atPath: root + "/usr/local/share/zsh/vendor-completions/_" + binary))
            #expect(FileManager.default.fileExists(atPath: root + "/usr/local/share/fish/vendor_completions.d/\(binary).fish"))
        }
        let queuectlBash = (try? String(contentsOfFile: root + "/usr/local/share/bash-completion/completions/queuectl", encoding: .utf8)) ?? ""
        #expect(queuectlBash.contains("appointment"), "subcommands are completed")
        for file in ["/etc/sysusers.d/queue-appliance.conf", "/etc/tmpfiles.d/queue-appliance.conf",
                     "/usr/local/share/queue-appliance/README.md", "/usr/local/share/doc/queue-appliance/docs/INSTALL.md"] {
            #expect(FileManager.default.fileExists(atPath: root + file), "\(file) missing")
        }
        // The sample config is the embedded hall, and it loads.
        let config = try HallConfigLoader.load(path: root + "/etc/queue-appliance/hall.toml")
        #expect(config == HallConfigLoader.defaultHall())
        // Every unit passes systemd-analyze verify, pointing at the installed binaries.
        for unit in ["queue-coordinator", "queue-display", "queue-kiosk", "queue-city"] {
            let text = try String(contentsOfFile: root + "/etc/systemd/system/\(unit).service", encoding: .utf8)
            #expect(text.contains("ExecStart=/usr/local/bin/\(unit)"))
            let check = dest.appendingPathComponent("\(unit).service")
            try text.replacingOccurrences(of: "/usr/local/bin/", with: root + "/usr/local/bin/").write(to: check, atomically: true, encoding: .utf8)
            let verify = try await run("systemd-analyze", ["verify", check.path])
            #expect(verify.status == 0, "\(unit): \(verify.output)")
        }
        // The nightly backup: its timer and service verify together.
        let backupUnits = ["queue-backup.service", "queue-backup.timer"].map { dest.appendingPathComponent($0) }
        for unit in backupUnits {
            let text = try String(contentsOfFile: root + "/etc/systemd/system/" + unit.lastPathComponent, encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/local/bin/", with: root + "/usr/local/bin/").write(to: unit, atomically: true, encoding: .utf8)
        }
        let verifyBackup = try await run("systemd-analyze", ["verify"] + backupUnits.map(\.path))
        #expect(verifyBackup.status == 0, "\(verifyBackup.output)")
        #expect(FileManager.default.fileExists(atPath: root + "/etc/systemd/system/systemd-time-wait-sync.service.d/queue-appliance.conf"))
        // Each box's own options: the samples' are options the programs take (a frame drawn with them).
        for (program, file, variable, screen) in [("queue-display", "display.conf", "QUEUE_DISPLAY_OPTIONS", [String]()),
                                                  ("queue-kiosk", "kiosk.conf", "QUEUE_KIOSK_OPTIONS", ["--screen", "home"])] {
            let conf = try String(contentsOfFile: root + "/etc/queue-appliance/" + file, encoding: .utf8)
            let line = try #require(conf.split(separator: "\n").first { $0.hasPrefix(variable + "=") })
            let options = line.dropFirst(variable.count + 1).split(separator: " ").map(String.init)
            let unitText = try String(contentsOfFile: root + "/etc/systemd/system/\(program).service", encoding: .utf8)
            #expect(unitText.contains("EnvironmentFile=-/etc/queue-appliance/\(file)") && unitText.contains("$\(variable)"), "\(program)")
            let png = dest.appendingPathComponent("\(program).png").path
            let drawn = try await ProgramRun.run(CoordinatorProcess.binary(program), options + screen + ["--render-png", png, "--size", "800x480"],
                                                 environment: ["SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"])
            #expect(drawn.status == 0, "\(file): \(options) \(drawn.err)")
        }
        // The coordinator's command line is one it takes: the pages over HTTPS, HTTP sent there.
        let unit = try String(contentsOfFile: root + "/etc/systemd/system/queue-coordinator.service", encoding: .utf8)
        let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let arguments = execStart.split(separator: " ").dropFirst().map(String.init)
        #expect(try CoordinatorArguments.parse(arguments).web() == WebListeners(host: "0.0.0.0", https: 8443, http: 8080))
        // Installing again keeps a hall's edited config.
        try "# edited\n".write(toFile: root + "/etc/queue-appliance/hall.toml", atomically: true, encoding: .utf8)
        try await run("make", ["install-files", "DESTDIR=\(dest.path)", "BUILT=\(CoordinatorProcess.binDir.path)"], in: Self.packageRoot)
        #expect(try String(contentsOfFile: root + "/etc/queue-appliance/hall.toml", encoding: .utf8) == "# edited\n")
    }

    @Test func aBackupTakenWhileRunningRestoresTheSameHall() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        for s in ["A", "B", "A"] { _ = try await coordinator.send(.command(.issue(service: s, priority: .normal))) }
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: "Đỗ Văn Giang")))
        _ = try await coordinator.send(.command(.callNext(counter: 1)))
        let before = try await coordinator.status()

        // In a folder of its own: SQLite may put -wal and -shm files beside a database it opens.
        let folder = try TemporaryFolder("backup")
        defer { folder.remove() }
        let backup = folder.file("backup.sqlite")
        let made = try await run(CoordinatorProcess.binary("queuectl"), ["backup", "--out", backup, "--state-dir", coordinator.stateDir])
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("Backed up"))
        let again = try await run(CoordinatorProcess.binary("queuectl"), ["backup", "--out", backup, "--state-dir", coordinator.stateDir])
        #expect(again.status == 1 && again.output.contains("already exists"))

        // Restore: a new box's state directory with the copy as its database.
        let restored = try await CoordinatorProcess()
        restored.kill()
        try FileManager.default.removeItem(atPath: restored.stateDir + "/queue.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: restored.stateDir + "/queue.sqlite" + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: restored.stateDir + "/queue.sqlite")
        try await restored.start()
        let after = try await restored.status()
        #expect(after.tickets == before.tickets)
        #expect(after.seq == before.seq)
        #expect(after.counters == before.counters)
    }

    /// The backup timer's command: `queuectl backup --into FOLDER --keep N` on a running hall,
    /// night after night (virtual nights: the names come from `now`), keeps the newest N and
    /// never deletes a file that is not one of its backups.
    @Test func nightlyBackupsKeepTheNewestAndNothingElseIsTouched() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal)))
        let folder = try TemporaryFolder("backups")
        defer { folder.remove() }
        let source = coordinator.stateDir + "/queue.sqlite"
        try "keep me".write(toFile: folder.file("notes.txt"), atomically: true, encoding: .utf8)
        let firstNight = Date(timeIntervalSince1970: 1_796_047_200) // 2026-11-30 21:00 in Hanoi, 14:00 UTC
        var made: [String] = []
        for night in 0..<4 {
            let run = try QueueStore.backup(databaseAt: source, into: folder.path, keep: 3, now: firstNight + Double(night) * 86_400)
            made.append(run.made)
            #expect(run.removed == (night == 3 ? [(made[0] as NSString).lastPathComponent] : []), "\(run.removed)")
        }
        #expect((made[0] as NSString).lastPathComponent == "hall-20261130T140000Z.sqlite")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == made.dropFirst().map { ($0 as NSString).lastPathComponent } + ["notes.txt"], "\(left)")
        // Each backup is a whole database, never a partial one left behind.
        #expect(try ReportReader(path: made[3]).eventBodies(after: 0, limit: 100).count == (try ReportReader(path: source).eventBodies(after: 0, limit: 100).count))
        #expect(!left.contains { $0.hasPrefix(".partial") })
        // The same second twice is refused, not overwritten; and from the command line.
        #expect(throws: QueueError.self) { try QueueStore.backup(databaseAt: source, into: folder.path, keep: 3, now: firstNight + 3 * 86_400) }
        let ctl = try await run(CoordinatorProcess.binary("queuectl"), ["backup", "--into", folder.path, "--keep", "1", "--state-dir", coordinator.stateDir])
        #expect(ctl.status == 0 && ctl.output.contains("Removed the oldest"), "\(ctl.output)")
        // Today's copy is the one kept, although the virtual nights above sort after it (a clock behind the newest name).
        let fresh = try #require(ctl.output.firstMatch(of: /\sto (\S+) \(/)?.1).description
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("hall-") } == [(fresh as NSString).lastPathComponent])
        let both = try await run(CoordinatorProcess.binary("queuectl"), ["backup", "--into", folder.path, "--out", folder.file("x.sqlite")])
        #expect(both.status == 64 && both.output.contains("either --out FILE or --into FOLDER"), "\(both.output)")
    }
}
