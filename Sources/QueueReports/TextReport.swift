import Foundation
import QueueCore

/// The report as tidy terminal tables: what `queuectl report` prints by default.
public enum TextReport {
    public static func render(_ r: HallReport) -> String {
        var out: [String] = []
        out.append("Báo cáo thời gian chờ · Wait report")
        out.append("\(r.hall.name) (\(r.hall.level)) · \(r.hall.timeZone) · \(r.from == r.to ? r.from : "\(r.from) to \(r.to)")")
        out.append("Targets: mean wait \(Formatting.duration(r.targets.meanWait)) · each service's own wait target and ceiling per dossier · "
                   + "\(Formatting.count(r.targets.dossiersPerClerkYear)) dossiers per clerk per year")
        out.append("Times are min:sec. ✓ meets the target, ✗ misses it. Definitions: docs/REPORTS.md.")
        out = [out.joined(separator: "\n")]
        out.append(headline(r.visits))
        out.append(visitSection("Citizens by day", r.days))
        if r.weekdays.count > 1 { out.append(visitSection("Citizens by weekday (\(r.days.count) days pooled)", r.weekdays)) }
        out.append(visitSection("Citizens by time of arrival, \(r.intervalMinutes)-minute intervals"
                                + (r.days.count > 1 ? " (\(r.days.count) days pooled)" : ""), r.intervals))
        out.append(section("Service legs: total (each leg's wait from joining its queue)", [Group(key: "", name: "Hall", figures: r.total)]))
        out.append(section("Service legs by service", r.services.map { g in
            Group(key: g.key, name: "\(g.key) \(g.name)", figures: g.figures)
        }))
        out.append(section("Service legs by counter", r.counters))
        out.append(clerks(r))
        out.append(overTarget(r))
        out.append(handling(r))
        out.append(ratings(r))
        if let appointments = appointments(r) { out.append(appointments) }
        return out.joined(separator: "\n\n") + "\n"
    }

    public static func render(_ r: RollupReport) -> String {
        var out: [String] = []
        out.append("Báo cáo tổng hợp · Roll-up wait report · \(r.from == r.to ? r.from : "\(r.from) to \(r.to)")")
        out.append("Times are min:sec. ✓ meets the target, ✗ misses it. Definitions: docs/REPORTS.md.")
        out.append(visitSection("Citizens by hall", r.halls.map { Group(key: "", name: "\($0.hall.name) (\($0.hall.level))", figures: $0.figures, visits: $0.visits) }))
        var pace = TextTable(["Hall", "clerks", "on pace", "mean projection/year", "target"])
        for h in r.halls {
            pace.add([h.hall.name, String(h.clerks), String(h.clerksOnPace), Formatting.count(Int(h.meanProjection.rounded())), Formatting.count(h.paceTarget)])
        }
        out.append("Clerk pace by hall (dossiers so far this year against the pro-rata target)\n" + pace.render())
        for h in r.halls where !h.clerkLines.isEmpty { out.append(clerkTable("Clerks of \(h.hall.name)", h.clerkLines, from: r.from, to: r.to)) }
        out.append(visitSection("Citizens by administrative level", r.levels.map { Group(key: "", name: "\($0.level) (\($0.halls) halls)", figures: $0.figures, visits: $0.visits) }
                                + [Group(key: "", name: "Total", figures: r.total, visits: r.visits)]))
        out.append(section("Service legs by hall", r.halls.map { Group(key: "", name: $0.hall.name, figures: $0.figures) }))
        out.append(section("Service legs by service, across the halls", r.services.map { Group(key: $0.service, name: "\($0.name) (\($0.halls) halls)", figures: $0.figures) }))
        if let total = r.ratings {
            var t = TextTable(["", "rated", "very satisfied", "satisfied", "dissatisfied", "satisfied or better"])
            for h in r.halls {
                guard let l = h.ratings else { t.add([h.hall.name, "–", "", "", "", ""]); continue }
                t.add([h.hall.name, String(l.total), String(l.verySatisfied), String(l.satisfied), String(l.dissatisfied), l.satisfiedText])
            }
            t.add(["Total", String(total.total), String(total.verySatisfied), String(total.satisfied), String(total.dissatisfied), total.satisfiedText])
            out.append("Citizens' ratings by hall (Đánh giá của công dân)\n" + t.render())
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    static func headline(_ v: VisitFigures) -> String {
        var lines = ["Citizens (visits: issue → transfers → end)"]
        lines.append("  \(v.visits) citizens · \(v.served) served · \(v.noShow) no-show · \(v.cancelled) gave up · \(v.openAtClose) still waiting at closing · \(v.transferred) transferred"
            + (v.stranded > 0 ? " · \(v.stranded) stranded by a config change" : ""))
        lines.append("  Mean wait of the \(v.called) called: \(Formatting.duration(v.wait?.mean)) (median \(Formatting.duration(v.wait?.median)), p90 \(Formatting.duration(v.wait?.p90)), max \(Formatting.duration(v.wait?.max)))")
        if v.neverCalled > 0 {
            lines.append("  \(v.neverCalled) never called waited at least \(Formatting.duration(v.waitNeverCalled?.mean)) on average (until they left or the hall closed)")
        }
        lines.append("  Mean wait of all citizens: at least \(Formatting.duration(v.meanWaitAtLeast)) \(Formatting.mark(v.meanWaitMet)) (target \(Formatting.duration(v.waitTarget)))")
        lines.append("  Called within their service's wait target: \(Formatting.percent(v.withinTarget)) (\(v.withinTarget.count) of \(v.withinTarget.of) citizens)")
        lines.append("  Issue to end of service, served: mean \(Formatting.duration(v.time?.mean)), p90 \(Formatting.duration(v.time?.p90))")
        return lines.joined(separator: "\n")
    }

    static func visitSection(_ title: String, _ groups: [Group]) -> String {
        var t = TextTable(["", "citizens", "served", "never called", "wait mean (called)", "median", "p90", "max",
                           "never called ≥", "all ≥", "within target"])
        for g in groups {
            guard let v = g.visits else { continue }
            t.add([g.name, String(v.visits), String(v.served), String(v.neverCalled), Formatting.duration(v.wait?.mean),
                   Formatting.duration(v.wait?.median), Formatting.duration(v.wait?.p90), Formatting.duration(v.wait?.max),
                   Formatting.duration(v.waitNeverCalled?.mean), "\(Formatting.duration(v.meanWaitAtLeast)) \(Formatting.mark(v.meanWaitMet))",
                   Formatting.percent(v.withinTarget)])
        }
        return "\(title)\n\(t.render())"
    }

    static func section(_ title: String, _ groups: [Group]) -> String {
        var counts = TextTable(["", "issued", "transf. in", "called", "served", "no-show", "transf. out", "cancelled", "open at close", "stranded"])
        var times = TextTable(["", "wait mean", "median", "p90", "p95", "max", "≤ target", "walk mean", "median", "p90", "service mean", "median", "p90", "ceiling"])
        for g in groups {
            let f = g.figures
            counts.add([g.name, String(f.issued), String(f.transferredIn), String(f.called), String(f.served), String(f.noShow),
                        String(f.transferred), String(f.cancelled), String(f.openAtClose), String(f.stranded)])
            times.add([g.name,
                       "\(Formatting.duration(f.wait?.mean)) \(Formatting.mark(f.meanWaitMet))", Formatting.duration(f.wait?.median),
                       Formatting.duration(f.wait?.p90), Formatting.duration(f.wait?.p95), Formatting.duration(f.wait?.max),
                       Formatting.percent(f.withinTarget),
                       Formatting.duration(f.walk?.mean), Formatting.duration(f.walk?.median), Formatting.duration(f.walk?.p90),
                       "\(Formatting.duration(f.service?.mean)) \(Formatting.mark(f.serviceMet))", Formatting.duration(f.service?.median),
                       Formatting.duration(f.service?.p90), f.serviceTarget == nil ? "each its own" : Formatting.duration(f.serviceTarget)])
        }
        return "\(title)\n\(counts.render())\n\n\(times.render())"
    }

    static func clerks(_ r: HallReport) -> String { clerkTable("Clerks", r.clerks, from: r.from, to: r.to) }

    static func clerkTable(_ title: String, _ clerks: [ClerkLine], from: String, to: String) -> String {
        guard let first = clerks.first else { return "\(title): none" }
        let span = from == to ? "the day" : "the span"
        let spanTarget = from == to ? "day's share" : "span's share"
        var t = TextTable(["Clerk", "received in \(span)", spanTarget, "so far this year", "pro-rata target", "projection / year", "target"])
        for c in clerks {
            t.add([c.clerk, "\(c.received) \(Formatting.mark(Double(c.received) >= c.spanTarget))", Formatting.decimal(c.spanTarget), Formatting.count(c.yearToDate),
                   "\(Formatting.count(Int(c.proRataTarget.rounded()))) \(Formatting.mark(c.paceMet))",
                   Formatting.count(Int(c.projection.rounded())), Formatting.count(c.paceTarget)])
        }
        return "\(title): dossiers received against \(Formatting.count(first.paceTarget)) a year; so far this year = 1 January to \(to), "
            + "\(first.daysElapsed) of \(first.daysInYear) working days (the hall's calendar); pro-rata target = \(Formatting.count(first.paceTarget)) × \(first.daysElapsed) ÷ \(first.daysInYear)\n"
            + t.render()
    }

    static func overTarget(_ r: HallReport) -> String {
        let o = r.overTarget
        var out = "Dossiers over their service's ceiling per dossier (as configured): \(o.total)\(o.total > o.dossiers.count ? ", the \(o.dossiers.count) longest listed" : "")"
        if o.dossiers.isEmpty { return out }
        let time = LocalClockText(zone: r.hall.timeZone, withDay: r.from != r.to)
        var list = TextTable(["Ticket", "service", "clerk", "counter", "start", "end", "duration", "ceiling"])
        for d in o.dossiers {
            list.add([d.label.isEmpty ? String(d.id) : d.label, d.service, d.clerk ?? "–", d.counter.map(String.init) ?? "–",
                      time.text(d.start), time.text(d.end), Formatting.duration(d.duration), Formatting.duration(d.ceiling)])
        }
        out += "\n" + list.render()
        for (title, counts) in [("service", o.byService), ("clerk", o.byClerk), ("hour of start", o.byHour)] {
            var t = TextTable(["By \(title)", "over", "of dossiers"])
            for c in counts where c.count > 0 { t.add([c.name.hasPrefix(c.key) ? c.name : "\(c.key) \(c.name)", String(c.count), String(c.of)]) }
            out += "\n\n" + t.render()
        }
        return out
    }

    static func ratings(_ r: HallReport) -> String {
        let title = "Citizens' ratings of their visits, on the phone page or the counter board (Đánh giá của công dân)"
        guard let lines = r.ratings else { return title + ": not kept here." }
        guard !lines.isEmpty else { return title + ": none given in this span." }
        var t = TextTable(["", "rated", "very satisfied", "satisfied", "dissatisfied", "satisfied or better", "reasons given"])
        for l in lines {
            t.add([l.label, String(l.total), String(l.verySatisfied), String(l.satisfied), String(l.dissatisfied), l.satisfiedText, l.reasonsText])
        }
        return title + "\n" + t.render()
    }

    static func handling(_ r: HallReport) -> String {
        var t = TextTable(["Service", "dossiers", "mean handling", "ceiling", "over", "baseline", "change (min)"])
        for h in r.handling {
            t.add(["\(h.service) \(h.name)", String(h.dossiers), Formatting.duration(h.mean), Formatting.duration(h.ceiling), String(h.over),
                   Formatting.duration(h.baseline), h.change.map { Formatting.signedMinutes($0) } ?? "–"])
        }
        let against = r.baselineLabel.map { "against \($0)" } ?? "no baseline (none recorded a year before; enter one with --baseline)"
        return "Handling time per dossier (service start to end), \(against)\n" + t.render()
    }
}
