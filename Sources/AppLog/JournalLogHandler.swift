import Foundation
import Logging

/// The one log handler of every binary. Under systemd (`JOURNAL_STREAM` set: standard error goes
/// to the journal) each line is `<N>label: key=value [source] message`, with the syslog priority
/// journald reads (so `journalctl -p warning` filters) and no timestamp of its own (the journal
/// stamps each line). Anywhere else: `2026-12-01T07:30:00+0700 warning label: key=value [source]
/// message` on standard error, for a person at a terminal.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let journal: Bool

    public init(label: String, level: Logger.Level = .info, journal: Bool = JournalLogHandler.stderrIsJournal) {
        self.label = label
        self.logLevel = level
        self.journal = journal
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        if let error = event.error { all["error"] = "\(error)" }
        let text = Self.line(level: event.level, label: label, message: "\(event.message)", metadata: all, source: event.source,
                             journal: journal, now: Date())
        Self.write(text)
    }

    /// Whether standard error is the journal's stream: `JOURNAL_STREAM` ("device:inode", set by
    /// systemd) names this very file, not one a shell inherited it from before redirecting.
    public static let stderrIsJournal: Bool = {
        guard let value = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":").compactMap { UInt64($0) }
        var info = stat()
        guard parts.count == 2, fstat(2, &info) == 0 else { return false }
        return UInt64(info.st_dev) == parts[0] && UInt64(info.st_ino) == parts[1]
    }()

    /// One write per line (lines from several threads never interleave); a failed write (a
    /// closed pipe) loses the line, never the process.
    static func write(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
    }

    /// A sentence a program prints as it fails (before or outside its loggers): an error, with
    /// the journal's priority when standard error is the journal.
    public static func fatal(_ sentence: String) {
        write((stderrIsJournal ? "<3>" : "") + sentence)
    }

    /// The line as written (without its newline).
    public static func line(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String,
                            journal: Bool, now: Date, zone: TimeZone = .current) -> String {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let body = "\(label): " + (fields.isEmpty ? "" : fields + " ") + (source.isEmpty ? "" : "[\(source)] ") + message
        // The journal reads one line as one entry: a message's own line breaks would lose the priority.
        guard !journal else { return "<\(priority(level))>" + body.replacingOccurrences(of: "\n", with: " ") }
        let stamp = Date.ISO8601FormatStyle(timeZone: zone).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted)
        return "\(now.formatted(stamp)) \(level) " + body
    }

    /// syslog priorities, as sd-daemon(3) prefixes: 2 critical … 7 debug.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: return 2
        case .error: return 3
        case .warning: return 4
        case .notice: return 5
        case .info: return 6
        case .debug, .trace: return 7
        }
    }
}

public enum AppLog {
    /// Every logger of this process writes through `JournalLogHandler` at `level` and above.
    public static func bootstrap(level: Logger.Level = .info) {
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: level) }
    }
}
