import CityStore
import Logging
import QueueCore
import ServiceLifecycle

/// Keeps the city's summaries up to date while `queue-city serve` runs: every `every`, each
/// hall's closed days changed since, then their months and years. Reports are exact without it
/// (days not summarised are read from tickets); it makes a city's year read one summary per hall.
/// Several instances may run: one summarises at a time. A failure is logged and tried again.
public struct CitySummarizer: ServiceLifecycle.Service, Sendable {
    let database: CityDatabase
    let every: Duration
    let logger: Logger
    let metrics: CityMetrics?

    public init(database: CityDatabase, every: Duration, logger: Logger, metrics: CityMetrics? = nil) {
        self.database = database
        self.metrics = metrics
        self.every = every
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let started = ContinuousClock.now
                // A stop does not wait for a long run (every summary is written whole; the next
                // run goes on from there).
                let database = self.database
                let written = try await cancelWhenGracefulShutdown { try await database.summarizeAll() }
                if let written { metrics?.summarized(written, took: ContinuousClock.now - started) }
                if let written, written > 0 {
                    logger.info("Summarised \(written) hall days, months or years in \(ContinuousClock.now - started).")
                }
            } catch where Task.isCancelled || Task.isShuttingDownGracefully {
                return
            } catch {
                logger.error("\(error) The reports stay exact; they read tickets for the days not summarised. Trying again in \(every).")
            }
            let every = self.every
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
        }
    }
}
