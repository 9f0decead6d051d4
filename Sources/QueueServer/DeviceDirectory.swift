import Foundation
import NIOConcurrencyHelpers
import QueueCore
import QueueStore
import QueueWire

/// The devices and their keys, held in memory so the handshake never waits for the database.
/// Loaded at start; the writer updates it after each committed add or revoke.
final class DeviceDirectory: Sendable {
    private let devices: NIOLockedValueBox<[String: QueueStore.Device]>

    init(_ list: [QueueStore.Device]) {
        devices = NIOLockedValueBox(Dictionary(uniqueKeysWithValues: list.map { ($0.info.name, $0) }))
    }

    /// The device if it exists and is not revoked.
    func active(_ name: String) -> QueueStore.Device? {
        devices.withLockedValue { $0[name] }.flatMap { $0.info.revokedAt == nil ? $0 : nil }
    }

    /// Every device, revoked ones too (no keys).
    func all() -> [DeviceInfo] {
        devices.withLockedValue { $0.values.map(\.info) }
    }

    func set(_ device: QueueStore.Device) {
        devices.withLockedValue { $0[device.info.name] = device }
    }
}
