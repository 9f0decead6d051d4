import CoordinatorApp
import Foundation
import QueueConfig
import QueueCore
import QueueTestSupport
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
}
