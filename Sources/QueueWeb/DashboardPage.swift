import Foundation
import QueueCore
import QueueReports

/// The manager's pages: the live hall, reports, and devices with clerk PINs. Pure renders.
enum DashboardPage {
    static func header(hall: String, csrf: String, active: String) -> String {
        func link(_ href: String, _ vi: String, _ en: String) -> String {
            "<a href=\"\(href)\"\(href == active ? " class=\"active\" aria-current=\"page\"" : "")>\(vi) <span class=\"en\" lang=\"en\">\(en)</span></a>"
        }
        return """
        <header class="top">
        <div class="brand"><b>Quản lý</b> <span class="en" lang="en">Manager</span> <small>\(HTML.escape(hall))</small></div>
        <nav>\(link("/manager", "Trực tiếp", "Live hall"))\(link("/manager/reports", "Báo cáo", "Reports"))\(link("/manager/appointments", "Lịch hẹn", "Appointments"))\(link("/manager/devices", "Thiết bị và PIN", "Devices and PINs"))
        <form method="post" action="/logout">\(HTML.hidden("csrf", csrf))<button class="link">Đăng xuất <span class="en" lang="en">Sign out</span></button></form></nav>
        </header>
        """
    }

    static func page(_ m: DashboardModel, csrf: String, message: WebMessage?) -> String {
        let body = """
        \(HTML.notice(message))
        <div id="live" data-events="/events?view=manager">
        \(live(m))
        </div>
        """
        return HTML.page(title: "Quản lý · \(m.hallName)", bodyClass: "manager-page", header: header(hall: m.hallName, csrf: csrf, active: "/manager"), body: body)
    }

    /// The part server-sent events replace.
    static func live(_ m: DashboardModel) -> String {
        "\(alerts(m))\(figures(m))\n<div class=\"columns\">\(services(m))\(counters(m))</div>\n\(clerks(m))\n"
            + DevicePanel.panel(m.devices, now: m.devicesNow, zone: TimeZone(identifier: m.report.hall.timeZone) ?? .current)
    }

    /// What needs a manager now: citizens waiting for a service no counter serves, counters
    /// paused for a long time, and boards or kiosks in trouble. Nothing when all is well.
    static func alerts(_ m: DashboardModel) -> String {
        let zone = TimeZone(identifier: m.report.hall.timeZone) ?? .current
        var items: [String] = []
        for s in m.unserved {
            items.append("<li>\(HTML.escape(s.service.id)) · \(HTML.escape(s.service.nameVi)): \(s.waiting) công dân đang chờ mà không quầy nào mở "
                         + "<span class=\"en\" lang=\"en\">\(s.waiting) waiting and no counter open for it</span></li>")
        }
        for p in m.longPauses {
            let minutes = Int(m.now.timeIntervalSince(p.since) / 60)
            items.append("<li>Quầy \(p.counter) tạm ngừng từ \(Format.clock(p.since, zone)) (\(minutes) phút) "
                         + "<span class=\"en\" lang=\"en\">counter \(p.counter) paused for \(minutes) min</span></li>")
        }
        items += DevicePanel.alerts(m.devices, now: m.devicesNow, zone: zone)
        guard !items.isEmpty else { return "" }
        return "<section class=\"alerts\" id=\"alerts\" role=\"status\"><h2>Cần xử lý <span class=\"en\" lang=\"en\">Needs attention</span></h2><ul>\(items.joined())</ul></section>\n"
    }

    static func card(_ id: String, _ vi: String, _ en: String, _ value: String, note: String = "", met: Bool? = nil) -> String {
        let cls = met == true ? " met" : met == false ? " missed" : ""
        return "<div class=\"card\(cls)\" id=\"\(id)\"><div class=\"label\">\(vi) <span class=\"en\" lang=\"en\">\(en)</span></div><div class=\"value\">\(value)</div><div class=\"note\">\(note)</div></div>"
    }

    static func figures(_ m: DashboardModel) -> String {
        let t = m.report.total
        let v = m.report.visits
        let target = m.report.targets.meanWait
        return """
        <section class="cards" id="figures" data-day="\(m.day)">
        <h2>Hôm nay <span class="en" lang="en">Today</span> \(m.day) · \(Format.clock(m.now, TimeZone(identifier: m.report.hall.timeZone) ?? .current))</h2>
        \(card("fig-waiting", "Đang chờ", "waiting now", String(m.waitingTotal)))
        \(card("fig-issued", "Số đã phát", "issued", Format.viCount(t.issued)))
        \(card("fig-served", "Đã phục vụ", "served", Format.viCount(t.served)))
        \(card("fig-noshow", "Vắng mặt", "no-shows", Format.viCount(t.noShow), note: "chuyển <span class=\"en\" lang=\"en\">transferred</span> \(t.transferred)"))
        \(card("fig-wait", "Chờ trung bình", "mean wait", Format.duration(v.wait?.mean), note: "\(v.called) công dân đã gọi <span class=\"en\" lang=\"en\">citizens called</span>; mọi người ≥ <span class=\"en\" lang=\"en\">all at least</span> \(Format.duration(v.meanWaitAtLeast)) · mục tiêu <span class=\"en\" lang=\"en\">target</span> \(Format.duration(target))", met: v.meanWaitMet))
        \(card("fig-within", "Trong mục tiêu", "within target", Format.viPercent(v.withinTarget), note: "\(v.withinTarget.count)/\(v.withinTarget.of) công dân được gọi trong mục tiêu <span class=\"en\" lang=\"en\">citizens called within target</span>", met: v.withinTarget.percent.map { $0 >= 80 }))
        </section>
        """
    }

    static func services(_ m: DashboardModel) -> String {
        var rows = ""
        for s in m.services {
            rows += "<tr data-service=\"\(HTML.escape(s.service.id))\"><th>\(HTML.escape(s.service.id)) · \(HTML.escape(s.service.nameVi)) <span class=\"en\" lang=\"en\">\(HTML.escape(s.service.nameEn))</span></th>"
            rows += "<td class=\"num queue\">\(s.waiting)</td><td class=\"num\">\(s.priorityWaiting)</td><td class=\"num\">\(s.staffed)</td>"
            rows += "<td class=\"num\">\(s.estimatedWait.map { Format.estimate($0) } ?? "<span class=\"muted\">chưa mở quầy <span class=\"en\" lang=\"en\">no counter open</span></span>")</td></tr>"
        }
        return """
        <section class="services"><h2>Dịch vụ <span class="en" lang="en">Services</span></h2>
        <table><thead><tr><th>Dịch vụ <span class="en" lang="en">service</span></th><th>Đang chờ <span class="en" lang="en">waiting</span></th><th>Ưu tiên <span class="en" lang="en">priority</span></th>
        <th>Quầy mở <span class="en" lang="en">staffed</span></th><th>Chờ dự kiến <span class="en" lang="en">est. wait</span></th></tr></thead><tbody>\(rows)</tbody></table></section>
        """
    }

    static func counters(_ m: DashboardModel) -> String {
        var items = ""
        let zone = TimeZone(identifier: m.report.hall.timeZone) ?? .current
        for c in m.counters {
            let (vi, en) = Texts.counterStatus(c.state.status)
            var ticket = "<span class=\"muted\">—</span>"
            if let t = c.ticket {
                let (svi, sen) = Texts.ticketState(t.state)
                let since = t.state == .serving ? t.serviceStartedAt : t.lastCalledAt
                ticket = "<b class=\"label\">\(HTML.escape(t.label))</b> \(svi) <span class=\"en\" lang=\"en\">\(sen)</span>"
                if let since { ticket += " · \(Format.clock(since, zone))" }
            }
            items += """
            <li class="counter \(c.state.status.rawValue)" data-counter="\(c.counter.number)" data-ticket="\(HTML.escape(c.ticket?.label ?? ""))">
            <a href="/counter?n=\(c.counter.number)"><b>\(HTML.escape(c.counter.name))</b></a> <span class="badge \(c.state.status.rawValue)">\(vi) <span class="en" lang="en">\(en)</span></span>
            <div class="clerk">\(c.state.clerk.map(HTML.escape) ?? "<span class=\"muted\">chưa có cán bộ <span class=\"en\" lang=\"en\">no clerk</span></span>")</div>
            <div class="ticket">\(ticket)</div>\(c.state.pauseReason.map { "<div class=\"reason\">\(HTML.escape($0))\(m.pausedAt[c.counter.number].map { " · từ <span class=\"en\" lang=\"en\">since</span> \(Format.clock(Date(milliseconds: $0), zone))" } ?? "")</div>" } ?? "")\(pinAlert(m.pinAlerts[c.counter.number], zone: zone))
            </li>
            """
        }
        return "<section class=\"counters\"><h2>Quầy <span class=\"en\" lang=\"en\">Counters</span></h2><ul class=\"counter-grid\">\(items)</ul></section>"
    }

    /// "3 wrong PINs lately; PIN sign-in paused until 10:42": a stranger guessing, or a clerk who
    /// forgot, is seen by the manager; the clerk can still sign in with the counter's key.
    static func pinAlert(_ alert: PinGuessBudget.Alert?, zone: TimeZone) -> String {
        guard let alert else { return "" }
        var vi = "\(alert.wrong) lần nhập sai mã PIN gần đây", en = "\(alert.wrong) wrong PIN\(alert.wrong == 1 ? "" : "s") lately"
        if let until = alert.pausedUntil {
            vi += "; tạm khoá đăng nhập bằng PIN đến \(Format.clock(until, zone))"
            en += "; PIN sign-in paused until \(Format.clock(until, zone))"
        }
        return "<div class=\"pin-alert\">\(vi). <span class=\"en\" lang=\"en\">\(en).</span></div>"
    }

    static func clerks(_ m: DashboardModel) -> String {
        guard !m.report.clerks.isEmpty else { return "" }
        var rows = ""
        for c in m.report.clerks {
            let met = Double(c.received) >= m.dailyTarget
            rows += "<tr><th>\(HTML.escape(c.clerk))</th><td class=\"num \(met ? "met" : "")\">\(c.received)</td><td class=\"num\">\(Format.viDecimal(m.dailyTarget))</td>"
            rows += "<td class=\"num\">\(Format.duration(c.figures.service?.mean))</td><td class=\"num\">\(c.figures.noShow)</td></tr>"
        }
        return """
        <section class="clerks"><h2>Cán bộ hôm nay <span class="en" lang="en">Clerks today</span></h2>
        <table><thead><tr><th>Cán bộ <span class="en" lang="en">clerk</span></th><th>Hồ sơ <span class="en" lang="en">dossiers</span></th><th>Cần/ngày <span class="en" lang="en">needed a day</span></th>
        <th>Xử lý TB <span class="en" lang="en">mean service</span></th><th>Vắng <span class="en" lang="en">no-shows</span></th></tr></thead><tbody>\(rows)</tbody></table></section>
        """
    }

    /// The reports page: pick a day, see its report in the page, download it as HTML or CSV.
    static func reports(hall: String, csrf: String, from: String, to: String, interval: Int, today: String, hasTickets: Bool, message: WebMessage?) -> String {
        let q = from == to ? "day=\(from)&amp;interval=\(interval)" : "from=\(from)&amp;to=\(to)&amp;interval=\(interval)"
        let period = from == to ? from : "\(from) – \(to)"
        let view = hasTickets ? """
        <p class="downloads"><a class="button" href="/manager/report?\(q)&amp;format=html&amp;download=1" download>Tải HTML <span class="en" lang="en">Download HTML</span></a>
        <a class="button" href="/manager/report?\(q)&amp;format=csv&amp;download=1" download>Tải CSV <span class="en" lang="en">Download CSV</span></a></p>
        <iframe class="report" title="Báo cáo \(period)" src="/manager/report?\(q)&amp;format=html"></iframe>
        """ : "<p class=\"empty\">Không có số nào được ghi nhận \(from == to ? "ngày" : "từ") \(period). <span class=\"en\" lang=\"en\">No tickets were recorded \(from == to ? "on" : "from") \(from == to ? from : "\(from) to \(to)").</span></p>"
        let spans = HallReport.spans(around: today)
        func link(_ vi: String, _ en: String, _ span: (String, String)) -> String {
            let to = min(span.1, today)
            return "<a href=\"/manager/reports?from=\(span.0)&amp;to=\(to)&amp;interval=\(interval)\">\(vi) <span class=\"en\" lang=\"en\">\(en)</span></a>"
        }
        let options = [15, 30, 60].map { "<option value=\"\($0)\"\($0 == interval ? " selected" : "")>\($0) phút · min</option>" }.joined()
        let body = """
        \(HTML.notice(message))
        <section class="report-pick"><h2>Báo cáo thời gian chờ <span class="en" lang="en">Wait report</span></h2>
        <form method="get" action="/manager/reports" class="inline">
        <label>Từ ngày <span class="en" lang="en">From</span> <input type="date" name="from" value="\(HTML.escape(from))" required></label>
        <label>Đến ngày <span class="en" lang="en">To</span> <input type="date" name="to" value="\(HTML.escape(to))" required></label>
        <label>Khung giờ <span class="en" lang="en">Interval</span> <select name="interval">\(options)</select></label>
        <button type="submit">Xem <span class="en" lang="en">Show</span></button></form>
        <p class="spans"><a href="/manager/reports?day=\(today)&amp;interval=\(interval)">Hôm nay <span class="en" lang="en">Today</span></a> ·
        \(link("Tuần này", "This week", spans.week)) · \(link("Tháng này", "This month", spans.month)) · \(link("Năm nay", "This year", spans.year))</p>
        \(view)
        </section>
        """
        return HTML.page(title: "Báo cáo · \(period)", bodyClass: "manager-page", header: header(hall: hall, csrf: csrf, active: "/manager/reports"), body: body)
    }
}
