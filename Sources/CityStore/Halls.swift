import CityWire
import Foundation
import PostgresNIO
import QueueCore

/// An administrative unit (the city, a ward or commune, a district before 2025) and the halls
/// that report to the city.
public struct CityUnit: Equatable, Sendable {
    public var id: String
    public var name: String
    /// A label from the city's own list ("city", "ward", "commune", "district"…); reports group by it.
    public var level: String
    public var parent: String?

    public init(id: String, name: String, level: String, parent: String? = nil) {
        self.id = id
        self.name = name
        self.level = level
        self.parent = parent
    }
}

public struct CityHall: Equatable, Sendable {
    public var id: String
    public var name: String
    public var unit: String
    /// The last event sequence the city holds (0: none yet).
    public var acked: Int64
    /// When the hall last forwarded anything; nil if never.
    public var lastSeen: Date?
}

extension CityDatabase {
    public func addUnit(_ unit: CityUnit) async throws {
        guard CityAuth.isHallCode(unit.id) else {
            throw QueueError(.badRequest, "\"\(unit.id)\" cannot be a unit's code: use 1 to 64 of a-z, 0-9 and -, such as ba-dinh.")
        }
        if let parent = unit.parent, !(try await units().contains { $0.id == parent }) {
            throw QueueError(.badRequest, "The city has no unit \"\(parent)\" to put \(unit.id) in; add it first.")
        }
        do {
            try await client.query("INSERT INTO unit (id, name, level, parent) VALUES (\(unit.id), \(unit.name), \(unit.level), \(unit.parent))", logger: logger)
        } catch {
            throw failure("Adding unit \(unit.id)", error)
        }
    }

    /// Adds a hall under `unit` and returns its new key (for its key file).
    public func addHall(id: String, name: String, unit: String) async throws -> Data {
        guard CityAuth.isHallCode(id) else {
            throw QueueError(.badRequest, "\"\(id)\" cannot be a hall's code: use 1 to 64 of a-z, 0-9 and -, such as phuong-ba-dinh.")
        }
        guard try await units().contains(where: { $0.id == unit }) else {
            throw QueueError(.badRequest, "The city has no unit \"\(unit)\"; add it first with `queue-city unit add`.")
        }
        let key = CityAuth.newKey()
        do {
            try await client.query("INSERT INTO hall (id, name, unit, key) VALUES (\(id), \(name), \(unit), \(key.base64EncodedString()))", logger: logger)
        } catch {
            throw failure("Adding hall \(id)", error)
        }
        return key
    }

    /// A hall's key, or nil when the city has no such hall.
    public func hallKey(_ id: String) async throws -> Data? {
        do {
            for try await key in try await client.query("SELECT key FROM hall WHERE id = \(id)", logger: logger).decode(String.self) {
                return Data(base64Encoded: key)
            }
            return nil
        } catch {
            throw failure("Reading hall \(id)", error)
        }
    }

    /// What the city holds for `hall`, which has just asked (so it is seen: `last_seen`).
    public func ack(_ hall: String) async throws -> CityAck? {
        do {
            for try await (acked, since, ratingSeq, ticket, at) in try await client.query("""
                UPDATE hall SET last_seen = now() WHERE id = \(hall)
                RETURNING acked, config_since, rating_seq,
                    (SELECT ticket FROM hall_rating r WHERE r.hall = hall.id AND r.seq = hall.rating_seq),
                    (SELECT at FROM hall_rating r WHERE r.hall = hall.id AND r.seq = hall.rating_seq)
                """, logger: logger).decode((Int64, Int64, Int64, Int64?, Int64?).self) {
                return CityAck(hall: hall, acked: acked, configSince: since, ratingSeq: ratingSeq,
                               lastRating: ticket.flatMap { t in at.map { RatingMark(ticket: t, at: $0) } })
            }
            return nil
        } catch {
            throw failure("Reading hall \(hall)", error)
        }
    }

    /// The digest of `hall`'s event `seq` as the city holds it (nil: it has none).
    public func digest(hall: String, seq: Int64) async throws -> EventDigest {
        do {
            for try await body in try await client.query("SELECT body FROM hall_event WHERE hall = \(hall) AND seq = \(seq)", logger: logger).decode(String.self) {
                return EventDigest(seq: seq, digest: try EventDigest.of(body: body))
            }
            return EventDigest(seq: seq, digest: nil)
        } catch {
            throw failure("Reading \(hall)'s event \(seq)", error)
        }
    }

    public func units() async throws -> [CityUnit] {
        do {
            var out: [CityUnit] = []
            for try await (id, name, level, parent) in try await client.query("SELECT id, name, level, parent FROM unit ORDER BY id", logger: logger)
                .decode((String, String, String, String?).self) {
                out.append(CityUnit(id: id, name: name, level: level, parent: parent))
            }
            return out
        } catch {
            throw failure("Reading units", error)
        }
    }

    public func halls() async throws -> [CityHall] {
        do {
            var out: [CityHall] = []
            for try await (id, name, unit, acked, seen) in try await client.query("SELECT id, name, unit, acked, last_seen FROM hall ORDER BY id", logger: logger)
                .decode((String, String, String, Int64, Date?).self) {
                out.append(CityHall(id: id, name: name, unit: unit, acked: acked, lastSeen: seen))
            }
            return out
        } catch {
            throw failure("Reading halls", error)
        }
    }
}
