import Prometheus

/// What the coordinator counts, in Prometheus text at `/metrics` on the web port: requests by
/// op and outcome, how long commits take, citizens waiting per service, connected devices by
/// role, whether the writer is healthy, and how far the city is behind (with a `[city]` link).
/// One registry per coordinator, no process-wide state.
public final class CoordinatorMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let commits: DurationHistogram

    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "requests", unitName: "total",
                                               helpText: "Requests answered, by op and outcome (ok, or the error code).") }
    static var commitTime: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "commit", unitName: "seconds",
                                                 helpText: "Time to commit one batch of changes to the database (fsync included).") }
    static var waitingNow: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "waiting", unitName: "citizens",
                                                 helpText: "Citizens waiting, not called yet, per service.") }
    static var devicesNow: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "connected", unitName: "devices",
                                                 helpText: "Devices connected now, by role.") }
    static var writer: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "writer", unitName: "healthy",
                                             helpText: "1 while the writer ticks and the database takes commits, else 0 (/health says why).") }
    static var lag: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "city_outbox_lag", unitName: "events",
                                          helpText: "Events the hall holds that the city has not acknowledged yet.") }

    init() {
        commits = registry.makeDurationHistogram(
            descriptor: Self.commitTime,
            buckets: [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)])
    }

    /// One request answered: its op (`issue`, `call`, `status`, …) and `ok` or the error code.
    func answered(op: String, outcome: String) {
        registry.makeCounter(descriptor: Self.requests, labels: [("op", op), ("outcome", outcome)]).increment()
    }

    func committed(in duration: Duration) { commits.record(duration) }

    /// Citizens waiting (not called yet) per service, after each commit.
    func waiting(_ counts: [(service: String, count: Int)]) {
        for (service, count) in counts {
            registry.makeGauge(descriptor: Self.waitingNow, labels: [("service", service)]).set(to: Double(count))
        }
    }

    func connected(_ byRole: [String: Int], roles: [String]) {
        for role in roles {
            registry.makeGauge(descriptor: Self.devicesNow, labels: [("role", role)]).set(to: Double(byRole[role] ?? 0))
        }
    }

    func healthy(_ yes: Bool) {
        registry.makeGauge(descriptor: Self.writer).set(to: yes ? 1.0 : 0.0)
    }

    /// Events the hall holds that the city has not acknowledged yet.
    public func cityLag(_ events: Int64) {
        registry.makeGauge(descriptor: Self.lag).set(to: Double(events))
    }
}
