import Foundation
import QueueCore

/// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no fonts or
/// images fetched, laid out for A4 paper. Charts: the wait distribution, arrivals per hour
/// against mean wait, mean wait per service and per counter, and clerks' pace, each with its
/// target drawn.
public enum HTMLReport {
    public static func render(_ r: HallReport) -> String {
        let period = r.from == r.to ? r.from : "\(r.from) – \(r.to)"
        let v = r.visits
        var body = """
        <header><h1>Báo cáo thời gian chờ <span class="en" lang="en">Wait report</span></h1>
        <p class="hall">\(HTML.escape(r.hall.name)) · \(HTML.escape(r.hall.level)) · \(HTML.escape(r.hall.timeZone)) · <b>\(period)</b></p></header>
        <section class="cards">
        \(card("Công dân · citizens", Formatting.count(v.visits), note: "served \(v.served) · transferred \(v.transferred)"))
        \(card("Chờ TB (đã gọi) · mean wait, called", Formatting.duration(v.wait?.mean), note: "\(v.called) called · p90 \(Formatting.duration(v.wait?.p90))"))
        \(card("Chờ TB mọi công dân · mean wait, all", "≥ " + Formatting.duration(v.meanWaitAtLeast), met: v.meanWaitMet,
               note: "target \(Formatting.duration(v.waitTarget)) · never called at their lower bound"))
        \(card("Gọi trong mục tiêu · called within target", Formatting.percent(v.withinTarget), note: "\(v.withinTarget.count) of \(v.withinTarget.of) citizens, each within its service's wait target (15:00 unless set)"))
        \(card("Chưa được gọi · never called", Formatting.count(v.neverCalled), note: "gave up \(v.cancelled) · still waiting or at closing \(v.openAtClose)\(v.stranded > 0 ? " · stranded by a config change \(v.stranded)" : "") · waited ≥ \(Formatting.duration(v.waitNeverCalled?.mean))"))
        \(card("Hồ sơ quá hạn · dossiers over ceiling", Formatting.count(r.overTarget.total), note: "of \(r.total.service?.count ?? 0) with a service time"))
        \(card("Xử lý TB · mean handling", Formatting.duration(r.total.service?.mean), note: "each service against its own ceiling, below"))
        \(card("Từ lấy số đến xong · issue to end", Formatting.duration(v.time?.mean), note: "served citizens, p90 \(Formatting.duration(v.time?.p90))"))
        </section>
        """
        let target = r.targets.meanWait
        let bins = r.waitHistogram
        body += figure("Phân bố thời gian chờ · Wait distribution (minutes, \(Formatting.count(v.called)) called citizens)", SVGChart.columns(
            labels: bins.map { $0.toMinute == nil ? "\($0.fromMinute)+" : "\($0.fromMinute)" },
            values: bins.map { Double($0.count) }, columnAxis: "citizens",
            overTarget: bins.map { Double($0.fromMinute * 60) >= target },
            vertical: (at: target / 60 / Double(HallReport.binMinutes), text: "mục tiêu · target \(Formatting.duration(target))")))
        let pooled = r.days.count > 1 ? ", \(r.days.count) days pooled" : ""
        body += figure("Lượt đến và thời gian chờ · Arrivals per \(r.intervalMinutes) minutes (bars) and mean wait of those called (line)\(pooled)", SVGChart.columns(
            labels: r.intervals.map(\.key), values: r.intervals.map { Double($0.visits?.visits ?? 0) }, columnAxis: "citizens",
            line: r.intervals.map { $0.visits?.wait.map { $0.mean / 60 } }, lineAxis: "mean wait (min)",
            target: target / 60, targetText: "target \(Formatting.duration(target))"))
        body += figure("Thời gian chờ TB theo dịch vụ · Mean wait per service leg (tick: the service's target)", SVGChart.horizontal(
            r.services.map { g in SVGChart.Bar(label: "\(g.key) \(g.name)", value: (g.figures.wait?.mean ?? 0) / 60,
                                               text: Formatting.duration(g.figures.wait?.mean), target: (g.figures.waitTarget ?? target) / 60) }))
        body += figure("Thời gian xử lý TB theo dịch vụ · Mean handling per service (tick: its ceiling per dossier)", SVGChart.horizontal(
            r.handling.map { h in SVGChart.Bar(label: "\(h.service) \(h.name)", value: (h.mean ?? 0) / 60,
                                               text: Formatting.duration(h.mean), target: h.ceiling / 60) }))
        if !r.clerks.isEmpty {
            let c0 = r.clerks[0]
            body += figure("Hồ sơ tiếp nhận từ đầu năm · Dossiers received so far this year (\(c0.daysElapsed) of \(c0.daysInYear) working days; line: pro-rata target)", SVGChart.horizontal(
                r.clerks.map { c in SVGChart.Bar(label: c.clerk, value: Double(c.yearToDate), text: Formatting.count(c.yearToDate)) },
                target: c0.proRataTarget, targetText: "pro-rata \(Formatting.count(Int(c0.proRataTarget.rounded())))",
                higherIsBetter: true))
        }
        body += visitTable("Công dân theo ngày · Citizens by day", r.days)
        if r.weekdays.count > 1 { body += visitTable("Theo thứ · Citizens by weekday\(pooled)", r.weekdays) }
        body += visitTable("Theo khung giờ · Citizens by \(r.intervalMinutes)-minute interval of arrival\(pooled)", r.intervals)
        body += clerkTable(r)
        body += overTable(r)
        body += handlingTable(r)
        body += ratingTable(r)
        body += appointmentTable(r)
        body += table("Theo dịch vụ · Service legs by service (wait from joining the service's queue)", r.services.map { Group(key: $0.key, name: "\($0.key) \($0.name)", figures: $0.figures) })
        body += table("Theo quầy · Service legs by counter", r.counters)
        body += table("Tổng các lượt · All service legs", [Group(key: "", name: "Hall", figures: r.total)])
        body += notes(r.targets)
        return page(title: "Wait report \(r.hall.name) \(period)", body: body)
    }

    static func visitTable(_ title: String, _ groups: [Group]) -> String {
        var s = "<h2>\(HTML.escape(title))</h2><table><thead><tr><th><span class=\"sr\">nhóm · group</span></th><th>công dân<span class=\"en\" lang=\"en\">citizens</span></th><th>đã phục vụ<span class=\"en\" lang=\"en\">served</span></th><th>chuyển<span class=\"en\" lang=\"en\">transferred</span></th><th>chưa được gọi<span class=\"en\" lang=\"en\">never called</span></th>"
            + "<th>chờ TB (đã gọi)<span class=\"en\" lang=\"en\">wait mean (called)</span></th><th>trung vị<span class=\"en\" lang=\"en\">median</span></th><th>p90</th><th>tối đa<span class=\"en\" lang=\"en\">max</span></th><th>chưa gọi ≥<span class=\"en\" lang=\"en\">never called ≥</span></th><th>tất cả ≥<span class=\"en\" lang=\"en\">all ≥</span></th><th>trong mục tiêu<span class=\"en\" lang=\"en\">within target</span></th><th>từ lấy số đến xong<span class=\"en\" lang=\"en\">issue to end</span></th></tr></thead><tbody>"
        for g in groups {
            guard let v = g.visits else { continue }
            s += "<tr><th>\(HTML.escape(g.name))</th><td>\(v.visits)</td><td>\(v.served)</td><td>\(v.transferred)</td><td>\(v.neverCalled)</td>"
            s += [v.wait?.mean, v.wait?.median, v.wait?.p90, v.wait?.max, v.waitNeverCalled?.mean].map { "<td>\(Formatting.duration($0))</td>" }.joined()
            s += "<td class=\"\(cls(v.meanWaitMet))\">\(Formatting.duration(v.meanWaitAtLeast)) \(Formatting.mark(v.meanWaitMet))</td>"
            s += "<td>\(Formatting.percent(v.withinTarget))</td><td>\(Formatting.duration(v.time?.mean))</td></tr>"
        }
        return s + "</tbody></table>\n"
    }

    static func overTable(_ r: HallReport) -> String {
        let o = r.overTarget
        var s = "<h2>Hồ sơ vượt thời gian xử lý · Dossiers over their service's ceiling (as configured): \(o.total)\(o.total > o.dossiers.count ? ", the \(o.dossiers.count) longest listed" : "")</h2>"
        guard !o.dossiers.isEmpty else { return s + "\n" }
        let time = LocalClockText(zone: r.hall.timeZone, withDay: r.from != r.to)
        s += "<table><thead><tr><th>số<span class=\"en\" lang=\"en\">ticket</span></th><th>dịch vụ<span class=\"en\" lang=\"en\">service</span></th><th>cán bộ<span class=\"en\" lang=\"en\">clerk</span></th><th>quầy<span class=\"en\" lang=\"en\">counter</span></th><th>bắt đầu<span class=\"en\" lang=\"en\">start</span></th><th>kết thúc<span class=\"en\" lang=\"en\">end</span></th><th>thời gian<span class=\"en\" lang=\"en\">duration</span></th><th>trần<span class=\"en\" lang=\"en\">ceiling</span></th></tr></thead><tbody>"
        for d in o.dossiers {
            s += "<tr><th>\(HTML.escape(d.label.isEmpty ? String(d.id) : d.label))</th><td>\(HTML.escape(d.service))</td><td>\(HTML.escape(d.clerk ?? "–"))</td>"
            s += "<td>\(d.counter.map(String.init) ?? "–")</td><td>\(time.text(d.start))</td><td>\(time.text(d.end))</td>"
            s += "<td class=\"missed\">\(Formatting.duration(d.duration))</td><td>\(Formatting.duration(d.ceiling))</td></tr>"
        }
        s += "</tbody></table><div class=\"counts\">"
        for (title, counts) in [("Theo dịch vụ · by service", o.byService), ("Theo cán bộ · by clerk", o.byClerk), ("Theo giờ bắt đầu · by hour", o.byHour)] {
            s += "<table><thead><tr><th>\(title)</th><th>vượt<span class=\"en\" lang=\"en\">over</span></th><th>trên<span class=\"en\" lang=\"en\">of</span></th></tr></thead><tbody>"
            for c in counts where c.count > 0 {
                s += "<tr><th>\(HTML.escape(c.name.hasPrefix(c.key) ? c.name : "\(c.key) \(c.name)"))</th><td>\(c.count)</td><td>\(c.of)</td></tr>"
            }
            s += "</tbody></table>"
        }
        return s + "</div>\n"
    }

    static func ratingTable(_ r: HallReport) -> String {
        let title = "<h2>Đánh giá của công dân · Citizens' ratings of their visits (phone page or counter board)</h2>"
        guard let lines = r.ratings else { return title + "<p class=\"note\">Không lưu ở đây · not kept here.</p>\n" }
        guard !lines.isEmpty else { return title + "<p class=\"note\">Chưa có đánh giá · none given in this span.</p>\n" }
        var s = title + "<table><thead><tr><th><span class=\"sr\">nhóm · group</span></th><th>số đánh giá<span class=\"en\" lang=\"en\">rated</span></th><th>rất hài lòng · very satisfied</th><th>hài lòng · satisfied</th>"
            + "<th>không hài lòng · dissatisfied</th><th>satisfied or better</th><th>reasons given</th></tr></thead><tbody>"
        for l in lines {
            s += "<tr><th>\(HTML.escape(l.label))</th><td>\(l.total)</td><td>\(l.verySatisfied)</td><td>\(l.satisfied)</td>"
            s += "<td>\(l.dissatisfied)</td><td>\(l.satisfiedText)</td><td>\(HTML.escape(l.reasonsText))</td></tr>"
        }
        return s + "</tbody></table>\n"
    }

    static func handlingTable(_ r: HallReport) -> String {
        let against = r.baselineLabel.map { "against \(HTML.escape($0))" } ?? "no baseline: nothing recorded a year before (enter one with --baseline)"
        var s = "<h2>Thời gian xử lý mỗi hồ sơ · Handling time per dossier, \(against)</h2><table><thead><tr><th><span class=\"sr\">nhóm · group</span></th><th>hồ sơ<span class=\"en\" lang=\"en\">dossiers</span></th><th>xử lý TB<span class=\"en\" lang=\"en\">mean handling</span></th><th>trần<span class=\"en\" lang=\"en\">ceiling</span></th><th>vượt<span class=\"en\" lang=\"en\">over</span></th><th>so sánh với<span class=\"en\" lang=\"en\">baseline</span></th><th>thay đổi (phút)<span class=\"en\" lang=\"en\">change (min)</span></th></tr></thead><tbody>"
        for h in r.handling {
            let met: Bool? = h.mean.map { $0 <= h.ceiling }
            s += "<tr><th>\(HTML.escape("\(h.service) \(h.name)"))</th><td>\(h.dossiers)</td><td class=\"\(cls(met))\">\(Formatting.duration(h.mean)) \(Formatting.mark(met))</td>"
            s += "<td>\(Formatting.duration(h.ceiling))</td><td>\(h.over)</td><td>\(Formatting.duration(h.baseline))</td>"
            s += "<td class=\"\(cls(h.change.map { $0 <= -1800 }))\">\(h.change.map { Formatting.signedMinutes($0) } ?? "–")</td></tr>"
        }
        return s + "</tbody></table>\n"
    }

    public static func render(_ r: RollupReport) -> String {
        let period = r.from == r.to ? r.from : "\(r.from) – \(r.to)"
        let target = r.total.waitTarget ?? 900
        var body = """
        <header><h1>Báo cáo tổng hợp <span class="en" lang="en">Roll-up wait report</span></h1>
        <p class="hall">\(r.halls.count) halls · <b>\(period)</b></p></header>
        """
        body += figure("Thời gian chờ TB theo đơn vị · Mean wait per hall, all citizens (never called at their lower bound)", SVGChart.horizontal(
            r.halls.map { h in SVGChart.Bar(label: h.hall.name, value: (h.visits.meanWaitAtLeast ?? 0) / 60, text: "≥ " + Formatting.duration(h.visits.meanWaitAtLeast)) },
            target: target / 60, targetText: "target \(Formatting.duration(target))"))
        body += visitTable("Theo đơn vị · Citizens by hall", r.halls.map { Group(key: "", name: "\($0.hall.name) (\($0.hall.level))", figures: $0.figures, visits: $0.visits) })
        body += visitTable("Theo cấp · Citizens by administrative level", r.levels.map { Group(key: "", name: "\($0.level) (\($0.halls) halls)", figures: $0.figures, visits: $0.visits) }
                      + [Group(key: "", name: "Tổng · Total", figures: r.total, visits: r.visits)])
        var pace = "<h2>Năng suất cán bộ theo đơn vị · Clerk pace by hall</h2><table><thead><tr><th><span class=\"sr\">nhóm · group</span></th><th>cán bộ<span class=\"en\" lang=\"en\">clerks</span></th><th>đạt nhịp<span class=\"en\" lang=\"en\">on pace</span></th><th>dự kiến cả năm TB<span class=\"en\" lang=\"en\">mean projection / year</span></th><th>mục tiêu<span class=\"en\" lang=\"en\">target</span></th></tr></thead><tbody>"
        for h in r.halls {
            pace += "<tr><th>\(HTML.escape(h.hall.name))</th><td>\(h.clerks)</td><td>\(h.clerksOnPace)</td><td>\(Formatting.count(Int(h.meanProjection.rounded())))</td><td>\(Formatting.count(h.paceTarget))</td></tr>"
        }
        body += pace + "</tbody></table>\n"
        for h in r.halls { body += clerkTable(h.clerkLines, day: r.from == r.to, to: r.to, title: "Cán bộ · Clerks of \(h.hall.name)") }
        body += table("Theo đơn vị · Service legs by hall", r.halls.map { Group(key: "", name: "\($0.hall.name) (\($0.hall.level))", figures: $0.figures) })
        if let total = r.ratings {
            body += "<h2>Đánh giá của công dân theo đơn vị · Citizens' ratings by hall</h2><table><thead><tr><th><span class=\"sr\">đơn vị · hall</span></th><th>số đánh giá<span class=\"en\" lang=\"en\">rated</span></th>"
                + "<th>rất hài lòng · very satisfied</th><th>hài lòng · satisfied</th><th>không hài lòng · dissatisfied</th><th>hài lòng trở lên<span class=\"en\" lang=\"en\">satisfied or better</span></th></tr></thead><tbody>"
            for (name, line) in r.halls.map({ ($0.hall.name, $0.ratings) }) + [("Total", total)] {
                guard let l = line else { body += "<tr><th>\(HTML.escape(name))</th><td colspan=\"5\">–</td></tr>"; continue }
                body += "<tr><th>\(HTML.escape(name))</th><td>\(l.total)</td><td>\(l.verySatisfied)</td><td>\(l.satisfied)</td><td>\(l.dissatisfied)</td><td>\(l.satisfiedText)</td></tr>"
            }
            body += "</tbody></table>\n"
        }
        body += table("Theo lĩnh vực · Service legs by service, across the halls",
                      r.services.map { Group(key: $0.service, name: "\($0.name) (\($0.halls) halls)", figures: $0.figures) })
        return page(title: "Roll-up wait report \(period)", body: body)
    }

    static func card(_ label: String, _ value: String, met: Bool? = nil, note: String = "") -> String {
        let cls = met == true ? " met" : met == false ? " missed" : ""
        return #"<div class="card\#(cls)"><div class="label">\#(HTML.escape(label))</div><div class="value">\#(HTML.escape(value)) \#(Formatting.mark(met))</div><div class="note">\#(HTML.escape(note))</div></div>"#
    }

    /// A chart under its caption, read as one image named by the caption (its figures are in
    /// the tables).
    static func figure(_ caption: String, _ svg: String) -> String {
        let titled = svg.replacingOccurrences(of: "<svg xmlns=", with: "<svg role=\"img\" aria-label=\"\(HTML.escape(caption))\" xmlns=")
        return "<figure><figcaption>\(HTML.escape(caption))</figcaption>\(titled)</figure>\n"
    }

    static func table(_ title: String, _ groups: [Group]) -> String {
        var s = "<h2>\(HTML.escape(title))</h2><table><thead><tr><th><span class=\"sr\">nhóm · group</span></th><th>đã phát<span class=\"en\" lang=\"en\">issued</span></th><th>chuyển đến<span class=\"en\" lang=\"en\">tr. in</span></th><th>đã phục vụ<span class=\"en\" lang=\"en\">served</span></th><th>vắng mặt<span class=\"en\" lang=\"en\">no-show</span></th><th>chuyển đi<span class=\"en\" lang=\"en\">tr. out</span></th><th>huỷ<span class=\"en\" lang=\"en\">canc.</span></th><th>còn mở<span class=\"en\" lang=\"en\">open</span></th><th>tồn<span class=\"en\" lang=\"en\">stranded</span></th>"
            + "<th>chờ TB<span class=\"en\" lang=\"en\">wait mean</span></th><th>trung vị<span class=\"en\" lang=\"en\">median</span></th><th>p90</th><th>p95</th><th>tối đa<span class=\"en\" lang=\"en\">max</span></th><th>≤ mục tiêu<span class=\"en\" lang=\"en\">≤ target</span></th><th>đến quầy TB<span class=\"en\" lang=\"en\">walk mean</span></th><th>p90</th><th>xử lý TB<span class=\"en\" lang=\"en\">service mean</span></th><th>trung vị<span class=\"en\" lang=\"en\">median</span></th><th>p90</th></tr></thead><tbody>"
        for g in groups {
            let f = g.figures
            let cells = [String(f.issued), String(f.transferredIn), String(f.served), String(f.noShow), String(f.transferred), String(f.cancelled), String(f.openAtClose), String(f.stranded)]
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

    static func clerkTable(_ r: HallReport) -> String { clerkTable(r.clerks, day: r.from == r.to, to: r.to) }

    static func clerkTable(_ clerks: [ClerkLine], day: Bool, to: String, title: String = "Theo cán bộ · Clerks' pace against the year") -> String {
        guard let c0 = clerks.first else { return "" }
        var s = "<h2>\(HTML.escape(title))</h2><p class=\"note\">So far this year = 1 January to \(to): \(c0.daysElapsed) of \(c0.daysInYear) working days of the hall's calendar; "
            + "pro-rata target = \(Formatting.count(c0.paceTarget)) × \(c0.daysElapsed) ÷ \(c0.daysInYear); projection = so far ÷ \(c0.daysElapsed) × \(c0.daysInYear).</p>"
        s += "<table><thead><tr><th><span class=\"sr\">nhóm · group</span></th><th>\(day ? "tiếp nhận trong ngày" : "tiếp nhận trong kỳ")<span class=\"en\" lang=\"en\">\(day ? "received this day" : "received in span")</span></th><th>\(day ? "phần của ngày" : "phần của kỳ")<span class=\"en\" lang=\"en\">\(day ? "day's share (\(Formatting.count(c0.paceTarget)) ÷ \(c0.daysInYear))" : "span's share")</span></th>"
            + "<th>ngày làm<span class=\"en\" lang=\"en\">days worked</span></th><th>xử lý TB<span class=\"en\" lang=\"en\">mean service</span></th><th>từ đầu năm<span class=\"en\" lang=\"en\">so far this year</span></th><th>mục tiêu theo tiến độ<span class=\"en\" lang=\"en\">pro-rata target</span></th><th>dự báo / năm<span class=\"en\" lang=\"en\">projection / year</span></th><th>mục tiêu<span class=\"en\" lang=\"en\">target</span></th></tr></thead><tbody>"
        for c in clerks {
            let spanMet = Double(c.received) >= c.spanTarget
            s += "<tr><th>\(HTML.escape(c.clerk))</th><td class=\"\(cls(spanMet))\">\(c.received) \(Formatting.mark(spanMet))</td><td>\(Formatting.decimal(c.spanTarget))</td><td>\(c.workingDays)</td>"
            s += "<td>\(Formatting.duration(c.figures.service?.mean))</td><td class=\"\(cls(c.paceMet))\">\(Formatting.count(c.yearToDate)) \(Formatting.mark(c.paceMet))</td>"
            s += "<td>\(Formatting.count(Int(c.proRataTarget.rounded())))</td><td>\(Formatting.count(Int(c.projection.rounded())))</td><td>\(Formatting.count(c.paceTarget))</td></tr>"
        }
        return s + "</tbody></table>\n"
    }

    static func cls(_ met: Bool?) -> String { met == true ? "met" : met == false ? "missed" : "" }

    static func notes(_ targets: Targets) -> String {
        """
        <footer><p>Một lượt (visit) = một công dân: lấy số → (chuyển →)* kết thúc. Chờ (wait) = gọi lần đầu − vào hàng; đi (walk) = bắt đầu xử lý − gọi lần cuối; xử lý (service) = kết thúc − bắt đầu.</p>
        <p lang="en">A visit is one citizen: issue → (transfer →)* end. Its wait is the sum of its legs' waits, each from joining that queue (a transfer's second wait starts at the hand-over).
        A citizen never called (gave up, or still waiting at closing) waited at least until they left or the hall closed: that lower bound is in “all ≥” and such a citizen is not within target.
        Percentiles are exact, nearest-rank. Within target = citizens called within their first service's wait target, of all citizens.
        Pace = dossiers received so far this year against \(Formatting.count(targets.dossiersPerClerkYear)) × working days elapsed ÷ working days in the year (the hall's opening days).
        Days and times of day are the hall's local time. Times are min:sec.</p></footer>
        """
    }

    /// Headings and captions are "Vietnamese · English": the English half is marked as English
    /// (`lang="en"`) under the page's `lang="vi"`, so a screen reader reads it with an English voice.
    static func markEnglish(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        // The next heading or caption, with the tag that closes it.
        func next() -> (open: Range<Substring.Index>, close: String)? {
            [("<h2>", "</h2>"), ("<figcaption>", "</figcaption>")]
                .compactMap { tag in rest.range(of: tag.0).map { ($0, tag.1) } }
                .min { $0.0.lowerBound < $1.0.lowerBound }
        }
        while let (open, closeTag) = next(), let close = rest[open.upperBound...].range(of: closeTag) {
            out += rest[..<open.upperBound]
            let inner = rest[open.upperBound..<close.lowerBound]
            if !inner.contains("lang="), let dot = inner.range(of: " · ") {
                out += inner[..<dot.upperBound] + "<span lang=\"en\">" + inner[dot.upperBound...] + "</span>"
            } else {
                out += inner
            }
            rest = rest[close.lowerBound...]
        }
        return out + rest
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(HTML.escape(title))</title>
        <style>
        @page { size: A4; margin: 12mm; }
        * { box-sizing: border-box; }
        .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
        body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #222; max-width: 186mm; margin: 0 auto; }
        h1 { font-size: 16pt; margin: 0 0 2mm; } h1 .en { font-weight: normal; color: #666; font-size: 12pt; }
        th .en { display: block; font-weight: normal; color: #666; font-size: 7pt; }
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
        p.note { font-size: 7.5pt; color: #555; margin: 0 0 1mm; }
        .counts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin-top: 2mm; }
        </style></head><body>
        \(markEnglish(body))
        </body></html>

        """
    }
}
