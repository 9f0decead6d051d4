import AsyncHTTPClient
import CityWire
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import QueueCore

/// One hall's signed requests to the city (`CityPaths.events`), for the outbox and the benchmark.
public struct CityClient: Sendable {
    let http: HTTPClient
    let url: String
    let key: CityKeyFile

    public init(http: HTTPClient, url: String, key: CityKeyFile) {
        self.http = http
        self.url = url
        self.key = key
    }

    /// What the city holds of this hall.
    public func ack() async throws -> CityAck { try await send(.GET, body: Data()) }

    /// The city's digest of this hall's event `seq`.
    public func digest(_ seq: Int64) async throws -> EventDigest {
        let path = CityPaths.digest(hall: key.hall, seq: seq)
        var request = HTTPClientRequest(url: url + path)
        request.headers.add(name: CityAuth.header, value: CityAuth.signature(key: key.key, method: "GET", path: path, body: Data()))
        let response = try await http.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .ok, let digest = try? JSONDecoder().decode(EventDigest.self, from: Data(buffer: answer)) else {
            throw QueueError(.unreachable, "the city answered \(response.status.code): \(String(buffer: answer).prefix(300))")
        }
        return digest
    }

    /// Sends a batch (`CityBatch.json`); the city's answer says what it now holds. Throws
    /// `Conflict` when the city holds less than the batch assumed: its ack says where to resume.
    public func push(_ batch: Data) async throws -> CityAck { try await send(.POST, body: batch) }

    public struct Conflict: Error, CustomStringConvertible {
        public let ack: CityAck
        public var description: String {
            "the city holds this hall's events up to \(ack.acked)\(ack.ratingSeq.map { " and its ratings up to number \($0)" } ?? "") only; sending from there"
        }
    }

    func send(_ method: HTTPMethod, body: Data) async throws -> CityAck {
        let path = CityPaths.events(hall: key.hall)
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        request.headers.add(name: CityAuth.header, value: CityAuth.signature(key: key.key, method: method.rawValue, path: path, body: body))
        if method == .POST {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok || response.status == .conflict,
              let ack = try? JSONDecoder().decode(CityAck.self, from: Data(buffer: answer)) else {
            throw QueueError(.unreachable, "the city answered \(response.status.code): \(String(buffer: answer).prefix(300))")
        }
        if response.status == .conflict { throw Conflict(ack: ack) }
        return ack
    }
}
