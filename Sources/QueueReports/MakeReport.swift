import Foundation
import QueueCore

extension HallReport {
    /// Width of a wait-histogram bin, and where the open-ended last bin starts, in minutes.
    public static let binMinutes = 5
    public static let lastBinFrom = 60

    /// The report of `tickets` whose local day is in `from…to`, measured against `config`'s
    /// targets and calendar. Pure: the same rows, config and context always give the same
    /// report. Rows of services or counters no longer in the config are still counted, under
    /// their id.
    public static func make(tickets all: [ReportTicket], config: HallConfig, from: String, to: String,
                            context: ReportContext = ReportContext()) -> HallReport {
        var tally = ReportTally()
        tally.add(all.filter { $0.day >= from && $0.day <= to }, config: config, now: context.now)
        var context = context
        if context.yearToDate == nil {
            let yearStart = String(to.prefix(4)) + "-01-01"
            context.yearToDate = Dictionary(grouping: all.filter { $0.day >= yearStart && $0.day <= to && $0.outcome == .served && $0.clerk != nil },
                                            by: { $0.clerk! }).mapValues(\.count)
        }
        return make(tally: tally, config: config, from: from, to: to, context: context)
    }

    /// The report of a tally of the days `from…to` (merged from the days' tallies, or counted
    /// from their rows): the same report as from the rows. Names, targets shown and the calendar
    /// come from `config`; the counts within targets were made with the config of each day.
    public static func make(tally: ReportTally, config: HallConfig, from: String, to: String,
                            context: ReportContext = ReportContext()) -> HallReport {
        let calendar = HallCalendar(config: config)
        let interval = [15, 30, 60].contains(context.intervalMinutes) ? context.intervalMinutes : 60
        let targets = config.targets
        let serviceTargets = ServiceTargets(config)
        let meanWait = targets.meanWait

        var serviceRows = config.services.map { s in
            Group(key: s.id, name: s.nameVi, figures: (tally.services[s.id] ?? FiguresBuilder()).finish(waitTarget: s.waitTarget))
        }
        for id in tally.services.keys.sorted() where config.service(id) == nil {
            serviceRows.append(Group(key: id, name: id, figures: tally.services[id]!.finish(waitTarget: Double(ServiceTargets.fallback.wait) / 1000)))
        }
        var counterRows = config.counters.map { c in
            Group(key: String(c.number), name: c.name, figures: (tally.counters[c.number] ?? FiguresBuilder()).finish(waitTarget: meanWait))
        }
        for n in tally.counters.keys.sorted() where config.counter(n) == nil {
            counterRows.append(Group(key: String(n), name: "Quầy \(n)", figures: tally.counters[n]!.finish(waitTarget: meanWait)))
        }

        // Pace against the year.
        let year = String(to.prefix(4))
        let yearStart = "\(year)-01-01"
        let daysInYear = max(1, calendar.workingDaysInYear(of: to))
        let daysElapsed = calendar.workingDays(from: yearStart, to: to)
        let spanDays = calendar.workingDays(from: from, to: to)
        let yearToDate = context.yearToDate ?? [:]
        let yearly = Double(targets.dossiersPerClerkYear)
        let clerkRows = Set(tally.clerks.keys).union(yearToDate.keys).sorted().map { name -> ClerkLine in
            let figures = (tally.clerks[name] ?? FiguresBuilder()).finish(waitTarget: meanWait)
            let ytd = yearToDate[name] ?? 0
            let proRata = yearly * Double(daysElapsed) / Double(daysInYear)
            return ClerkLine(clerk: name, workingDays: tally.clerkDays[name]?.count ?? 0, received: figures.served,
                             spanTarget: yearly * Double(spanDays) / Double(daysInYear), yearToDate: ytd,
                             daysElapsed: daysElapsed, daysInYear: daysInYear, proRataTarget: proRata,
                             projection: daysElapsed == 0 ? 0 : Double(ytd) / Double(daysElapsed) * Double(daysInYear),
                             paceTarget: targets.dossiersPerClerkYear, paceMet: Double(ytd) >= proRata, figures: figures)
        }

        let handling = serviceRows.map { g -> HandlingLine in
            HandlingLine(service: g.key, name: g.name, dossiers: g.figures.service?.count ?? 0, mean: g.figures.service?.mean,
                         ceiling: Double(serviceTargets[g.key].service) / 1000, over: tally.over.count(service: g.key),
                         baseline: context.baseline?.meanService[g.key])
        }

        // The quarter hours, added up to the report's interval.
        var slots: [Int: FiguresBuilder] = [:], visitSlots: [Int: VisitFiguresBuilder] = [:]
        for (q, b) in tally.quarters { slots[q * ReportTally.quarter / interval, default: FiguresBuilder()].merge(b) }
        for (q, b) in tally.visitQuarters { visitSlots[q * ReportTally.quarter / interval, default: VisitFiguresBuilder()].merge(b) }
        func slotName(_ slot: Int) -> (key: String, name: String) {
            let start = slot * interval, end = start + interval
            return (ClockText.text(start), "\(ClockText.text(start))–\(ClockText.text(end))")
        }
        let bins = tally.bins
        var report = HallReport(
            hall: HallInfo(name: config.hall.name, level: config.hall.level, timeZone: config.hall.timeZone),
            from: from, to: to, targets: targets,
            visits: tally.visits.finish(waitTarget: meanWait),
            total: tally.total.finish(waitTarget: meanWait),
            days: tally.days.keys.sorted().map { day in
                var d = tally.days[day]!
                d.legs.waitTarget = meanWait
                d.visits.waitTarget = meanWait
                return Group(key: day, name: day, figures: d.legs, visits: d.visits)
            },
            weekdays: tally.weekdays.keys.sorted().map {
                Group(key: String($0), name: Self.weekdayNames[$0 - 1], figures: tally.weekdays[$0]!.finish(waitTarget: meanWait),
                      visits: tally.visitWeekdays[$0]?.finish(waitTarget: meanWait))
            },
            services: serviceRows, counters: counterRows,
            intervalMinutes: interval,
            // Every interval from the first arrival's to the last's, empty ones too: a chart or table
            // that skipped the quiet hours (a lunch break) would draw the day shorter than it was.
            intervals: (slots.keys.min().map { Array($0...slots.keys.max()!) } ?? []).map { s in
                let n = slotName(s)
                return Group(key: n.key, name: n.name, figures: (slots[s] ?? FiguresBuilder()).finish(waitTarget: meanWait),
                             visits: (visitSlots[s] ?? VisitFiguresBuilder()).finish(waitTarget: meanWait))
            },
            clerks: clerkRows,
            overTarget: tally.over.finish(config: config),
            handling: handling,
            baselineLabel: context.baseline?.label,
            waitHistogram: bins.enumerated().map { i, n in
                Bin(fromMinute: i * binMinutes, toMinute: i == bins.count - 1 ? nil : (i + 1) * binMinutes, count: n)
            })
        report.ratings = context.ratings.map { RatingLine.lines($0, config: config) }
        report.appointments = context.appointments.flatMap { $0.isEmpty ? nil : AppointmentFigures($0, config: config) }
        return report
    }

    public static let weekdayNames = ["Thứ Hai · Mon", "Thứ Ba · Tue", "Thứ Tư · Wed", "Thứ Năm · Thu", "Thứ Sáu · Fri", "Thứ Bảy · Sat", "Chủ Nhật · Sun"]
}
