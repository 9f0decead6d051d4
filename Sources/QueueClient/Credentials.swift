import DeviceKeys
import Foundation
import QueueCore
import QueueWire

/// Which key a client proves: the `--key-file` given, else the local manager key the coordinator
/// wrote into its state directory.
public enum Credentials {
    public static func load(keyFile: String?, stateDir: String?) throws -> KeyFile {
        if let keyFile { return try KeyFile.read(path: keyFile) }
        let dir = stateDir ?? Defaults.stateDirectory
        let path = (dir as NSString).appendingPathComponent("manager.key")
        guard FileManager.default.fileExists(atPath: path) else {
            throw QueueError(.noKey, "No --key-file given and no local manager key at \(path). Give --key-file FILE (made by `queuectl device add --out FILE`), or --state-dir of the coordinator on this machine.")
        }
        return try KeyFile.read(path: path)
    }
}
