import Foundation
import QueueCore

/// A device's key file: `{"device": "kiosk-1", "role": "kiosk", "key": "<base64>"}`,
/// written by `queuectl device add --out FILE` and, for the local manager, by the coordinator.
/// It must be readable by the device's user only.
public struct KeyFile: Codable, Equatable, Sendable {
    public var device: String
    public var role: Role
    public var counter: Int?
    public var key: String

    public init(device: String, role: Role, counter: Int? = nil, key: Data) {
        self.device = device
        self.role = role
        self.counter = counter
        self.key = key.base64EncodedString()
    }

    public var keyData: Data? { Data(base64Encoded: key) }

    public static func read(path: String) throws -> KeyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QueueError(.keyFile, "Cannot read the key file \(path); check the path and that this user may read it.")
        }
        guard let file = try? JSONDecoder().decode(KeyFile.self, from: data), file.keyData?.count == 32 else {
            throw QueueError(.keyFile, "\(path) is not a device key file; make one with `queuectl device add --out FILE`.")
        }
        return file
    }

    /// Writes the file with mode 0600, replacing any old one atomically.
    public func write(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw QueueError(.keyFile, "Cannot write \(path); check that the folder exists and is writable.")
        }
        guard rename(tmp, path) == 0 else {
            throw QueueError(.keyFile, "Cannot move the new key into \(path); check that the folder is writable.")
        }
    }
}
