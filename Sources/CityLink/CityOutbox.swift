import AsyncHTTPClient
import CityWire
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import QueueConfig
import QueueCore
import ReportStore
import ServiceLifecycle

/// The hall's outbox: forwards the hall's event log to the city, in order, in batches, from the
/// last sequence the city acknowledged (the city says where it is; the hall keeps no state of
/// its own for this). It reads the database read-only beside the writer, so the hall is never
/// slowed, and a city that is away for hours or days only delays the city's view: on any
/// failure it waits (1 s, doubling to 60 s) and asks the city again where to resume.
public final class CityOutbox: ServiceLifecycle.Service, Sendable {
    let settings: CityLinkSettings
    let databasePath: String
    let logger: Logger
    /// How often an idle outbox looks for new events.
    let pollInterval: Duration
    /// Events per request (about 500 bytes each).
    public static let batchSize = 2_000

    public init(settings: CityLinkSettings, databasePath: String, logger: Logger, pollInterval: Duration = .seconds(1)) {
        self.settings = settings
        self.databasePath = databasePath
        self.logger = logger
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            do { try await self.forward() } catch is CancellationError {}
        }
    }

    func forward() async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let certificate = settings.certificate {
            // Pinned: the city's own certificate is the only one trusted; it stands for the name.
            tls.trustRoots = .certificates(try await retrying("reading the city's certificate \(certificate)") {
                try NIOSSLCertificate.fromPEMFile(certificate)
            })
            tls.certificateVerification = .noHostnameVerification
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(tlsConfiguration: tls, timeout: .init(connect: .seconds(10), read: .seconds(60))))
        defer { _ = client.shutdown() }
        let key = try await retrying("reading the city key file \(settings.keyFile)") { try CityKeyFile.read(path: self.settings.keyFile) }
        let reader = try await retrying("opening \(databasePath)") { try ReportReader(path: self.databasePath) }
        let link = Link(client: client, url: settings.url, key: key)
        var ack: CityAck?
        var failing: String?
        var delay = 1
        logger.info("forwarding to the city", metadata: ["city": "\(settings.url)", "hall": "\(key.hall)"])
        while true {
            do {
                let held: CityAck
                if let ack { held = ack } else { held = try await link.send(.GET, body: Data()) }
                ack = held
                let events = try reader.eventBodies(after: held.acked, limit: Self.batchSize)
                let configs = try reader.configs(after: held.configSince).map { RecordedConfig(since: $0.since, config: $0.config) }
                if events.isEmpty && configs.isEmpty {
                    try await Task.sleep(for: pollInterval)
                    continue
                }
                ack = try await link.send(.POST, body: CityBatch.json(hall: key.hall, eventBodies: events.map(\.body), configs: configs))
                if failing != nil {
                    logger.notice("the city link is back", metadata: ["acked": "\(ack?.acked ?? 0)"])
                    failing = nil
                }
                delay = 1
            } catch is CancellationError {
                return
            } catch {
                let why = "\(error)"
                if failing != why {
                    logger.warning("cannot forward to the city; the hall works on and the city's view waits", metadata: ["city": "\(settings.url)", "error": "\(why)"])
                    failing = why
                }
                ack = nil
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 60)
            }
        }
    }

    /// `body`'s value; a failure is logged and tried again every minute (a file put in place
    /// later, a database not there yet), so a wrong [city] section never stops the hall.
    func retrying<T>(_ what: String, _ body: () throws -> T) async throws -> T {
        var logged = false
        while true {
            do { return try body() } catch {
                if !logged { logger.error("city link: \(what) failed; trying again every minute", metadata: ["error": "\(error)"]) }
                logged = true
                try await Task.sleep(for: .seconds(60))
            }
        }
    }

    /// One hall's signed requests to the city.
    struct Link {
        let client: HTTPClient
        let url: String
        let key: CityKeyFile

        /// GET: where the city is; POST `body` (a batch): the city's answer. A 409 means the city
        /// holds less than the batch assumed; its answer says from where to send.
        func send(_ method: HTTPMethod, body: Data) async throws -> CityAck {
            let path = CityPaths.events(hall: key.hall)
            var request = HTTPClientRequest(url: url + path)
            request.method = method
            request.headers.add(name: CityAuth.header, value: CityAuth.signature(key: key.key, method: method.rawValue, path: path, body: body))
            if method == .POST {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await client.execute(request, timeout: .seconds(60))
            let answer = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok || response.status == .conflict,
                  let ack = try? JSONDecoder().decode(CityAck.self, from: Data(buffer: answer)) else {
                throw QueueError(.unreachable, "the city answered \(response.status.code): \(String(buffer: answer).prefix(300))")
            }
            return ack
        }
    }
}
