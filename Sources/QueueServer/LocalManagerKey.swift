import DeviceKeys
import Foundation
import Logging
import QueueCore
import QueueStore
import QueueWire

/// On first start the coordinator makes a manager key for its own machine and writes it, mode 0600,
/// into the state directory, where `queuectl` finds it when no key file is given.
enum LocalManagerKey {
    static let deviceName = "local-manager"

    static func ensure(store: QueueStore, path: String, logger: Logger) throws {
        if let file = try? KeyFile.read(path: path), let device = try store.device(named: file.device),
           device.info.revokedAt == nil, device.key == file.keyData {
            return
        }
        let key = Handshake.newKey()
        try store.write { tx in
            try tx.replaceDevice(DeviceInfo(name: deviceName, role: .manager, counter: nil, createdAt: Date()), key: key)
        }
        try KeyFile(device: deviceName, role: .manager, key: key).write(path: path)
        logger.notice("wrote the local manager key", metadata: ["path": "\(path)"])
    }
}
