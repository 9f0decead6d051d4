import ArgumentParser
import CityWire
import QueueReports

/// What a city report is asked for on the command line, the same for `queue-city report` (from
/// the database) and `queuectl city report` (from the city's server).
public struct CityReportOptions: ParsableArguments {
    public init() {}

    @OptionGroup public var range: DayRange
    @Option(help: "Only these halls, by code (repeat). Default: every hall, or those of --unit.") public var hall: [String] = []
    @Option(help: "Only the halls of this unit and the units under it.") public var unit: String?
    @Option(help: "text, csv, json or html.") public var format: ReportFormat = .text
    @Option(help: "Write to this file instead of standard output.") public var out: String?
    @OptionGroup public var figures: ReportFigureOptions
    @Flag(help: "Rank the halls: the shortest mean wait of all citizens first, then the larger share within target.")
    public var rank = false

    public var request: CityReportRequest {
        let (from, to) = range.span
        return CityReportRequest(halls: hall, unit: unit, from: from, to: to, format: format, rank: rank,
                                 intervalMinutes: figures.interval, baseline: figures.entered)
    }
}
