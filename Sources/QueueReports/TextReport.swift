import Foundation
import QueueCore

/// The report as tidy terminal tables: what `queuectl report` prints by default.
public enum TextReport {
    public static func render(_ r: HallReport) -> String {
        var out: [String] = []
        out.append("Báo cáo thời gian chờ · Wait report")
        out.append("\(r.hall.name) (\(r.hall.level)) · \(r.hall.timeZone) · \(r.from == r.to ? r.from : "\(r.from) to \(r.to)")")
        out.append("Targets: mean wait \(Formatting.duration(r.targets.meanWait)) · each service's own wait and service targets · "
                   + "\(Formatting.count(r.targets.dossiersPerClerkYear)) dossiers per clerk per year (\(r.targets.workingDaysPerYear) working days)")
        out.append("Times are min:sec. ✓ meets the target, ✗ misses it. Definitions: docs/REPORTS.md.")
        out = [out.joined(separator: "\n")]
        out.append(section("Total", [Group(key: "", name: "Hall", figures: r.total)]))
        if r.days.count > 1 { out.append(section("By day", r.days)) }
        out.append(section("By service (wait from joining the service's queue)", r.services.map { g in
            Group(key: g.key, name: "\(g.key) \(g.name)", figures: g.figures)
        }))
        out.append(section("By counter", r.counters))
        out.append(section("By hour of issue (arrivals = issued)", r.hours))
        out.append(clerks(r))
        return out.joined(separator: "\n\n") + "\n"
    }

    public static func render(_ r: RollupReport) -> String {
        var out: [String] = []
        out.append("Báo cáo tổng hợp · Roll-up wait report · \(r.from == r.to ? r.from : "\(r.from) to \(r.to)")")
        out.append("Times are min:sec. ✓ meets the target, ✗ misses it. Definitions: docs/REPORTS.md.")
        out.append(section("By hall", r.halls.map { Group(key: "", name: "\($0.hall.name) (\($0.hall.level))", figures: $0.figures) }))
        var pace = TextTable(["Hall", "clerks", "on pace", "mean pace/year", "target"])
        for h in r.halls {
            pace.add([h.hall.name, String(h.clerks), String(h.clerksOnPace), Formatting.count(Int(h.meanPace.rounded())), Formatting.count(h.paceTarget)])
        }
        out.append("Clerk pace by hall\n" + pace.render())
        out.append(section("By administrative level", r.levels.map { Group(key: "", name: "\($0.level) (\($0.halls) halls)", figures: $0.figures) }
                           + [Group(key: "", name: "Total", figures: r.total)]))
        return out.joined(separator: "\n\n") + "\n"
    }

    static func section(_ title: String, _ groups: [Group]) -> String {
        var counts = TextTable(["", "issued", "transf. in", "called", "served", "no-show", "transf. out", "cancelled", "open at close"])
        var times = TextTable(["", "wait mean", "median", "p90", "p95", "max", "≤ target", "walk mean", "median", "p90", "service mean", "median", "p90"])
        for g in groups {
            let f = g.figures
            counts.add([g.name, String(f.issued), String(f.transferredIn), String(f.called), String(f.served), String(f.noShow),
                        String(f.transferred), String(f.cancelled), String(f.openAtClose)])
            times.add([g.name,
                       "\(Formatting.duration(f.wait?.mean)) \(Formatting.mark(f.meanWaitMet))", Formatting.duration(f.wait?.median),
                       Formatting.duration(f.wait?.p90), Formatting.duration(f.wait?.p95), Formatting.duration(f.wait?.max),
                       Formatting.percent(f.withinTarget),
                       Formatting.duration(f.walk?.mean), Formatting.duration(f.walk?.median), Formatting.duration(f.walk?.p90),
                       "\(Formatting.duration(f.service?.mean)) \(Formatting.mark(f.serviceMet))", Formatting.duration(f.service?.median),
                       Formatting.duration(f.service?.p90)])
        }
        return "\(title)\n\(counts.render())\n\n\(times.render())"
    }

    static func clerks(_ r: HallReport) -> String {
        var t = TextTable(["Clerk", "working days", "dossiers received", "mean service", "pace / year", "target"])
        for c in r.clerks {
            t.add([c.clerk, String(c.workingDays), String(c.received),
                   "\(Formatting.duration(c.figures.service?.mean)) \(Formatting.mark(c.figures.serviceMet))",
                   "\(Formatting.count(Int(c.pace.rounded()))) \(Formatting.mark(c.paceMet))", Formatting.count(c.paceTarget)])
        }
        return "By clerk (pace = dossiers received per working day × \(r.targets.workingDaysPerYear))\n" + t.render()
    }
}
