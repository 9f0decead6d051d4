import DeviceKeys
import Foundation
import QueueCore
import QueueWire

/// How a device reaches the coordinator: `--coordinator HOST:PORT` or UDP discovery on every
/// attempt, and its key (`--key-file`, else the local manager key in `--state-dir`). Shared by
/// the board and the kiosk.
public struct DeviceSettings: Sendable {
    public var coordinator: String?
    public var keyFile: String?
    public var stateDir: String?
    public var discoveryPort: Int

    public init(coordinator: String?, keyFile: String?, stateDir: String?, discoveryPort: Int) {
        self.coordinator = coordinator
        self.keyFile = keyFile
        self.stateDir = stateDir
        self.discoveryPort = discoveryPort
    }

    public var locate: @Sendable () async throws -> CoordinatorAddress {
        let coordinator = coordinator, port = discoveryPort
        return {
            if let coordinator { return try CoordinatorAddress(parsing: coordinator, defaultPort: Defaults.port) }
            return try await DiscoveryClient.find(port: port).0
        }
    }

    public func key() throws -> KeyFile { try Credentials.load(keyFile: keyFile, stateDir: stateDir) }
}

/// Runs async work from synchronous code (an SDL main thread) and waits for its result.
public enum Blocking {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<Result<T, Error>>()
        Task {
            do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
        }
        return try box.wait().get()
    }

    final class Box<V>: @unchecked Sendable { // unchecked: written once before the semaphore is signalled, read only after waiting on it
        private let semaphore = DispatchSemaphore(value: 0)
        private var value: V?
        func set(_ v: V) {
            value = v
            semaphore.signal()
        }
        func wait() -> V {
            semaphore.wait()
            return value!
        }
    }
}
