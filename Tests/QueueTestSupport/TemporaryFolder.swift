import Foundation

/// A new folder of its own in the system's temporary directory, `PREFIX-<uuid>`, for what one
/// test writes there: keys, pictures, printer output, a database (with the `-wal` and `-shm`
/// files SQLite makes beside it). The test removes it, and all of that with it, when it ends:
///
///     let folder = try TemporaryFolder("kiosk")
///     defer { folder.remove() }
///     let png = folder.file("home.png")
public struct TemporaryFolder: Sendable {
    public let path: String

    public init(_ prefix: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` in the folder (nothing is made there).
    public func file(_ name: String) -> String { path + "/" + name }

    /// Removes the folder and everything in it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
