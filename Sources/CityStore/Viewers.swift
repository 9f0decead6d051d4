import CityWire
import Foundation
import PostgresNIO
import QueueCore

/// Who may open the city dashboard (`queue-city viewer add`).
extension CityDatabase {
    /// Adds a viewer and returns the password, shown once: the city keeps only its hash.
    public func addViewer(_ name: String) async throws -> String {
        guard CityAuth.isHallCode(name) else {
            throw QueueError(.badRequest, "\"\(name)\" cannot be a viewer's name: use 1 to 64 of a-z, 0-9 and -, such as nguyen-van-a.")
        }
        let password = ViewerPassword.new(), salt = ViewerPassword.newSalt()
        do {
            try await client.query("""
                INSERT INTO viewer (name, salt, hash) VALUES (\(name), \(ByteBuffer(bytes: Array(salt))), \(ByteBuffer(bytes: Array(ViewerPassword.hash(password, salt: salt)))))
                ON CONFLICT (name) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, added_at = now()
                """, logger: logger)
        } catch {
            throw failure("Adding viewer \(name)", error)
        }
        return password
    }

    /// Whether there was such a viewer to remove.
    public func removeViewer(_ name: String) async throws -> Bool {
        do {
            var removed = false
            for try await _ in try await client.query("DELETE FROM viewer WHERE name = \(name) RETURNING name", logger: logger) { removed = true }
            return removed
        } catch {
            throw failure("Removing viewer \(name)", error)
        }
    }

    public func viewers() async throws -> [(name: String, added: Date)] {
        do {
            var out: [(name: String, added: Date)] = []
            for try await row in try await client.query("SELECT name, added_at FROM viewer ORDER BY name", logger: logger).decode((String, Date).self) {
                out.append(row)
            }
            return out
        } catch {
            throw failure("Reading viewers", error)
        }
    }

    public func isViewer(_ name: String, password: String) async throws -> Bool {
        do {
            for try await (salt, hash) in try await client.query("SELECT salt, hash FROM viewer WHERE name = \(name)", logger: logger)
                .decode((ByteBuffer, ByteBuffer).self) {
                return ViewerPassword.matches(password, salt: Data(salt.readableBytesView), hash: Data(hash.readableBytesView))
            }
            return false
        } catch {
            throw failure("Checking viewer \(name)", error)
        }
    }
}
