import AppLog
import Foundation
import Logging
import QueueTestSupport
import Testing

/// Logs as journald reads them: under systemd (JOURNAL_STREAM set) each line carries its syslog
/// priority and no second timestamp, so `journalctl -p warning` filters; at a terminal, a
/// timestamp and the level's name.
@Suite struct JournalLogTests {
    @Test func aLineForTheJournalCarriesItsPriorityAndNoTimestamp() {
        let line = JournalLogHandler.line(level: .warning, label: "queue-coordinator", message: "closing a connection",
                                          metadata: ["peer": "10.0.0.7", "device": "board-1"], source: "QueueServer", journal: true, now: Date())
        #expect(line == "<4>queue-coordinator: device=board-1 peer=10.0.0.7 [QueueServer] closing a connection")
        #expect([Logger.Level.critical, .error, .warning, .notice, .info, .debug, .trace].map(JournalLogHandler.priority) == [2, 3, 4, 5, 6, 7, 7])
        let terminal = JournalLogHandler.line(level: .info, label: "queue-display", message: "drawing", metadata: [:], source: "",
                                              journal: false, now: Date(timeIntervalSince1970: 1_796_000_400), zone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
        #expect(terminal == "2026-11-30T08:00:00+0700 info queue-display: drawing")
    }

    @Test func theCoordinatorUnderSystemdWritesPrioritiesTheJournalReads() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CoordinatorProcess.binary("queue-coordinator"))
        process.arguments = ["--state-dir", dir, "--host", "127.0.0.1", "--port", "0", "--no-discovery"]
        let out = Pipe(), err = Pipe()
        // What systemd sets: the device and inode of the stream standard error is.
        var info = stat()
        fstat(err.fileHandleForWriting.fileDescriptor, &info)
        process.environment = ProcessInfo.processInfo.environment.merging(["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)"]) { $1 }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        _ = out.fileHandleForReading.availableData // the "listening" line: it has started
        process.terminate()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("<") && $0.dropFirst(2).hasPrefix(">queue-coordinator: ") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("<5>") && $0.contains("wrote the local manager key") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("<6>") && $0.contains("listening") }, "\(text)")
        #expect(!text.contains("T0") && !text.contains("+0000"), "a second timestamp: \(text)")
    }
}
