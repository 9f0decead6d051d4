import Foundation
import QueueCore

/// What a hall forwards to the city in one request: the next events of its log, in sequence
/// order starting right after what the city acknowledged, the configs it recorded since the
/// last one the city has, and its citizens' ratings after the last one the city has. The city
/// applies a batch in one transaction; a batch it has partly or wholly seen changes nothing the
/// second time (rows are keyed by hall and sequence, ratings by hall and ticket).
public struct CityBatch: Codable, Sendable {
    public var hall: String
    public var events: [Event]
    public var configs: [RecordedConfig]
    /// Empty to a city that keeps none; nil from a hall older than forwarded ratings (the city
    /// then says they are not kept there, not that none were given).
    public var ratings: [RecordedRating]?

    /// The most events a hall sends in one request (about 500 bytes each), and the most ratings.
    public static let eventsPerRequest = 2_000

    public init(hall: String, events: [Event], configs: [RecordedConfig] = [], ratings: [RecordedRating]? = []) {
        self.hall = hall
        self.events = events
        self.configs = configs
        self.ratings = ratings
    }

    /// A batch from the hall's stored JSON, without decoding and encoding each event again: the
    /// event log keeps every event as `HallJSON`, which is what this type decodes.
    public static func json(hall: String, eventBodies: [String], configs: [RecordedConfig], ratings: [RecordedRating] = []) throws -> Data {
        var out = Data("{\"hall\":".utf8)
        out += try HallJSON.encoder().encode(hall)
        out += Data(",\"configs\":".utf8)
        out += try HallJSON.encoder().encode(configs)
        out += Data(",\"ratings\":".utf8)
        out += try HallJSON.encoder().encode(ratings)
        out += Data(",\"events\":[".utf8)
        for (i, body) in eventBodies.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += Data(body.utf8)
        }
        out += Data("]}".utf8)
        return out
    }
}

extension CityBatch {
    /// A batch as the city receives it, with each event's JSON exactly as the hall sent it: the
    /// events are decoded as one array from the same bytes that are cut into each event's, so the
    /// two always agree (and the head is decoded without the events, so nothing is parsed twice).
    /// A body whose events cannot be cut apart is decoded whole, and `bodies` is nil. (A valid
    /// array is cut exactly where the decoder splits it; the ingest checks the counts again.)
    public static func decode(_ body: Data) throws -> (CityBatch, bodies: [String]?) {
        let decoder = HallJSON.decoder()
        let bytes = Array(body)
        guard let (slices, array) = JSONSlices.elements(of: "events", in: bytes) else {
            return (try decoder.decode(CityBatch.self, from: body), nil)
        }
        let head = try decoder.decode(CityBatch.self, from: Data(bytes[..<array.lowerBound] + Array("[]".utf8) + bytes[array.upperBound...]))
        let events = try decoder.decode([Event].self, from: Data(bytes[array]))
        return (CityBatch(hall: head.hall, events: events, configs: head.configs, ratings: head.ratings), slices.map { String(decoding: $0, as: UTF8.self) })
    }
}

/// A hall config as the hall recorded it: in force from `since` (ms since the epoch), as the
/// JSON the hall keeps (a `HallConfig`).
public struct RecordedConfig: Codable, Equatable, Sendable {
    public var since: Int64
    public var config: String

    public init(since: Int64, config: String) {
        self.since = since
        self.config = config
    }
}

/// The city's answer to a hall: the last event sequence it holds for the hall (0: none), the
/// `since` of the last config it holds (-1: none; a hall's first config is in force since 0), and
/// the number of the last rating it holds (0: none; nil from a city older than forwarded ratings,
/// which is sent none) with that rating's ticket and instant, so the hall can check it is its own.
/// The hall forwards from there.
public struct CityAck: Codable, Equatable, Sendable {
    public var hall: String
    public var acked: Int64
    public var configSince: Int64
    public var ratingSeq: Int64?
    public var lastRating: RatingMark?

    public init(hall: String, acked: Int64, configSince: Int64, ratingSeq: Int64?, lastRating: RatingMark? = nil) {
        self.hall = hall
        self.acked = acked
        self.configSince = configSince
        self.ratingSeq = ratingSeq
        self.lastRating = lastRating
    }
}

/// Where the city's endpoints are, for both sides.
public enum CityPaths {
    /// GET: the `CityAck` for a hall. POST: a `CityBatch`, answered with the new `CityAck`.
    public static func events(hall: String) -> String { "/v1/halls/\(hall)/events" }
}
