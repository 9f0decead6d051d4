import QueueCore

/// The report as one flat CSV table, one row per group (total, day, weekday, service, counter,
/// interval, clerk), so a spreadsheet can filter and pivot it. Columns are listed in
/// docs/REPORTS.md.
public enum CSVReport {
    static let header = ["hall", "level", "from", "to", "section", "key", "name",
                         "visits", "visits_transferred", "visits_called", "visits_never_called", "visits_served",
                         "visit_wait_mean_s", "visit_wait_median_s", "visit_wait_p90_s", "visit_wait_max_s",
                         "never_called_wait_mean_s", "visit_mean_wait_at_least_s", "visit_mean_wait_met",
                         "visits_within_target", "visits_within_target_pct", "visit_time_mean_s",
                         "issued", "transferred_in", "called", "served", "no_show", "transferred_out", "cancelled", "open_at_close", "stranded",
                         "wait_mean_s", "wait_median_s", "wait_p90_s", "wait_p95_s", "wait_max_s", "wait_target_s", "mean_wait_met",
                         "within_target", "within_target_pct",
                         "walk_mean_s", "walk_median_s", "walk_p90_s",
                         "service_mean_s", "service_median_s", "service_p90_s", "service_ceiling_s", "service_met",
                         "over_ceiling", "baseline_service_mean_s", "service_change_s",
                         "working_days", "dossiers_received", "span_target", "year_to_date", "pro_rata_target", "projection",
                         "pace_target", "pace_met",
                         "ratings", "rated_very_satisfied", "rated_satisfied", "rated_dissatisfied"]

    public static func render(_ r: HallReport) -> String {
        var csv = CSV(header: header)
        let hall = [r.hall.name, r.hall.level, r.from, r.to]
        let ratings = r.ratings ?? []
        func rated(_ by: String, _ key: String) -> [String] { ratingCells(ratings.first { $0.by == by && $0.key == key }) }
        let overByClerk = Dictionary(uniqueKeysWithValues: r.overTarget.byClerk.map { ($0.key, $0.count) })
        csv.add(hall + ["total", "", "Hall"] + visits(r.visits) + figures(r.total) + handling(nil) + pace(nil) + rated("hall", ""))
        for g in r.days { csv.add(hall + ["day", g.key, g.name] + visits(g.visits) + figures(g.figures) + handling(nil) + pace(nil) + ratingCells(nil)) }
        for g in r.weekdays { csv.add(hall + ["weekday", g.key, g.name] + visits(g.visits) + figures(g.figures) + handling(nil) + pace(nil) + ratingCells(nil)) }
        for g in r.services {
            let h = r.handling.first { $0.service == g.key }
            csv.add(hall + ["service", g.key, g.name] + visits(nil) + figures(g.figures) + handling(h) + pace(nil) + rated("service", g.key))
        }
        for g in r.counters { csv.add(hall + ["counter", g.key, g.name] + visits(nil) + figures(g.figures) + handling(nil) + pace(nil) + ratingCells(nil)) }
        for g in r.intervals { csv.add(hall + ["interval", g.key, g.name] + visits(g.visits) + figures(g.figures) + handling(nil) + pace(nil) + ratingCells(nil)) }
        for c in r.clerks {
            csv.add(hall + ["clerk", c.clerk, c.clerk] + visits(nil) + figures(c.figures)
                    + [String(overByClerk[c.clerk] ?? 0), "", ""] + pace(c) + rated("clerk", c.clerk))
        }
        return csv.text
    }

    public static func render(_ r: RollupReport) -> String {
        var csv = CSV(header: header)
        for h in r.halls {
            csv.add([h.hall.name, h.hall.level, r.from, r.to, "hall", h.hall.name, h.hall.name] + visits(h.visits) + figures(h.figures) + handling(nil)
                    + ["", String(h.figures.served), "", String(h.clerkLines.reduce(0) { $0 + $1.yearToDate }),
                       "", String(Int(h.meanProjection.rounded())), String(h.paceTarget), "\(h.clerksOnPace) of \(h.clerks)"] + ratingCells(h.ratings))
            for c in h.clerkLines {
                csv.add([h.hall.name, h.hall.level, r.from, r.to, "clerk", c.clerk, c.clerk] + visits(nil) + figures(c.figures) + handling(nil) + pace(c) + ratingCells(nil))
            }
        }
        for l in r.levels {
            csv.add(["", l.level, r.from, r.to, "level", l.level, "\(l.level) (\(l.halls) halls)"] + visits(l.visits) + figures(l.figures) + handling(nil) + pace(nil) + ratingCells(nil))
        }
        for s in r.services {
            csv.add(["", "", r.from, r.to, "service", s.service, "\(s.name) (\(s.halls) halls)"] + visits(nil) + figures(s.figures) + handling(nil) + pace(nil) + ratingCells(nil))
        }
        csv.add(["", "", r.from, r.to, "total", "", "Total"] + visits(r.visits) + figures(r.total) + handling(nil) + pace(nil) + ratingCells(r.ratings))
        return csv.text
    }

    /// Citizens' ratings: how many rated, then each level.
    static func ratingCells(_ line: RatingLine?) -> [String] {
        guard let line else { return ["", "", "", ""] }
        return [String(line.total), String(line.verySatisfied), String(line.satisfied), String(line.dissatisfied)]
    }

    static func visits(_ v: VisitFigures?) -> [String] {
        guard let v else { return Array(repeating: "", count: 15) }
        return [String(v.visits), String(v.transferred), String(v.called), String(v.neverCalled), String(v.served),
                CSV.seconds(v.wait?.mean), CSV.seconds(v.wait?.median), CSV.seconds(v.wait?.p90), CSV.seconds(v.wait?.max),
                CSV.seconds(v.waitNeverCalled?.mean), CSV.seconds(v.meanWaitAtLeast), CSV.yesNo(v.meanWaitMet),
                String(v.withinTarget.count), v.withinTarget.percent.map { String(Int($0.rounded())) } ?? "", CSV.seconds(v.time?.mean)]
    }

    static func figures(_ f: Figures) -> [String] {
        [String(f.issued), String(f.transferredIn), String(f.called), String(f.served), String(f.noShow), String(f.transferred),
         String(f.cancelled), String(f.openAtClose), String(f.stranded),
         CSV.seconds(f.wait?.mean), CSV.seconds(f.wait?.median), CSV.seconds(f.wait?.p90), CSV.seconds(f.wait?.p95),
         CSV.seconds(f.wait?.max), CSV.seconds(f.waitTarget), CSV.yesNo(f.meanWaitMet),
         String(f.withinTarget.count), f.withinTarget.percent.map { String(Int($0.rounded())) } ?? "",
         CSV.seconds(f.walk?.mean), CSV.seconds(f.walk?.median), CSV.seconds(f.walk?.p90),
         CSV.seconds(f.service?.mean), CSV.seconds(f.service?.median), CSV.seconds(f.service?.p90),
         CSV.seconds(f.serviceTarget), CSV.yesNo(f.serviceMet)]
    }

    static func handling(_ h: HandlingLine?) -> [String] {
        guard let h else { return ["", "", ""] }
        return [String(h.over), CSV.seconds(h.baseline), CSV.seconds(h.change)]
    }

    static func pace(_ c: ClerkLine?) -> [String] {
        guard let c else { return Array(repeating: "", count: 8) }
        return [String(c.workingDays), String(c.received), String(Int(c.spanTarget.rounded())), String(c.yearToDate),
                String(Int(c.proRataTarget.rounded())), String(Int(c.projection.rounded())), String(c.paceTarget), CSV.yesNo(c.paceMet)]
    }
}
