import Foundation
import QueueCore
import QueueWire

/// Human and JSON renderings of replies.
enum Output {
    static func json(_ message: ServerMessage) throws -> Data {
        let encoder = WireJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(message)
    }

    static func time(_ date: Date?, _ zone: TimeZone) -> String {
        guard let date else { return "-" }
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss"
        f.timeZone = zone
        return f.string(from: date)
    }

    static func dateTime(_ date: Date?, _ zone: TimeZone) -> String {
        guard let date else { return "-" }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        f.timeZone = zone
        return f.string(from: date) + " (\(zone.identifier))"
    }

    static func minutes(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "-" }
        return "\(Int((seconds / 60).rounded())) min"
    }

    static func describe(_ event: Event, _ zone: TimeZone) -> String {
        var parts = ["#\(event.seq)", time(event.at, zone), event.kind.rawValue]
        if let t = event.ticket {
            parts.append(t.label)
            parts.append("service \(t.service)")
            if let c = t.counter, event.kind != .issued { parts.append("counter \(c)") }
            if let o = t.outcome { parts.append("(\(o.rawValue))") }
        }
        if let c = event.counter, event.ticket == nil {
            parts.append("counter \(c.number) \(c.status.rawValue)")
            if let clerk = c.clerk { parts.append("clerk \(clerk)") }
            if let reason = c.pauseReason { parts.append("(\(reason))") }
        }
        if let day = event.day { parts.append(day) }
        parts.append("by \(event.device)")
        return parts.joined(separator: " ")
    }

    static func events(_ reply: Reply, _ zone: TimeZone) -> String {
        reply.events.map { describe($0, zone) }.joined(separator: "\n")
    }

    static func status(_ reply: Reply, _ zone: TimeZone) -> String {
        guard case .status(let state, let now) = reply else { return "No state in the reply." }
        let zone = state.timeZone
        var lines = ["\(state.config.hall.name) — day \(state.day.isEmpty ? "(not opened)" : state.day), hall time \(time(now, zone)), event #\(state.seq)", ""]
        lines.append("Service                                   Waiting  Est. wait")
        for s in state.config.services {
            let name = "\(s.id)  \(s.nameVi)".padding(toLength: 40, withPad: " ", startingAt: 0)
            lines.append("\(name)  \(String(state.waitingCount(service: s.id)).leftPad(7))  \(minutes(state.estimatedWait(s.id, at: now)).leftPad(9))")
        }
        lines.append("")
        lines.append("Counter  Status   Clerk                 Ticket")
        for c in state.config.counters {
            let live = state.counters[c.number] ?? CounterState(number: c.number)
            let ticket = live.ticket.flatMap { state.tickets[$0] }.map { "\($0.label) \($0.state.rawValue)" } ?? "-"
            let status = live.status == .paused ? "paused (\(live.pauseReason ?? ""))" : live.status.rawValue
            lines.append("\(String(c.number).leftPad(7))  \(status.padding(toLength: 7, withPad: " ", startingAt: 0))  \((live.clerk ?? "-").padding(toLength: 20, withPad: " ", startingAt: 0))  \(ticket)")
        }
        return lines.joined(separator: "\n")
    }

    static func devices(_ reply: Reply, _ zone: TimeZone) -> String {
        guard case .devices(let devices, _) = reply else { return "No devices in the reply." }
        return devices.map { d in
            var line = "\(d.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(d.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))"
            if let c = d.counter { line += " counter \(c)" }
            if d.revokedAt != nil { line += " REVOKED" }
            return line
        }.joined(separator: "\n")
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
