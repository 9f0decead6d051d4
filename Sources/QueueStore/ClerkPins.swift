import Foundation
import GRDB
import QueueCore

/// A clerk's PIN for one counter, as stored: who, where, and a salted hash of the PIN (never the
/// PIN itself). The web console signs a clerk in with it; `hash` is made and checked by the
/// caller (QueueWeb), so the store only keeps bytes.
public struct ClerkPin: Equatable, Sendable {
    public var id: Int64
    public var clerk: String
    public var counter: Int
    public var salt: Data
    public var hash: Data
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: Int64, clerk: String, counter: Int, salt: Data, hash: Data, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.clerk = clerk
        self.counter = counter
        self.salt = salt
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    static func from(_ row: Row) -> ClerkPin {
        ClerkPin(id: row["id"], clerk: row["clerk"], counter: row["counter"], salt: row["salt"], hash: row["hash"],
                 createdAt: Date(milliseconds: row["created_at"]), revokedAt: (row["revoked_at"] as Int64?).map(Date.init(milliseconds:)))
    }
}

extension QueueStore {
    /// Every PIN, revoked ones included, by counter then clerk.
    public func clerkPins() throws -> [ClerkPin] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM clerk_pin ORDER BY counter, clerk, id").map(ClerkPin.from) }
    }

    /// The PINs that may sign in at `counter` now.
    public func activeClerkPins(counter: Int) throws -> [ClerkPin] {
        try read { db in try StoreTransaction(db: db).activeClerkPins(counter: counter) }
    }

    public func clerkPin(id: Int64) throws -> ClerkPin? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM clerk_pin WHERE id = ?", arguments: [id]).map(ClerkPin.from) }
    }
}

extension StoreTransaction {
    public func activeClerkPins(counter: Int) throws -> [ClerkPin] {
        try Row.fetchAll(db, sql: "SELECT * FROM clerk_pin WHERE counter = ? AND revoked_at IS NULL ORDER BY id", arguments: [counter])
            .map(ClerkPin.from)
    }

    /// Stores a new PIN and returns it with its id.
    public func addClerkPin(clerk: String, counter: Int, salt: Data, hash: Data, at: Date) throws -> ClerkPin {
        try db.execute(sql: "INSERT INTO clerk_pin (clerk, counter, salt, hash, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [clerk, counter, salt, hash, at.milliseconds])
        return ClerkPin(id: db.lastInsertedRowID, clerk: clerk, counter: counter, salt: salt, hash: hash, createdAt: at)
    }

    public func revokeClerkPin(id: Int64, at: Date) throws {
        try db.execute(sql: "UPDATE clerk_pin SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [at.milliseconds, id])
        guard db.changesCount > 0 else {
            throw QueueError(.unknownPin, "There is no active PIN number \(id); it may have been revoked already.")
        }
    }
}
