import ArgumentParser
import QueueReports

/// How a report's figures are cut and compared, for queuectl's and queue-city's reports alike.
public struct ReportFigureOptions: ParsableArguments {
    public init() {}

    @Option(help: "Minutes per time-of-day interval: 15, 30 or 60.") public var interval: Int = 60
    @Option(help: "Mean handling minutes per service to compare with, e.g. A=45,C=20 (default: the same days a year before, when recorded).")
    public var baseline: String?

    public func validate() throws {
        if ![15, 30, 60].contains(interval) { throw ValidationError("--interval is 15, 30 or 60 minutes, not \(interval).") }
        if let baseline, Baseline.parse(baseline) == nil {
            throw ValidationError("--baseline \(baseline): write each service's mean handling minutes as ID=MINUTES, separated by commas, e.g. A=45,C=20.")
        }
    }

    /// The baseline the manager entered, if any.
    public var entered: Baseline? { baseline.flatMap(Baseline.parse) }
}
