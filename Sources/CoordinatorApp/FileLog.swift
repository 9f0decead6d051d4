import Foundation
import Logging

/// A swift-log handler that appends lines to a file: for a coordinator run inside another
/// program (the simulator, tests), whose own output is for something else.
public struct FileLogHandler: LogHandler {
    private let label: String
    private let file: FileHandle
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    /// Appends to `path`, creating it if needed.
    public init(label: String, path: String, level: Logger.Level) throws {
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        file.seekToEndOfFile()
        self.label = label
        self.file = file
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?,
                    source: String, file _: String, function _: String, line _: UInt) {
        let all = metadata.merging(extra ?? [:]) { $1 }
        let fields = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        file.write(Data("\(stamp) \(level) \(label): \(message)\(fields)\n".utf8))
    }
}
