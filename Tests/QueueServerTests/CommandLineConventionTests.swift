import AppVersion
import Foundation
import QueueTestSupport
import Testing

/// The command-line conventions of issue 10: `--version` on every binary, queuectl's exit statuses
/// (0 done, 1 refused, 64 usage, 65 bad data, 69 unreachable, 75 try again later, 78 config) and
/// config errors as one sentence without a usage banner. The real debug binaries, as README runs them.
@Suite(.serialized) struct CommandLineConventionTests {
    func run(_ name: String, _ arguments: [String]) async throws -> ProgramRun {
        try await ProgramRun.run(name.hasPrefix("/") ? name : CoordinatorProcess.binary(name), arguments)
    }

    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func everyBinaryPrintsTheOneVersionAndExits0() async throws {
        #expect(AppVersion.text.hasPrefix(AppVersion.number))
        for binary in ["queue-coordinator", "queuectl", "queue-display", "queue-kiosk", "queue-city", "queue-bench"] {
            let r = try await run(binary, ["--version"])
            #expect(r.status == 0, "\(binary): \(r.err)")
            #expect(r.out == AppVersion.text + "\n", "\(binary)")
        }
    }

    @Test func theMakefileTakesItsVersionFromTheSwiftSource() async throws {
        let r = try await ProgramRun.run("/usr/bin/env", ["make", "-s", "version"], directory: InstallTests.packageRoot)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == AppVersion.number + "\n")
    }


    /// A command without `commandName` makes swift-argument-parser derive the name with
    /// `String(describing:)` at every start, a dynamic cast that scans every protocol conformance in
    /// the binary: over half of queuectl's start-up (perf), and a one-day report is mostly start-up.
    @Test func everyCommandNamesItselfSoStartUpDoesNotReflect() async throws {
        let sources = InstallTests.packageRoot.appendingPathComponent("Sources")
        var unnamed: [String] = []
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for call in text.components(separatedBy: "CommandConfiguration(").dropFirst() {
                let head = call.prefix(while: { $0 != ":" })
                if !head.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("commandName") && !call.hasPrefix(")") {
                    unnamed.append("\(url.lastPathComponent): \(call.prefix(60))")
                }
            }
        }
        #expect(unnamed.isEmpty, "CommandConfiguration without commandName: \(unnamed)")
    }
    @Test func aRefusalExits1AndAnUnreachableCoordinatorExits69WithOneSentence() async throws {
        let coordinator = try await CoordinatorProcess()
        let key = coordinator.stateDir + "/manager.key"
        let refused = try await run("queuectl", ["call", "--counter", "99", "--coordinator", coordinator.address.description, "--key-file", key])
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("queuectl: There is no counter 99"), "\(refused.err)")

        let port = CoordinatorProcess.closedPort()
        let away = try await run("queuectl", ["status", "--coordinator", "127.0.0.1:\(port)", "--key-file", key])
        #expect(away.status == 69, "\(away.err)")
        #expect(away.err.hasPrefix("queuectl: cannot reach the coordinator at 127.0.0.1:\(port): "), "\(away.err)")
        #expect(away.err.split(separator: "\n").count == 1, "\(away.err)")
        #expect(away.out.isEmpty)
    }

    @Test func aWrongCommandLineExits64WithTheUsage() async throws {
        let r = try await run("queuectl", ["status", "--no-such-option"])
        #expect(r.status == 64)
        #expect(r.err.contains("Usage:"))
        // report and export offer --format json, not a --json they would ignore.
        let json = try await run("queuectl", ["report", "--date", "2026-11-30", "--json"])
        #expect(json.status == 64)
    }

    @Test func aBrokenHallFileExits78WithTheSentenceAndNoUsage() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hall = dir + "/hall.toml"
        let sample = try await run("queue-coordinator", ["--print-default-config"]).out
        try sample.replacingOccurrences(of: "number = 1\n", with: "number = 4.5\n").write(toFile: hall, atomically: true, encoding: .utf8)

        let coordinator = try await run("queue-coordinator", ["--config", hall, "--state-dir", dir + "/state", "--port", "0", "--no-discovery"])
        #expect(coordinator.status == 78)
        #expect(coordinator.err == "queue-coordinator: \(hall): counter[1].number: must be a whole number, not 4.5.\n")
        #expect(!coordinator.err.contains("Usage:"))

        let report = try await run("queuectl", ["report", "--date", "2026-11-30", "--db", dir + "/queue.sqlite", "--config", hall])
        #expect(report.status == 78)
        #expect(report.err == "queuectl: \(hall): counter[1].number: must be a whole number, not 4.5.\n")
    }

    /// Found by fuzzing: the TOML library's parser aborts on this line, in debug and release; each
    /// binary has a child of its own parse it first (`ParseInChild`).
    @Test func aHallFileTheParserCrashesOnIsASentenceAndExit78() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hall = dir + "/hall.toml"
        try "services = [}G\", \"D\"]\n".write(toFile: hall, atomically: true, encoding: .utf8)
        let coordinator = try await run("queue-coordinator", ["--config", hall, "--state-dir", dir + "/state", "--port", "0", "--no-discovery"])
        #expect(coordinator.status == 78)
        #expect(coordinator.err.hasPrefix("queue-coordinator: \(hall): the TOML parser crashed on this file"), "\(coordinator.err)")
        #expect(!coordinator.err.contains("Assertion"))
        // queuectl, which reads hall files for reports and simulations, says the same, and lives.
        for arguments in [["report", "--date", "2026-11-30", "--db", dir + "/queue.sqlite", "--config", hall],
                          ["simulate", "--config", hall, "--state-dir", dir + "/sim", "--date", "2026-11-30"]] {
            let ctl = try await run("queuectl", arguments)
            #expect(ctl.status == 78, "\(arguments[0]): \(ctl.err)")
            #expect(ctl.err.hasPrefix("queuectl: \(hall): the TOML parser crashed on this file"), "\(arguments[0]): \(ctl.err)")
        }
    }

    /// A state directory the coordinator's user may not write (a hall that ran before, its files
    /// owned by someone else) is refused at start, 73 with a sentence, instead of a coordinator
    /// that listens and refuses every change. As root (CI), who may write anywhere, the coordinator
    /// runs as nobody through setpriv.
    @Test func aStateDirectoryItCannotWriteIsRefusedWith73() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = dir + "/state"
        let ran = try await run("queuectl", ["simulate", "--state-dir", state, "--date", "2026-11-30", "--days", "1", "--tickets", "5"])
        #expect(ran.status == 0, "\(ran.err)")
        for file in try FileManager.default.contentsOfDirectory(atPath: state) {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: state + "/" + file)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: state)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: state) }
        let arguments = ["--state-dir", state, "--host", "127.0.0.1", "--port", "0", "--no-discovery"]
        let started = geteuid() == 0
            ? try await run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", CoordinatorProcess.binary("queue-coordinator")] + arguments)
            : try await run("queue-coordinator", arguments)
        #expect(started.status == 73, "\(started.err)")
        #expect(started.err.contains("must be writable by this user"), "\(started.err)")
        #expect(!started.err.contains("Another coordinator"))
    }

    @Test func aFileThatIsNotADatabaseIsBadData65() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "not a database".write(toFile: dir + "/queue.sqlite", atomically: true, encoding: .utf8)
        let r = try await run("queuectl", ["report", "--date", "2026-11-30", "--db", dir + "/queue.sqlite"])
        #expect(r.status == 65, "\(r.err)")
        #expect(r.err.contains("Is it a coordinator's queue.sqlite"))
    }
}
