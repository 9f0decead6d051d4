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
        let tickets = all.filter { $0.day >= from && $0.day <= to }
        var calendar = HallCalendar(config: config)
        var clock = LocalHours(zone: calendar.zone)
        let interval = [15, 30, 60].contains(context.intervalMinutes) ? context.intervalMinutes : 60
        let targets = config.targets
        let serviceTargets = Dictionary(uniqueKeysWithValues: config.services.map {
            ($0.id, (wait: Int64(($0.waitTarget * 1000).rounded()), service: Int64(($0.serviceTarget * 1000).rounded())))
        })
        let fallback = (wait: Int64(15 * 60_000), service: Int64(30 * 60_000))
        func target(_ service: String) -> (wait: Int64, service: Int64) { serviceTargets[service] ?? fallback }

        // Service legs.
        var total = FiguresBuilder()
        var days: [String: FiguresBuilder] = [:]
        var weekdays: [Int: FiguresBuilder] = [:]
        var services: [String: FiguresBuilder] = [:]
        var counters: [Int: FiguresBuilder] = [:]
        var slots: [Int: FiguresBuilder] = [:]
        var clerks: [String: FiguresBuilder] = [:]
        var clerkDays: [String: Set<String>] = [:]
        var over = OverTargetBuilder()
        for t in tickets {
            let tg = target(t.service)
            func add(_ b: inout FiguresBuilder) { b.add(t, waitTarget: tg.wait, serviceTarget: tg.service) }
            add(&total)
            add(&days[t.day, default: FiguresBuilder()])
            add(&weekdays[HallCalendar.weekday(t.day) ?? 1, default: FiguresBuilder()])
            add(&services[t.service, default: FiguresBuilder()])
            add(&slots[clock.minuteOfDay(t.issuedAt) / interval, default: FiguresBuilder()])
            if let c = t.counter { add(&counters[c, default: FiguresBuilder()]) }
            if let clerk = t.clerk {
                add(&clerks[clerk, default: FiguresBuilder()])
                if t.firstCalledAt != nil { clerkDays[clerk, default: []].insert(t.day) }
            }
            if let start = t.serviceStartedAt, let end = t.serviceEndedAt {
                over.add(t, start: start, end: end, ceiling: tg.service, hour: clock.hour(start))
            }
        }

        // Visits.
        var visits = VisitFiguresBuilder()
        var visitDays: [String: VisitFiguresBuilder] = [:]
        var visitWeekdays: [Int: VisitFiguresBuilder] = [:]
        var visitSlots: [Int: VisitFiguresBuilder] = [:]
        var bins = [Int](repeating: 0, count: lastBinFrom / binMinutes + 1)
        for v in Visit.chains(tickets) {
            var closing = calendar.closingTime(v.first.day)
            // A day not yet closed: a citizen still waiting (or one whose cancellation instant is
            // not known) has waited at most until now.
            if v.last.outcome == nil || (v.last.outcome == .cancelled && v.last.endedAt == nil), let now = context.now {
                closing = closing.map { min($0, now) } ?? now
            }
            let wait = v.wait(closing: closing)
            let tw = target(v.first.service).wait
            visits.add(v, wait: wait, waitTarget: tw)
            visitDays[v.first.day, default: VisitFiguresBuilder()].add(v, wait: wait, waitTarget: tw)
            visitWeekdays[HallCalendar.weekday(v.first.day) ?? 1, default: VisitFiguresBuilder()].add(v, wait: wait, waitTarget: tw)
            visitSlots[clock.minuteOfDay(v.first.issuedAt) / interval, default: VisitFiguresBuilder()].add(v, wait: wait, waitTarget: tw)
            if v.reachedACounter, let wait {
                bins[min(Int(wait / 60_000) / binMinutes, bins.count - 1)] += 1
            }
        }

        let meanWait = targets.meanWait
        var serviceRows = config.services.map { s in
            Group(key: s.id, name: s.nameVi, figures: (services[s.id] ?? FiguresBuilder()).finish(waitTarget: s.waitTarget))
        }
        for id in services.keys.sorted() where config.service(id) == nil {
            serviceRows.append(Group(key: id, name: id, figures: services[id]!.finish(waitTarget: Double(fallback.wait) / 1000)))
        }
        var counterRows = config.counters.map { c in
            Group(key: String(c.number), name: c.name, figures: (counters[c.number] ?? FiguresBuilder()).finish(waitTarget: meanWait))
        }
        for n in counters.keys.sorted() where config.counter(n) == nil {
            counterRows.append(Group(key: String(n), name: "Quầy \(n)", figures: counters[n]!.finish(waitTarget: meanWait)))
        }

        // Pace against the year.
        let year = String(to.prefix(4))
        let yearStart = "\(year)-01-01"
        let daysInYear = max(1, calendar.workingDaysInYear(of: to))
        let daysElapsed = calendar.workingDays(from: yearStart, to: to)
        let spanDays = calendar.workingDays(from: from, to: to)
        let yearToDate = context.yearToDate ?? Dictionary(grouping: all.filter { $0.day >= yearStart && $0.day <= to && $0.outcome == .served && $0.clerk != nil },
                                                         by: { $0.clerk! }).mapValues(\.count)
        let yearly = Double(targets.dossiersPerClerkYear)
        let clerkRows = Set(clerks.keys).union(context.yearToDate.map { Set($0.keys) } ?? []).sorted().map { name -> ClerkLine in
            let figures = (clerks[name] ?? FiguresBuilder()).finish(waitTarget: meanWait)
            let ytd = yearToDate[name] ?? 0
            let proRata = yearly * Double(daysElapsed) / Double(daysInYear)
            return ClerkLine(clerk: name, workingDays: clerkDays[name]?.count ?? 0, received: figures.served,
                             spanTarget: yearly * Double(spanDays) / Double(daysInYear), yearToDate: ytd,
                             daysElapsed: daysElapsed, daysInYear: daysInYear, proRataTarget: proRata,
                             projection: daysElapsed == 0 ? 0 : Double(ytd) / Double(daysElapsed) * Double(daysInYear),
                             paceTarget: targets.dossiersPerClerkYear, paceMet: Double(ytd) >= proRata, figures: figures)
        }

        let handling = serviceRows.map { g -> HandlingLine in
            HandlingLine(service: g.key, name: g.name, dossiers: g.figures.service?.count ?? 0, mean: g.figures.service?.mean,
                         ceiling: Double(target(g.key).service) / 1000, over: over.count(service: g.key),
                         baseline: context.baseline?.meanService[g.key])
        }

        func slotName(_ slot: Int) -> (key: String, name: String) {
            let start = slot * interval, end = start + interval
            return (ClockText.text(start), "\(ClockText.text(start))–\(ClockText.text(end))")
        }
        return HallReport(
            hall: HallInfo(name: config.hall.name, level: config.hall.level, timeZone: config.hall.timeZone),
            from: from, to: to, targets: targets,
            visits: visits.finish(waitTarget: meanWait),
            total: total.finish(waitTarget: meanWait),
            days: days.keys.sorted().map {
                Group(key: $0, name: $0, figures: days[$0]!.finish(waitTarget: meanWait), visits: visitDays[$0]?.finish(waitTarget: meanWait))
            },
            weekdays: weekdays.keys.sorted().map {
                Group(key: String($0), name: Self.weekdayNames[$0 - 1], figures: weekdays[$0]!.finish(waitTarget: meanWait),
                      visits: visitWeekdays[$0]?.finish(waitTarget: meanWait))
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
            overTarget: over.finish(config: config),
            handling: handling,
            baselineLabel: context.baseline?.label,
            waitHistogram: bins.enumerated().map { i, n in
                Bin(fromMinute: i * binMinutes, toMinute: i == bins.count - 1 ? nil : (i + 1) * binMinutes, count: n)
            })
    }

    public static let weekdayNames = ["Thứ Hai · Mon", "Thứ Ba · Tue", "Thứ Tư · Wed", "Thứ Năm · Thu", "Thứ Sáu · Fri", "Thứ Bảy · Sat", "Chủ Nhật · Sun"]
}

/// Collects the dossiers over their ceiling and the counts per service, clerk and hour.
struct OverTargetBuilder {
    private var dossiers: [OverTarget.Dossier] = []
    private var services: [String: (count: Int, of: Int)] = [:]
    private var clerks: [String: (count: Int, of: Int)] = [:]
    private var hours: [Int: (count: Int, of: Int)] = [:]

    mutating func add(_ t: ReportTicket, start: Int64, end: Int64, ceiling: Int64, hour: Int) {
        let isOver = end - start > ceiling
        let n = isOver ? 1 : 0
        services[t.service, default: (0, 0)].count += n
        services[t.service, default: (0, 0)].of += 1
        if let clerk = t.clerk {
            clerks[clerk, default: (0, 0)].count += n
            clerks[clerk, default: (0, 0)].of += 1
        }
        hours[hour, default: (0, 0)].count += n
        hours[hour, default: (0, 0)].of += 1
        if isOver {
            dossiers.append(.init(id: t.id, label: t.label, service: t.service, clerk: t.clerk, counter: t.counter, start: start, end: end,
                                  duration: Double(end - start) / 1000, ceiling: Double(ceiling) / 1000))
        }
    }

    func count(service: String) -> Int { services[service]?.count ?? 0 }

    func finish(config: HallConfig) -> OverTarget {
        OverTarget(
            total: dossiers.count,
            dossiers: dossiers.sorted { ($0.duration, $1.id) > ($1.duration, $0.id) }.prefix(OverTarget.listLimit)
                .sorted { ($0.start, $0.id) < ($1.start, $1.id) },
            byService: services.keys.sorted().map { .init(key: $0, name: config.service($0)?.nameVi ?? $0, count: services[$0]!.count, of: services[$0]!.of) },
            byClerk: clerks.keys.sorted().map { .init(key: $0, name: $0, count: clerks[$0]!.count, of: clerks[$0]!.of) },
            byHour: hours.keys.sorted().map { h in
                .init(key: String(format: "%02d", h), name: String(format: "%02d:00–%02d:00", h, h + 1), count: hours[h]!.count, of: hours[h]!.of)
            })
    }
}
