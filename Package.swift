// swift-tools-version:6.0
// The hall queue appliance. Read the targets bottom-up: a pure domain at the bottom,
// wire and storage beside it, network transport above, thin executables on top.
import PackageDescription

// Every target is in the Swift 6 language mode (the tools version's default): data races are
// compile errors.

let package = Package(
    name: "QueueAppliance",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "queue-coordinator", targets: ["queue-coordinator"]),
        .executable(name: "queuectl", targets: ["queuectl"]),
        .executable(name: "queue-display", targets: ["queue-display"]),
        .executable(name: "queue-kiosk", targets: ["queue-kiosk"]),
        .executable(name: "queue-bench", targets: ["queue-bench"]),
        .executable(name: "queue-city", targets: ["queue-city"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure domain: hall model, tickets, the state machine, queue policy. No I/O.
        .target(name: "QueueCore"),
        // The hall config file (TOML) and the embedded default hall.
        .target(name: "QueueConfig", dependencies: [
            "QueueCore", .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // A device's key file, and where a coordinator keeps its state by default (file and
        // environment I/O, kept out of the protocol).
        .target(name: "DeviceKeys", dependencies: ["QueueCore"]),
        // The typed protocol (messages, requests, replies), framing, and the HMAC handshake.
        .target(name: "QueueWire", dependencies: [
            "QueueCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // SQLite through GRDB: migrations, tickets, the append-only event log, devices, request ids.
        .target(name: "QueueStore", dependencies: [
            "QueueCore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The reports' reads of the hall database (ticket times, handling baselines, daily
        // summaries), beside the coordinator or from a copy, read-only except the summaries.
        .target(name: "ReportStore", dependencies: [
            "QueueCore", "QueueStore", "QueueReports", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The coordinator: group-commit writer, sessions, subscriptions, discovery. NIO transport.
        .target(name: "QueueServer", dependencies: [
            "QueueCore", "QueueConfig", "QueueWire", "QueueStore", "QueueReports", "ReportStore", "DeviceKeys",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The client every device uses: discovery, handshake, requests, resumable subscription.
        .target(name: "QueueClient", dependencies: [
            "QueueCore", "QueueWire", "DeviceKeys",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // Wait reports: the model, exact statistics, and text/CSV/JSON/HTML renderers. No I/O.
        .target(name: "QueueReports", dependencies: ["QueueCore"]),
        // The web pages' TLS certificate: the hall's own, or the box's, made once (swift-certificates).
        .target(name: "WebTLS", dependencies: [
            "QueueCore",
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The clerk console and manager dashboard in the browser: Hummingbird routes, sessions,
        // pages as pure render functions, live updates by server-sent events. Uses QueueServer's
        // in-process entry point, so every change takes the same writer path as a TCP client.
        .target(name: "QueueWeb", dependencies: [
            "QueueCore", "QueueWire", "QueueStore", "QueueServer", "QueueReports", "DeviceKeys", "WebTLS",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The coordinator process as a library: its arguments, the services they build (the
        // coordinator and the web pages), in-process start and stop, and its "listening" line.
        .target(name: "CoordinatorApp", dependencies: [
            "CityLink", "QueueCore", "QueueConfig", "QueueWire", "QueueServer", "QueueWeb", "DeviceKeys", "WebTLS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // The hall simulator: seeded arrivals and clerk behaviour, driven over the wire on the virtual clock.
        .target(name: "QueueSimulator", dependencies: [
            "CoordinatorApp", "DeviceKeys", "QueueCore", "QueueClient", "QueueWire", "QueueConfig",
        ]),
        // Screens: pure drawing commands and text fitting shared by the board and the kiosk.
        .target(name: "Drawing"),
        // The display board as a pure model: (state, input) -> (state, effects), its layouts, and what
        // to announce (phrases: ticket numbers spelled, Vietnamese letter names; chime or not).
        .target(name: "BoardModel", dependencies: ["QueueCore", "Drawing"]),
        // Synthesis and playback only: the chime's samples, espeak-ng, the announcer's thread.
        .target(name: "Speech", dependencies: [
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        // SDL2, SDL2_ttf, SDL2_image from Debian packages.
        .systemLibrary(name: "CSDL2", path: "Sources/CSDL2"),
        // The only code that calls SDL: draws commands, measures text, saves PNGs, plays audio.
        .target(name: "Render", dependencies: [
            "CSDL2", "Drawing", .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        // The ticket kiosk as a pure model, its screens and the printed ticket's layout.
        .target(name: "KioskModel", dependencies: ["QueueCore", "Drawing"]),
        // libqrencode from Debian.
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode"),
        // ESC/POS: a rasterised ticket to printer bytes and back, QR codes, printer transports and status.
        .target(name: "Print", dependencies: ["Drawing", "CQRencode"]),
        // The command-line options every device and queuectl share (where the coordinator is, which key).
        .target(name: "DeviceOptions", dependencies: [
            "QueueClient", "QueueWire", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What queuectl and queue-city share on the command line: the day or span, the report's
        // format and output, the exit statuses.
        .target(name: "CommandOptions", dependencies: [
            "CityWire", "QueueConfig", "QueueCore", "QueueReports", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The one log handler of every binary: journald priorities under systemd, timestamps at a terminal.
        .target(name: "AppLog", dependencies: [.product(name: "Logging", package: "swift-log")]),
        // The version every binary prints for --version, with the git commit it was built from
        // (written by the GitCommit plugin). A leaf target of its own, so a new commit recompiles
        // only this file and relinks the executables, not the modules below them.
        .target(name: "AppVersion", plugins: ["GitCommit"]),
        .plugin(name: "GitCommit", capability: .buildTool()),
        // The city's side (docs/CITY.md). What a hall forwards and how it proves who it is; what a
        // viewer asks for.
        .target(name: "CityWire", dependencies: [
            "QueueCore", "QueueReports", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The city's PostgreSQL: schema and migrations, halls and their units, ingest of the
        // halls' events, and the reads reports make.
        .target(name: "CityStore", dependencies: [
            "CityWire", "QueueCore", "QueueReports", .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // queue-city's running side: halls push their events here (Hummingbird); closed days are
        // summarised in the background.
        .target(name: "CityServer", dependencies: [
            "CityStore", "CityWire", "QueueCore", "QueueReports", "WebTLS",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The hall's outbox: forwards the event log to the city, in order, off the writer's path;
        // and a viewer's requests to the city (queuectl city report).
        .target(name: "CityLink", dependencies: [
            "CityWire", "QueueConfig", "QueueCore", "ReportStore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Thin executables.
        .executableTarget(name: "queue-coordinator", dependencies: [
            "AppLog", "AppVersion", "CoordinatorApp", "QueueServer", "QueueConfig",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "queuectl", dependencies: [
            "CityLink", "CityWire", "DeviceKeys", "AppVersion", "DeviceOptions", "QueueClient", "QueueCore", "QueueWire", "QueueReports", "QueueSimulator", "QueueStore", "CommandOptions", "ReportStore", "QueueConfig", "WebTLS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .executableTarget(name: "queue-city", dependencies: [
            "AppLog", "AppVersion", "CityServer", "CityStore", "CityWire", "QueueCore", "QueueReports", "CommandOptions", "WebTLS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "queue-display", dependencies: [
            "AppLog", "DeviceKeys", "AppVersion", "DeviceOptions", "BoardModel", "Render", "Speech", "QueueClient", "QueueCore", "QueueWire",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "queue-kiosk", dependencies: [
            "AppLog", "DeviceKeys", "AppVersion", "DeviceOptions", "KioskModel", "Print", "Render", "QueueClient", "QueueCore", "QueueWire",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // libFuzzer over what a stranger can send: frames, requests, hall config files
        // (scripts/fuzz.sh builds it with -sanitize=fuzzer; a plain build replays a corpus).
        .executableTarget(name: "queue-fuzz", dependencies: [
            "QueueWire", "QueueConfig", "QueueCore", .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .executableTarget(name: "queue-bench", dependencies: [
            "CityLink", "CityStore", "CityWire", "CoordinatorApp", "DeviceKeys", "AppVersion", "QueueClient", "QueueCore", "QueueWire", "QueueStore", "QueueReports", "ReportStore", "QueueSimulator",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),

        .testTarget(name: "QueueCoreTests", dependencies: ["QueueCore", "QueueConfig"]),
        .testTarget(name: "QueueWireTests", dependencies: [
            "QueueWire", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOTestUtils", package: "swift-nio"),
        ]),
        .testTarget(name: "QueueStoreTests", dependencies: ["QueueStore", "QueueConfig"]),
        .testTarget(name: "BoardModelTests", dependencies: ["BoardModel", "Drawing", "QueueConfig"]),
        .testTarget(name: "SpeechTests", dependencies: [
            "Speech", .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .testTarget(name: "RenderTests", dependencies: [
            "Render", "Drawing", "BoardModel", "QueueConfig", "QueueClient", "QueueWire", "QueueTestSupport",
            "queue-display", "queue-coordinator",
        ]),
        .testTarget(name: "KioskModelTests", dependencies: ["KioskModel", "Drawing", "QueueConfig"]),
        .testTarget(name: "PrintTests", dependencies: [
            "Print", "KioskModel", "Render", "Drawing", "QueueConfig", "QueueClient", "QueueWire", "QueueTestSupport",
            "queue-kiosk", "queue-coordinator", .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .testTarget(name: "QueueReportsTests", dependencies: [
            "DeviceKeys", "QueueReports", "QueueStore", "ReportStore", "QueueSimulator", "QueueClient", "QueueConfig", "QueueTestSupport", "queue-coordinator", "queuectl",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "QueueServerTests", dependencies: [
            "AppLog", "DeviceKeys", "AppVersion", "CoordinatorApp", "QueueServer", "QueueClient", "QueueConfig", "QueueStore", "ReportStore", "QueueTestSupport", "queue-coordinator", "queuectl", "queue-display", "queue-kiosk",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "QueueWebTests", dependencies: [
            "DeviceKeys", "QueueWeb", "QueueServer", "QueueStore", "QueueConfig", "QueueReports", "QueueTestSupport", "WebTLS", "CoordinatorApp", "queue-coordinator", "queuectl", "queue-display",
            "queue-kiosk", "Print", "Drawing",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .testTarget(name: "CityTests", dependencies: [
            "CityStore", "CityWire", "CityLink", "QueueCore", "QueueConfig", "QueueReports", "QueueTestSupport", "WebTLS",
            "ReportStore", "QueueStore", "QueueSimulator", "queue-city", "queue-coordinator", "queuectl",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Starts the real coordinator binary and speaks raw bytes to it; shared by end-to-end suites.
        .target(name: "QueueTestSupport", dependencies: ["CoordinatorApp", "DeviceKeys", "QueueClient", "QueueCore", "QueueWire", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                path: "Tests/QueueTestSupport"),
    ]
)
