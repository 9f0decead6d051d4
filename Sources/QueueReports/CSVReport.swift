import QueueCore

/// The report as one flat CSV table, one row per group (total, day, service, counter, hour,
/// clerk), so a spreadsheet can filter and pivot it. Columns are listed in docs/REPORTS.md.
public enum CSVReport {
    static let header = ["hall", "level", "from", "to", "section", "key", "name",
                         "issued", "transferred_in", "called", "served", "no_show", "transferred_out", "cancelled", "open_at_close",
                         "wait_mean_s", "wait_median_s", "wait_p90_s", "wait_p95_s", "wait_max_s", "wait_target_s", "mean_wait_met",
                         "within_target", "within_target_pct",
                         "walk_mean_s", "walk_median_s", "walk_p90_s",
                         "service_mean_s", "service_median_s", "service_p90_s", "service_target_s", "service_met",
                         "working_days", "dossiers_received", "pace_per_year", "pace_target", "pace_met"]

    public static func render(_ r: HallReport) -> String {
        var csv = CSV(header: header)
        let hall = [r.hall.name, r.hall.level, r.from, r.to]
        csv.add(hall + ["total", "", "Hall"] + figures(r.total) + pace(nil))
        for g in r.days { csv.add(hall + ["day", g.key, g.name] + figures(g.figures) + pace(nil)) }
        for g in r.services { csv.add(hall + ["service", g.key, g.name] + figures(g.figures) + pace(nil)) }
        for g in r.counters { csv.add(hall + ["counter", g.key, g.name] + figures(g.figures) + pace(nil)) }
        for g in r.hours { csv.add(hall + ["hour", g.key, g.name] + figures(g.figures) + pace(nil)) }
        for c in r.clerks { csv.add(hall + ["clerk", c.clerk, c.clerk] + figures(c.figures) + pace(c)) }
        return csv.text
    }

    public static func render(_ r: RollupReport) -> String {
        var csv = CSV(header: header)
        for h in r.halls {
            csv.add([h.hall.name, h.hall.level, r.from, r.to, "hall", h.hall.name, h.hall.name] + figures(h.figures)
                    + ["", String(h.figures.served), String(Int(h.meanPace.rounded())), String(h.paceTarget), ""])
        }
        for l in r.levels { csv.add(["", l.level, r.from, r.to, "level", l.level, "\(l.level) (\(l.halls) halls)"] + figures(l.figures) + pace(nil)) }
        csv.add(["", "", r.from, r.to, "total", "", "Total"] + figures(r.total) + pace(nil))
        return csv.text
    }

    static func figures(_ f: Figures) -> [String] {
        [String(f.issued), String(f.transferredIn), String(f.called), String(f.served), String(f.noShow), String(f.transferred),
         String(f.cancelled), String(f.openAtClose),
         CSV.seconds(f.wait?.mean), CSV.seconds(f.wait?.median), CSV.seconds(f.wait?.p90), CSV.seconds(f.wait?.p95),
         CSV.seconds(f.wait?.max), CSV.seconds(f.waitTarget), CSV.yesNo(f.meanWaitMet),
         String(f.withinTarget.count), f.withinTarget.percent.map { String(Int($0.rounded())) } ?? "",
         CSV.seconds(f.walk?.mean), CSV.seconds(f.walk?.median), CSV.seconds(f.walk?.p90),
         CSV.seconds(f.service?.mean), CSV.seconds(f.service?.median), CSV.seconds(f.service?.p90),
         CSV.seconds(f.serviceTarget), CSV.yesNo(f.serviceMet)]
    }

    static func pace(_ c: ClerkLine?) -> [String] {
        guard let c else { return ["", "", "", "", ""] }
        return [String(c.workingDays), String(c.received), String(Int(c.pace.rounded())), String(c.paceTarget), CSV.yesNo(c.paceMet)]
    }
}
