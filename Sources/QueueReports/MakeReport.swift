import Foundation
import QueueCore

extension HallReport {
    /// Width of a wait-histogram bin, and where the open-ended last bin starts, in minutes.
    public static let binMinutes = 5
    public static let lastBinFrom = 60

    /// The report of `tickets` whose local day is in `from…to`, measured against `config`'s
    /// targets. Pure: the same rows and config always give the same report. Rows of services or
    /// counters no longer in the config are still counted, under their id.
    public static func make(tickets: [ReportTicket], config: HallConfig, from: String, to: String) -> HallReport {
        let zone = TimeZone(identifier: config.hall.timeZone) ?? TimeZone(secondsFromGMT: 7 * 3600)!
        var hours = LocalHours(zone: zone)
        let targets = config.targets
        let serviceTargets = Dictionary(uniqueKeysWithValues: config.services.map {
            ($0.id, (wait: Int64(($0.waitTarget * 1000).rounded()), service: Int64(($0.serviceTarget * 1000).rounded())))
        })
        let fallback = (wait: Int64(15 * 60_000), service: Int64(30 * 60_000))

        var total = FiguresBuilder()
        var days: [String: FiguresBuilder] = [:]
        var services: [String: FiguresBuilder] = [:]
        var counters: [Int: FiguresBuilder] = [:]
        var byHour: [Int: FiguresBuilder] = [:]
        var clerks: [String: FiguresBuilder] = [:]
        var clerkDays: [String: Set<String>] = [:]
        var bins = [Int](repeating: 0, count: lastBinFrom / binMinutes + 1)

        for t in tickets where t.day >= from && t.day <= to {
            let target = serviceTargets[t.service] ?? fallback
            func add(_ b: inout FiguresBuilder, waitFrom: Int64) {
                b.add(t, waitFrom: waitFrom, waitTarget: target.wait, serviceTarget: target.service)
            }
            add(&total, waitFrom: t.issuedAt)
            add(&days[t.day, default: FiguresBuilder()], waitFrom: t.issuedAt)
            // In its own service, a transferred citizen waits from joining that service's queue.
            add(&services[t.service, default: FiguresBuilder()], waitFrom: t.queuedAt)
            add(&byHour[hours.hour(t.issuedAt), default: FiguresBuilder()], waitFrom: t.issuedAt)
            if let c = t.counter { add(&counters[c, default: FiguresBuilder()], waitFrom: t.issuedAt) }
            if let clerk = t.clerk {
                add(&clerks[clerk, default: FiguresBuilder()], waitFrom: t.issuedAt)
                if t.firstCalledAt != nil { clerkDays[clerk, default: []].insert(t.day) }
            }
            if let call = t.firstCalledAt {
                let minutes = Int((call - t.issuedAt) / 60_000)
                bins[min(max(0, minutes) / binMinutes, bins.count - 1)] += 1
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
        let clerkRows = clerks.keys.sorted().map { name -> ClerkLine in
            let figures = clerks[name]!.finish(waitTarget: meanWait)
            let worked = clerkDays[name]?.count ?? 0
            let pace = worked == 0 ? 0 : Double(figures.served) / Double(worked) * Double(targets.workingDaysPerYear)
            return ClerkLine(clerk: name, workingDays: worked, received: figures.served, pace: pace,
                             paceTarget: targets.dossiersPerClerkYear, paceMet: pace >= Double(targets.dossiersPerClerkYear), figures: figures)
        }
        return HallReport(
            hall: HallInfo(name: config.hall.name, level: config.hall.level, timeZone: config.hall.timeZone),
            from: from, to: to, targets: targets,
            total: total.finish(waitTarget: meanWait),
            days: days.keys.sorted().map { Group(key: $0, name: $0, figures: days[$0]!.finish(waitTarget: meanWait)) },
            services: serviceRows, counters: counterRows,
            hours: byHour.keys.sorted().map { h in
                Group(key: String(format: "%02d", h), name: String(format: "%02d:00–%02d:00", h, h + 1), figures: byHour[h]!.finish(waitTarget: meanWait))
            },
            clerks: clerkRows,
            waitHistogram: bins.enumerated().map { i, n in
                Bin(fromMinute: i * binMinutes, toMinute: i == bins.count - 1 ? nil : (i + 1) * binMinutes, count: n)
            })
    }
}
