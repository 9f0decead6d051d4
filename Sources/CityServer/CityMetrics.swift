import CityStore
import Foundation
import Prometheus

/// What `queue-city serve` counts, in Prometheus text at `/metrics` on its HTTPS port: batches by
/// outcome, events stored, ingest time, summarising, and (read at each scrape) the halls online
/// and silent. One registry per server.
public final class CityMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let ingest: DurationHistogram
    let summarizing: DurationHistogram

    static var batches: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "queue_city", metricName: "batches", unitName: "total",
                             helpText: "Halls' batches answered, by outcome: stored, gap, refused (bad data), unauthorized, unavailable.")
    }
    static var events: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "queue_city", metricName: "events_stored", unitName: "total", helpText: "Events stored (new ones only).")
    }
    static var summaries: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "queue_city", metricName: "summaries_written", unitName: "total",
                             helpText: "Hall days, months and years summarised.")
    }
    static var halls: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "queue_city", metricName: "halls", unitName: "",
                             helpText: "Halls by state: online (heard from within 3 minutes) or silent.")
    }

    public init() {
        let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                   .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5), .seconds(20)]
        ingest = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "queue_city", metricName: "ingest", unitName: "seconds",
                                             helpText: "Time to store one hall's batch in PostgreSQL."), buckets: buckets)
        summarizing = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "queue_city", metricName: "summarize", unitName: "seconds",
                                             helpText: "Time of one summarising run over every hall."),
            buckets: buckets + [.seconds(60), .seconds(300)])
    }

    func batch(_ outcome: String, events: Int = 0, took: Duration? = nil) {
        registry.makeCounter(descriptor: Self.batches, labels: [("outcome", outcome)]).increment()
        if events > 0 { registry.makeCounter(descriptor: Self.events).increment(by: Int64(events)) }
        if let took { ingest.record(took) }
    }

    func summarized(_ written: Int, took: Duration) {
        registry.makeCounter(descriptor: Self.summaries).increment(by: Int64(written))
        summarizing.record(took)
    }

    /// The text of a scrape, with the halls' states read now (by this server's clock); without
    /// them (the database did not answer) the halls' gauges keep their last values.
    func text(halls: [CityHall]?, now: Date = Date(), onlineWithin: TimeInterval = 180) -> String {
        guard let halls else { return registry.emitToString() }
        let online = halls.filter { $0.lastSeen.map { now.timeIntervalSince($0) <= onlineWithin } ?? false }.count
        registry.makeGauge(descriptor: Self.halls, labels: [("state", "online")]).set(to: Double(online))
        registry.makeGauge(descriptor: Self.halls, labels: [("state", "silent")]).set(to: Double(halls.count - online))
        return registry.emitToString()
    }
}
