/// The forms a report is written in: plain text, CSV, JSON and a self-contained HTML page.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, csv, json, html

    public func render(_ r: HallReport) throws -> String {
        switch self {
        case .text: return TextReport.render(r)
        case .csv: return CSVReport.render(r)
        case .json: return try JSONReport.render(r)
        case .html: return HTMLReport.render(r)
        }
    }

    public func render(_ r: RollupReport) throws -> String {
        switch self {
        case .text: return TextReport.render(r)
        case .csv: return CSVReport.render(r)
        case .json: return try JSONReport.render(r)
        case .html: return HTMLReport.render(r)
        }
    }
}
