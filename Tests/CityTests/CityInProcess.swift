import CityStore
import Logging
import QueueTestSupport

/// A city database in this process on a throwaway PostgreSQL cluster, migrated, with one ward
/// (`ba-dinh`) and one hall (`h`) in it. Keep it for the test's length: its pool stops with it.
final class CityInProcess {
    let cluster: PostgresCluster
    let db: CityDatabase
    private let pool: Task<Void, Never>

    init() async throws {
        cluster = try await PostgresCluster()
        let db = try CityDatabase(url: cluster.url, logger: Logger(label: "test"))
        self.db = db
        pool = Task { await db.run() }
        // In this process, beside the other suites' blocking work: more than the 10 s a person waits.
        try await db.check(within: 60)
        try await db.migrate()
        try await db.addUnit(CityUnit(id: "ba-dinh", name: "Phường Ba Đình", level: "ward"))
        _ = try await db.addHall(id: "h", name: "Bộ phận một cửa phường Ba Đình", unit: "ba-dinh")
    }

    deinit { pool.cancel() }
}
