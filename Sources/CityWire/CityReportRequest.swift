import Foundation
import QueueCore
import QueueReports

/// A city report as asked for, from `queue-city report` or from a viewer over HTTPS
/// (`/v1/city/report`, which `queuectl city report` calls): which halls, which days, which form.
public struct CityReportRequest: Sendable, Equatable {
    public var halls: [String]
    public var unit: String?
    public var from: String
    public var to: String
    public var format: ReportFormat
    public var rank: Bool
    public var intervalMinutes: Int
    public var baseline: Baseline?

    public init(halls: [String] = [], unit: String? = nil, from: String, to: String, format: ReportFormat = .text, rank: Bool = false,
                intervalMinutes: Int = 60, baseline: Baseline? = nil) {
        self.halls = halls
        self.unit = unit
        self.from = from
        self.to = to
        self.format = format
        self.rank = rank
        self.intervalMinutes = intervalMinutes
        self.baseline = baseline
    }

    /// From a URL's query: from, to (YYYY-MM-DD), hall (repeat), unit, format, rank=1, interval
    /// (15, 30, 60), baseline (A=45,C=20); a sentence for anything wrong.
    public init(query: [(name: String, value: String)]) throws {
        func one(_ name: String) -> String? { query.last { $0.name == name }?.value }
        guard let from = one("from"), let to = one("to"), CivilDay.parts(from) != nil, CivilDay.parts(to) != nil, from <= to else {
            throw QueueError(.badDay, "Give the days as from=YYYY-MM-DD&to=YYYY-MM-DD, from no later than to.")
        }
        let format = one("format") ?? "text"
        guard let form = ReportFormat(rawValue: format) else {
            throw QueueError(.badRequest, "format=\(format) is not a report format: use text, csv, json or html.")
        }
        let interval = one("interval").map { Int($0) ?? 0 } ?? 60
        guard [15, 30, 60].contains(interval) else { throw QueueError(.badRequest, "interval is 15, 30 or 60 minutes.") }
        var baseline: Baseline?
        if let text = one("baseline") {
            guard let parsed = Baseline.parse(text) else {
                throw QueueError(.badRequest, "baseline=\(text): write each service's mean handling minutes as ID=MINUTES, separated by commas.")
            }
            baseline = parsed
        }
        self.init(halls: query.filter { $0.name == "hall" }.map(\.value), unit: one("unit"), from: from, to: to, format: form,
                  rank: ["1", "true", "yes"].contains(one("rank") ?? ""), intervalMinutes: interval, baseline: baseline)
    }

    /// The same request as a URL query (for `init(query:)`), percent-encoded.
    public var query: String {
        var items = [URLQueryItem(name: "from", value: from), URLQueryItem(name: "to", value: to)]
        items += halls.map { URLQueryItem(name: "hall", value: $0) }
        if let unit { items.append(URLQueryItem(name: "unit", value: unit)) }
        items.append(URLQueryItem(name: "format", value: format.rawValue))
        if rank { items.append(URLQueryItem(name: "rank", value: "1")) }
        if intervalMinutes != 60 { items.append(URLQueryItem(name: "interval", value: String(intervalMinutes))) }
        if let baseline { items.append(URLQueryItem(name: "baseline", value: baseline.text)) }
        var parts = URLComponents()
        parts.queryItems = items
        return parts.percentEncodedQuery ?? ""
    }

    public var when: String { from == to ? "on \(from)" : "from \(from) to \(to)" }
}

