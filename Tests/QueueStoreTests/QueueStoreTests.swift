import Foundation
import GRDB
import QueueConfig
import QueueCore
@testable import QueueStore
import Testing

@Suite struct QueueStoreTests {
    let config = HallConfigLoader.defaultHall()
    let monday = Date(timeIntervalSince1970: 1_796_000_400) // 2026-11-30 08:00 in Hanoi

    /// A new folder for one test's database, queue.sqlite, and the -wal and -shm files SQLite
    /// makes beside it. The test removes the folder when it ends. (Not QueueTestSupport's
    /// `TemporaryFolder`: this target does without that support and the coordinator it brings.)
    func temporaryFolder() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("queue-store-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Decides, records and commits commands the way the coordinator's writer does.
    func commit(_ commands: [Command], to store: QueueStore, state: inout HallState, at start: Date) throws {
        var now = start
        for command in commands {
            let events = try state.perform(command, by: "test", at: now).get()
            try store.write { tx in try tx.append(events) }
            now += 60
        }
    }

    let aMorning: [Command] = [
        .issue(service: "A", priority: .normal), .issue(service: "A", priority: .elderly), .issue(service: "C", priority: .normal),
        .signIn(counter: 1, clerk: "Nguyễn Văn An"), .callNext(counter: 1), .start(counter: 1), .finish(counter: 1),
        .callNext(counter: 1), .recall(counter: 1), .start(counter: 1), .transfer(counter: 1, to: "B"),
        .signIn(counter: 4, clerk: "Lê Thị Hoa"), .callNext(counter: 4), .pause(counter: 1, reason: "Họp giao ban"),
    ]

    @Test func migrationsRunOnceAndAReopenedDatabaseKeepsEverything() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/queue.sqlite"
        var state = HallState(config: config)
        do {
            let store = try QueueStore(path: path)
            try commit(aMorning, to: store, state: &state, at: monday)
        }
        let reopened = try QueueStore(path: path)
        #expect(try reopened.lastSeq() == state.seq)
        let tables = try reopened.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(tables.contains("ticket") && tables.contains("event") && tables.contains("device") && tables.contains("request"))
        let migrations = try reopened.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == ["v1", "v2-ticket-day-id", "v3-clerk-pin", "v-reports-1-hall-record", "v-reports-2-day-summary", "v-reports-3-day-tally", "v4-rating", "v5-appointment", "v6-rating-seq"])
        #expect(try reopened.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        // FULL on the connection that commits (readers do not matter for durability).
        #expect(try reopened.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
    }

    /// Ratings kept before they were numbered get numbers in the order they were given (then by
    /// ticket), so the hall can forward them all; new ones follow on.
    @Test func ratingsKeptBeforeNumberingAreNumberedInTheOrderGiven() throws {
        var config = Configuration()
        config.foreignKeysEnabled = false  // ratings alone, without their tickets
        let queue = try DatabaseQueue(configuration: config)
        try Migrations.migrator.migrate(queue, upTo: "v5-appointment")
        try queue.write { db in
            for (ticket, at) in [(5, 100), (3, 100), (9, 50)] as [(Int64, Int64)] {
                try db.execute(sql: "INSERT INTO rating (ticket, day, service, rating, at) VALUES (?, '2026-11-30', 'A', 'satisfied', ?)", arguments: [ticket, at])
            }
        }
        try Migrations.migrator.migrate(queue)
        let numbered = try queue.read { db in try Row.fetchAll(db, sql: "SELECT seq, ticket FROM rating ORDER BY seq").map { [$0[0], $0[1]] as [Int64] } }
        #expect(numbered == [[1, 9], [2, 3], [3, 5]])
    }

    /// Since when each paused counter paused, from the event log: what the dashboard shows for a
    /// pause that began before it started watching.
    @Test func whenEachCounterLastPausedComesFromTheEventLog() throws {
        let store = try QueueStore()
        var state = HallState(config: HallConfigLoader.defaultHall())
        try commit([.signIn(counter: 1, clerk: "An"), .pause(counter: 1, reason: "a"), .resume(counter: 1), .pause(counter: 1, reason: "b"),
                    .signIn(counter: 2, clerk: "Bình")], to: store, state: &state, at: monday)
        // Commands are a minute apart: the second pause was at 08:03.
        #expect(try store.pauseTimes(of: [1, 2]) == [1: (monday + 180).milliseconds])
        #expect(try store.pauseTimes(of: []) == [:])
    }

    @Test func aClerkPINIsKeptAsASaltedHashAndRevokedNeverDeleted() throws {
        let store = try QueueStore()
        let pin = try store.write { tx in
            try tx.addClerkPin(clerk: "Nguyễn Văn An", counter: 1, salt: Data([1, 2]), hash: Data([3, 4]), at: monday)
        }
        #expect(try store.activeClerkPins(counter: 1) == [pin])
        #expect(try store.activeClerkPins(counter: 2).isEmpty)
        try store.write { tx in try tx.revokeClerkPin(id: pin.id, at: monday + 60) }
        #expect(try store.activeClerkPins(counter: 1).isEmpty)
        #expect(try store.clerkPin(id: pin.id)?.revokedAt == monday + 60)
        #expect(throws: QueueError.self) { try store.write { tx in try tx.revokeClerkPin(id: pin.id, at: monday + 120) } }
        #expect(throws: (any Error).self) { try store.write { tx in try tx.db.execute(sql: "DELETE FROM clerk_pin") } }
        #expect(try store.clerkPins().count == 1)
    }

    @Test func theLiveStateIsRebuiltExactlyFromTheTables() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/queue.sqlite"
        var state = HallState(config: config)
        try commit(aMorning, to: try QueueStore(path: path), state: &state, at: monday)
        let loaded = try QueueStore(path: path).loadState(config: config)
        #expect(loaded == state)
        #expect(loaded.tickets.count == 2) // A001 waiting in B's queue after its transfer, C001 called
        #expect(loaded.nextNumber == ["A": 3, "C": 2])
    }

    @Test func everyTransitionIsInTheEventLogWhichCannotBeRewritten() throws {
        let store = try QueueStore()
        var state = HallState(config: config)
        try commit(aMorning, to: store, state: &state, at: monday)
        let events = try store.events(after: 0)
        #expect(events.map(\.seq) == Array(1...state.seq))
        #expect(events.first?.kind == .dayOpened)
        #expect(throws: (any Error).self) { try store.write { tx in try tx.db.execute(sql: "UPDATE event SET device = 'x'") } }
        #expect(throws: (any Error).self) { try store.write { tx in try tx.db.execute(sql: "DELETE FROM event") } }
        #expect(throws: (any Error).self) { try store.write { tx in try tx.db.execute(sql: "DELETE FROM ticket") } }
    }

    @Test func theDatabaseRefusesASecondTicketWithTheSameNumberOnTheSameDay() throws {
        let store = try QueueStore()
        let t = Ticket(id: 1, day: "2026-11-30", service: "A", number: 1, label: "A001", priority: .normal, issuedAt: monday)
        var twin = t
        twin.id = 2
        try store.write { tx in try tx.append([Event(seq: 1, at: monday, kind: .issued, device: "k", ticket: t)]) }
        #expect(throws: (any Error).self) {
            try store.write { tx in try tx.append([Event(seq: 2, at: monday, kind: .issued, device: "k", ticket: twin)]) }
        }
        #expect(try store.lastSeq() == 1)
    }

    @Test func aRememberedReplyIsFoundAgainPerDevice() throws {
        let store = try QueueStore()
        try store.write { tx in try tx.remember(device: "kiosk-1", requestId: "r1", at: monday, reply: Data("first".utf8)) }
        let (same, other) = try store.write { tx in
            (try tx.rememberedReply(device: "kiosk-1", requestId: "r1"), try tx.rememberedReply(device: "kiosk-2", requestId: "r1"))
        }
        #expect(same == Data("first".utf8))
        #expect(other == nil)
    }

    @Test func devicesAreAddedAndRevokedNeverDuplicated() throws {
        let store = try QueueStore()
        let info = DeviceInfo(name: "kiosk-1", role: .kiosk, counter: nil, createdAt: monday)
        try store.write { tx in try tx.addDevice(info, key: Data(repeating: 1, count: 32)) }
        #expect(throws: QueueError.self) { try store.write { tx in try tx.addDevice(info, key: Data(repeating: 2, count: 32)) } }
        try store.write { tx in try tx.revokeDevice(name: "kiosk-1", at: monday) }
        #expect(try store.device(named: "kiosk-1")?.info.revokedAt == monday)
        #expect(throws: QueueError.self) { try store.write { tx in try tx.revokeDevice(name: "kiosk-1", at: monday) } }
    }
}
