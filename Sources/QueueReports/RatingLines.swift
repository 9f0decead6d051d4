import QueueCore

/// Citizens' ratings of their visits (the phone page, docs/PHONE.md) for the whole hall, one
/// service or one clerk: how many gave each of the three levels, and the reasons given.
public struct RatingLine: Codable, Equatable, Sendable {
    /// "hall", "service" or "clerk".
    public var by: String
    public var key: String
    public var name: String
    public var verySatisfied: Int
    public var satisfied: Int
    public var dissatisfied: Int
    /// Reason id → how many gave it.
    public var reasons: [String: Int]

    public var total: Int { verySatisfied + satisfied + dissatisfied }
    /// Very satisfied and satisfied, of all ratings; nil with none.
    public var satisfiedShare: Double? { total == 0 ? nil : Double(verySatisfied + satisfied) / Double(total) }

    /// The line's name in a table: "Hall", "A Đất đai", "Clerk Nguyễn Thị Lan".
    public var label: String {
        switch by {
        case "service": return "\(key) \(name)"
        case "clerk": return "Clerk \(name)"
        default: return name
        }
    }

    /// "62%" of ratings very satisfied or satisfied.
    public var satisfiedText: String { satisfiedShare.map { "\(Int(($0 * 100).rounded()))%" } ?? "–" }

    /// The reasons given, most given first: "Waited too long 3, Other 1".
    public var reasonsText: String {
        reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\(RatingReason(rawValue: $0.key)?.en ?? $0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// A line with no rating counted yet.
    static func empty(_ by: String, _ key: String, _ name: String) -> RatingLine {
        RatingLine(by: by, key: key, name: name, verySatisfied: 0, satisfied: 0, dissatisfied: 0, reasons: [:])
    }

    /// Several halls' lines added up; nil with none.
    static func sum(_ lines: [RatingLine], name: String) -> RatingLine? {
        guard !lines.isEmpty else { return nil }
        var total = empty("hall", "", name)
        for l in lines {
            total.verySatisfied += l.verySatisfied
            total.satisfied += l.satisfied
            total.dissatisfied += l.dissatisfied
            total.reasons.merge(l.reasons, uniquingKeysWith: +)
        }
        return total
    }

    mutating func add(_ c: RatingCount) {
        switch c.rating {
        case .verySatisfied: verySatisfied += c.count
        case .satisfied: satisfied += c.count
        case .dissatisfied: dissatisfied += c.count
        }
        if let reason = c.reason { reasons[reason.rawValue, default: 0] += c.count }
    }

    /// The hall's line, then one per service in the config's order (others after), then one
    /// per clerk by name; empty when no visit was rated.
    public static func lines(_ counts: [RatingCount], config: HallConfig) -> [RatingLine] {
        guard !counts.isEmpty else { return [] }
        var hall = empty("hall", "", "Hall")
        var services: [String: RatingLine] = [:], clerks: [String: RatingLine] = [:]
        for c in counts {
            hall.add(c)
            services[c.service, default: empty("service", c.service, config.service(c.service)?.nameVi ?? c.service)].add(c)
            let clerk = c.clerk ?? ""
            clerks[clerk, default: empty("clerk", clerk, clerk.isEmpty ? "–" : clerk)].add(c)
        }
        let order = config.services.map(\.id)
        let serviceKeys = order.filter { services[$0] != nil } + services.keys.filter { !order.contains($0) }.sorted()
        return [hall] + serviceKeys.map { services[$0]! } + clerks.keys.sorted().map { clerks[$0]! }
    }
}
