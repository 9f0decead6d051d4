// swift-tools-version:6.0
// The hall queue appliance. Read the targets bottom-up: a pure domain at the bottom,
// wire and storage beside it, network transport above, thin executables on top.
import PackageDescription

let settings: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "QueueAppliance",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "queue-coordinator", targets: ["queue-coordinator"]),
        .executable(name: "queuectl", targets: ["queuectl"]),
        .executable(name: "queue-bench", targets: ["queue-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Pure domain: hall model, tickets, the state machine, queue policy. No I/O.
        .target(name: "QueueCore", swiftSettings: settings),
        // The hall config file (TOML) and the embedded default hall.
        .target(name: "QueueConfig", dependencies: [
            "QueueCore", .product(name: "TOMLKit", package: "TOMLKit"),
        ], swiftSettings: settings),
        // Messages, framing, and the HMAC challenge-response handshake.
        .target(name: "QueueWire", dependencies: [
            "QueueCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: settings),
        // SQLite through GRDB: migrations, tickets, the append-only event log, devices, request ids.
        .target(name: "QueueStore", dependencies: [
            "QueueCore", "QueueWire",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: settings),
        // The coordinator: group-commit writer, sessions, subscriptions, discovery. NIO transport.
        .target(name: "QueueServer", dependencies: [
            "QueueCore", "QueueConfig", "QueueWire", "QueueStore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: settings),
        // The client every device uses: discovery, handshake, requests, resumable subscription.
        .target(name: "QueueClient", dependencies: [
            "QueueCore", "QueueWire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: settings),
        // Thin executables.
        .executableTarget(name: "queue-coordinator", dependencies: [
            "QueueServer", "QueueConfig",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: settings),
        .executableTarget(name: "queuectl", dependencies: [
            "QueueClient", "QueueCore", "QueueWire",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: settings),
        .executableTarget(name: "queue-bench", dependencies: [
            "QueueClient", "QueueCore", "QueueWire", "QueueStore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: settings),

        .testTarget(name: "QueueCoreTests", dependencies: ["QueueCore", "QueueConfig"], swiftSettings: settings),
        .testTarget(name: "QueueWireTests", dependencies: [
            "QueueWire", .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: settings),
        .testTarget(name: "QueueStoreTests", dependencies: ["QueueStore", "QueueConfig"], swiftSettings: settings),
        .testTarget(name: "QueueServerTests", dependencies: [
            "QueueServer", "QueueClient", "QueueConfig", "queue-coordinator", "queuectl",
        ], swiftSettings: settings),
    ]
)
