import NIOConcurrencyHelpers
import Prometheus

/// What the coordinator counts, in Prometheus text at `/metrics` on the web port: the writer's
/// requests (changes and ticks) by op and outcome, how long commits take, citizens waiting per service, connected devices by
/// role, whether the writer is healthy, and how far the city is behind (with a `[city]` link).
/// One registry per coordinator, no process-wide state.
public final class CoordinatorMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let commits: DurationHistogram
    /// Counters and gauges made once and kept: making one (name checks, label hashing, the
    /// registry's lock) is not for every request.
    private let counters = NIOLockedValueBox<[String: Counter]>([:])
    private let gauges = NIOLockedValueBox<[String: Gauge]>([:])

    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "requests", unitName: "total",
                                               helpText: "Changes (and ticks) the writer answered, by op and outcome: ok, replayed (a retry answered as before), or the error code.") }
    static var commitTime: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "commit", unitName: "seconds",
                                                 helpText: "Time to decide, encode and commit one batch of changes (fsync included).") }
    static var waitingNow: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "waiting", unitName: "citizens",
                                                 helpText: "Citizens waiting, not called yet, per service.") }
    static var devicesNow: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "connected", unitName: "devices",
                                                 helpText: "Devices connected now, by role.") }
    static var deviceProblems: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "device_problems", unitName: "devices",
                                                     helpText: "Boards and kiosks with a problem now, by kind: offline (a minute or more), screen (not drawing), printer (not ready), silent (no speakers).") }
    static var writer: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "writer", unitName: "healthy",
                                             helpText: "1 while the writer ticks and the database takes commits, else 0 (/health says why).") }
    static var lag: MetricNameDescriptor { MetricNameDescriptor(namespace: "queue", metricName: "outbox_lag", unitName: "events",
                                          helpText: "Events the hall holds that the city has not acknowledged yet.") }

    init() {
        commits = registry.makeDurationHistogram(
            descriptor: Self.commitTime,
            buckets: [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)])
    }

    /// One request answered: its op (`issue`, `call`, `status`, …) and `ok` or the error code.
    func answered(op: String, outcome: String) {
        let key = op + "|" + outcome
        let counter = counters.withLockedValue { kept in
            if let c = kept[key] { return c }
            let c = registry.makeCounter(descriptor: Self.requests, labels: [("op", op), ("outcome", outcome)])
            kept[key] = c
            return c
        }
        counter.increment()
    }

    private func gauge(_ descriptor: MetricNameDescriptor, _ labels: [(String, String)]) -> Gauge {
        let key = descriptor.name + labels.map { "|" + $0.1 }.joined()
        return gauges.withLockedValue { kept in
            if let g = kept[key] { return g }
            let g = registry.makeGauge(descriptor: descriptor, labels: labels)
            kept[key] = g
            return g
        }
    }

    func committed(in duration: Duration) { commits.record(duration) }

    /// Citizens waiting (not called yet) per service, after each commit.
    func waiting(_ counts: [(service: String, count: Int)]) {
        for (service, count) in counts {
            gauge(Self.waitingNow, [("service", service)]).set(to: Double(count))
        }
    }

    func connected(_ byRole: [String: Int], roles: [String]) {
        for role in roles {
            gauge(Self.devicesNow, [("role", role)]).set(to: Double(byRole[role] ?? 0))
        }
    }

    /// Boards and kiosks with each kind of problem (every kind said, 0 when none).
    func deviceProblems(_ byKind: [String: Int]) {
        for kind in ["offline", "screen", "printer", "silent"] {
            gauge(Self.deviceProblems, [("problem", kind)]).set(to: Double(byKind[kind] ?? 0))
        }
    }

    func healthy(_ yes: Bool) {
        gauge(Self.writer, []).set(to: yes ? 1.0 : 0.0)
    }

    /// Events the hall holds that the city has not acknowledged yet.
    public func cityLag(_ events: Int64) {
        gauge(Self.lag, []).set(to: Double(events))
    }
}
