import Foundation
import QueueCore

/// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no fonts or
/// images fetched, laid out for A4 paper. Charts: the wait distribution, arrivals per hour
/// against mean wait, mean wait per service and per counter, and clerks' pace, each with its
/// target drawn.
public enum HTMLReport {
    public static func render(_ r: HallReport) -> String {
        let period = r.from == r.to ? r.from : "\(r.from) – \(r.to)"
        let t = r.total
        var body = """
        <header><h1>Báo cáo thời gian chờ <span class="en">Wait report</span></h1>
        <p class="hall">\(HTML.escape(r.hall.name)) · \(HTML.escape(r.hall.level)) · \(HTML.escape(r.hall.timeZone)) · <b>\(period)</b></p></header>
        <section class="cards">
        \(card("Số phát · issued", Formatting.count(t.issued)))
        \(card("Đã phục vụ · served", Formatting.count(t.served)))
        \(card("Chờ TB · mean wait", Formatting.duration(t.wait?.mean), met: t.meanWaitMet, note: "target \(Formatting.duration(t.waitTarget))"))
        \(card("Trong mục tiêu · within target", Formatting.percent(t.withinTarget), note: "\(t.withinTarget.count) of \(t.withinTarget.of) called"))
        \(card("Chờ p90 · wait p90", Formatting.duration(t.wait?.p90), note: "max \(Formatting.duration(t.wait?.max))"))
        \(card("Xử lý TB · mean service", Formatting.duration(t.service?.mean), met: t.serviceMet, note: "target \(Formatting.duration(t.serviceTarget))"))
        \(card("Còn chờ khi đóng cửa · open at close", Formatting.count(t.openAtClose), note: "no-show \(t.noShow) · transferred \(t.transferred) · cancelled \(t.cancelled)"))
        </section>
        """
        let target = r.targets.meanWait
        let bins = r.waitHistogram
        body += figure("Phân bố thời gian chờ · Wait distribution (minutes, \(Formatting.count(t.called)) called tickets)", SVGChart.columns(
            labels: bins.map { $0.toMinute == nil ? "\($0.fromMinute)+" : "\($0.fromMinute)" },
            values: bins.map { Double($0.count) }, columnAxis: "tickets",
            overTarget: bins.map { Double($0.fromMinute * 60) >= target },
            vertical: (at: target / 60 / Double(HallReport.binMinutes), text: "mục tiêu · target \(Formatting.duration(target))")))
        body += figure("Lượt đến theo giờ và thời gian chờ · Arrivals per hour (bars) and mean wait (line)", SVGChart.columns(
            labels: r.hours.map(\.key), values: r.hours.map { Double($0.figures.issued) }, columnAxis: "arrivals",
            line: r.hours.map { $0.figures.wait.map { $0.mean / 60 } }, lineAxis: "mean wait (min)",
            lineText: { String(Int($0.rounded())) }, target: target / 60, targetText: "target \(Formatting.duration(target))"))
        body += figure("Thời gian chờ TB theo dịch vụ · Mean wait per service (tick: the service's target)", SVGChart.horizontal(
            r.services.map { g in SVGChart.Bar(label: "\(g.key) \(g.name)", value: (g.figures.wait?.mean ?? 0) / 60,
                                               text: Formatting.duration(g.figures.wait?.mean), target: (g.figures.waitTarget ?? target) / 60) }))
        body += figure("Thời gian chờ TB theo quầy · Mean wait per counter", SVGChart.horizontal(
            r.counters.map { g in SVGChart.Bar(label: g.name, value: (g.figures.wait?.mean ?? 0) / 60, text: Formatting.duration(g.figures.wait?.mean)) },
            target: target / 60, targetText: "target \(Formatting.duration(target))"))
        if !r.clerks.isEmpty {
            body += figure("Năng suất cán bộ · Clerks' pace, dossiers per year", SVGChart.horizontal(
                r.clerks.map { c in SVGChart.Bar(label: c.clerk, value: c.pace, text: Formatting.count(Int(c.pace.rounded()))) },
                target: Double(r.targets.dossiersPerClerkYear), targetText: "target \(Formatting.count(r.targets.dossiersPerClerkYear))",
                higherIsBetter: true))
        }
        body += table("Theo dịch vụ · By service (wait from joining the service's queue)", r.services.map { Group(key: $0.key, name: "\($0.key) \($0.name)", figures: $0.figures) })
        body += table("Theo quầy · By counter", r.counters)
        body += clerkTable(r)
        body += table("Theo giờ phát số · By hour of issue", r.hours)
        if r.days.count > 1 { body += table("Theo ngày · By day", r.days) }
        body += notes(r.targets)
        return page(title: "Wait report \(r.hall.name) \(period)", body: body)
    }

    public static func render(_ r: RollupReport) -> String {
        let period = r.from == r.to ? r.from : "\(r.from) – \(r.to)"
        let target = r.total.waitTarget ?? 900
        var body = """
        <header><h1>Báo cáo tổng hợp <span class="en">Roll-up wait report</span></h1>
        <p class="hall">\(r.halls.count) halls · <b>\(period)</b></p></header>
        """
        body += figure("Thời gian chờ TB theo đơn vị · Mean wait per hall", SVGChart.horizontal(
            r.halls.map { h in SVGChart.Bar(label: h.hall.name, value: (h.figures.wait?.mean ?? 0) / 60, text: Formatting.duration(h.figures.wait?.mean)) },
            target: target / 60, targetText: "target \(Formatting.duration(target))"))
        body += table("Theo đơn vị · By hall", r.halls.map { Group(key: "", name: "\($0.hall.name) (\($0.hall.level))", figures: $0.figures) })
        body += table("Theo cấp · By administrative level", r.levels.map { Group(key: "", name: "\($0.level) (\($0.halls) halls)", figures: $0.figures) }
                      + [Group(key: "", name: "Tổng · Total", figures: r.total)])
        return page(title: "Roll-up wait report \(period)", body: body)
    }

    static func card(_ label: String, _ value: String, met: Bool? = nil, note: String = "") -> String {
        let cls = met == true ? " met" : met == false ? " missed" : ""
        return #"<div class="card\#(cls)"><div class="label">\#(HTML.escape(label))</div><div class="value">\#(HTML.escape(value)) \#(Formatting.mark(met))</div><div class="note">\#(HTML.escape(note))</div></div>"#
    }

    static func figure(_ caption: String, _ svg: String) -> String {
        "<figure><figcaption>\(HTML.escape(caption))</figcaption>\(svg)</figure>\n"
    }

    static func table(_ title: String, _ groups: [Group]) -> String {
        var s = "<h2>\(HTML.escape(title))</h2><table><thead><tr><th></th><th>issued</th><th>tr. in</th><th>served</th><th>no-show</th><th>tr. out</th><th>canc.</th><th>open</th>"
            + "<th>wait mean</th><th>median</th><th>p90</th><th>p95</th><th>max</th><th>≤ target</th><th>walk mean</th><th>p90</th><th>service mean</th><th>median</th><th>p90</th></tr></thead><tbody>"
        for g in groups {
            let f = g.figures
            let cells = [String(f.issued), String(f.transferredIn), String(f.served), String(f.noShow), String(f.transferred), String(f.cancelled), String(f.openAtClose)]
                .map { "<td>\($0)</td>" }.joined()
            s += "<tr><th>\(HTML.escape(g.name))</th>\(cells)"
            s += "<td class=\"\(cls(f.meanWaitMet))\">\(Formatting.duration(f.wait?.mean)) \(Formatting.mark(f.meanWaitMet))</td>"
            s += [f.wait?.median, f.wait?.p90, f.wait?.p95, f.wait?.max].map { "<td>\(Formatting.duration($0))</td>" }.joined()
            s += "<td>\(Formatting.percent(f.withinTarget))</td><td>\(Formatting.duration(f.walk?.mean))</td><td>\(Formatting.duration(f.walk?.p90))</td>"
            s += "<td class=\"\(cls(f.serviceMet))\">\(Formatting.duration(f.service?.mean)) \(Formatting.mark(f.serviceMet))</td>"
            s += "<td>\(Formatting.duration(f.service?.median))</td><td>\(Formatting.duration(f.service?.p90))</td></tr>"
        }
        return s + "</tbody></table>\n"
    }

    static func clerkTable(_ r: HallReport) -> String {
        var s = "<h2>Theo cán bộ · By clerk</h2><table><thead><tr><th></th><th>working days</th><th>dossiers received</th><th>mean service</th><th>pace / year</th><th>target</th></tr></thead><tbody>"
        for c in r.clerks {
            s += "<tr><th>\(HTML.escape(c.clerk))</th><td>\(c.workingDays)</td><td>\(c.received)</td>"
            s += "<td class=\"\(cls(c.figures.serviceMet))\">\(Formatting.duration(c.figures.service?.mean)) \(Formatting.mark(c.figures.serviceMet))</td>"
            s += "<td class=\"\(cls(c.paceMet))\">\(Formatting.count(Int(c.pace.rounded()))) \(Formatting.mark(c.paceMet))</td><td>\(Formatting.count(c.paceTarget))</td></tr>"
        }
        return s + "</tbody></table>\n"
    }

    static func cls(_ met: Bool?) -> String { met == true ? "met" : met == false ? "missed" : "" }

    static func notes(_ targets: Targets) -> String {
        """
        <footer><p>Chờ (wait) = gọi lần đầu − phát số; đi (walk) = bắt đầu xử lý − gọi lần cuối; xử lý (service) = kết thúc − bắt đầu.
        Wait = first call − issue (a transferred citizen keeps the original issue time at hall level; within a service the wait counts from joining its queue).
        Percentiles are exact, nearest-rank. Within target = called tickets whose wait ≤ their service's wait target.
        Pace = dossiers received per working day × \(targets.workingDaysPerYear) working days, against \(Formatting.count(targets.dossiersPerClerkYear)) a year.
        Tickets still open at closing are counted under “open”, never dropped. Days and hours are the hall's local time. Times are min:sec.</p></footer>
        """
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><title>\(HTML.escape(title))</title>
        <style>
        @page { size: A4; margin: 12mm; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #222; max-width: 186mm; margin: 0 auto; }
        h1 { font-size: 16pt; margin: 0 0 2mm; } h1 .en { font-weight: normal; color: #666; font-size: 12pt; }
        h2 { font-size: 11pt; margin: 5mm 0 1.5mm; break-after: avoid; }
        .hall { margin: 0 0 3mm; color: #444; }
        .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin-bottom: 3mm; }
        .card { border: 1px solid #ccc; border-radius: 2mm; padding: 1.5mm 2mm; break-inside: avoid; }
        .card .label { font-size: 8pt; color: #555; } .card .value { font-size: 14pt; font-weight: bold; } .card .note { font-size: 7.5pt; color: #666; }
        .card.met .value, td.met { color: #2e7d32; } .card.missed .value, td.missed { color: #c0504d; }
        figure { margin: 2mm 0 3mm; break-inside: avoid; } figcaption { font-weight: bold; font-size: 9pt; margin-bottom: 1mm; }
        table { border-collapse: collapse; width: 100%; font-size: 7pt; break-inside: auto; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 0.5mm 0.7mm; text-align: right; white-space: nowrap; }
        thead th { white-space: normal; }
        tbody th { text-align: left; font-weight: normal; white-space: normal; min-width: 34mm; } thead th { color: #555; font-weight: normal; }
        tr { break-inside: avoid; }
        footer { margin-top: 4mm; font-size: 7.5pt; color: #555; }
        </style></head><body>
        \(body)
        </body></html>

        """
    }
}
