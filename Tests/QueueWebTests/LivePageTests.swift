import Foundation
import QueueConfig
import QueueCore
@testable import QueueWeb
import Testing

/// A phone page's stream is woken only by the commits that can change it (`LiveHall.Change`).
/// Over seeded days of random work at the default hall (counters serving two services, transfers,
/// pauses, lunch and closing), every page a commit does not concern must stay the same HTML.
struct LivePageTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func aPageTheCommitDoesNotConcernStaysTheSame(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var state = HallState(config: HallConfigLoader.defaultHall())
        let services = state.config.services.map(\.id)
        let counters = state.config.counters.map(\.number)
        var now = Date(timeIntervalSince1970: 1_796_000_400) // a simulated Monday, 08:00 in the hall
        var committedAt = now
        var today: [Int64: Ticket] = [:]
        var checked = 0, skipped = 0
        for step in 0..<900 {
            now += Double(random.next() % 45)
            let counter = counters[Int(random.next() % UInt64(counters.count))]
            let open = state.tickets.values.sorted { $0.id < $1.id }
            let command: Command
            switch random.next() % 12 {
            case 0, 1, 2: command = .issue(service: services[Int(random.next() % UInt64(services.count))], priority: random.next() % 8 == 0 ? .priority : .normal)
            case 3: command = .signIn(counter: counter, clerk: "Clerk \(counter)")
            case 4, 5: command = .callNext(counter: counter)
            case 6: command = .start(counter: counter)
            case 7: command = .finish(counter: counter)
            case 8: command = random.next() % 2 == 0 ? .noShow(counter: counter) : .recall(counter: counter)
            case 9: command = .transfer(counter: counter, to: services[Int(random.next() % UInt64(services.count))])
            case 10: command = random.next() % 3 == 0 ? .pause(counter: counter, reason: "Nghỉ") : .resume(counter: counter)
            default: command = open.isEmpty ? .tick : .cancel(label: open[Int(random.next() % UInt64(open.count))].label)
            }
            let before = state, beforeToday = today
            guard case .success(let events) = state.perform(command, by: "t", at: now), !events.isEmpty else { continue }
            let change = LiveHall.Change.of(events, at: now, after: committedAt, in: state.timeZone)
            for event in events {
                if event.kind == .dayOpened { today = [:] }
                if let t = event.ticket, t.day == state.day { today[t.id] = t }
            }
            let lang: PhonePage.Language = step % 2 == 0 ? .vi : .en
            for id in Set(before.tickets.keys).union(beforeToday.keys) {
                guard let page = PhonePage(ticket: id, state: before, today: beforeToday, now: committedAt),
                      !change.concerns(ticket: page.ticket, service: page.service) else { skipped += 1; continue }
                let after = PhonePage(ticket: id, state: state, today: today, now: now)
                #expect(after?.live(lang, token: "t") == page.live(lang, token: "t"),
                        "ticket \(id) after \(events.map(\.kind.rawValue)) at step \(step): \(change)")
                checked += 1
            }
            committedAt = now
        }
        // The days did work: many pages were left alone, and many were woken.
        #expect(checked > 5_000 && skipped > 1_000, "checked \(checked), woken \(skipped)")
    }

    @Test func whatACommitConcerns() {
        let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let at = Date(timeIntervalSince1970: 1_796_000_400)
        var ticket = Ticket(id: 7, day: "2026-11-30", service: "B", number: 3, label: "B003", priority: .normal, issuedAt: at)
        let issued = Event(seq: 1, at: at, kind: .issued, device: "kiosk-1", ticket: ticket)
        let change = LiveHall.Change.of([issued], at: at + 5, after: at, in: zone)
        #expect(change == LiveHall.Change(services: ["B"], tickets: [7]))
        #expect(change.concerns(ticket: 9, service: "B") && change.concerns(ticket: 7, service: "A") && !change.concerns(ticket: 9, service: "A"))
        // A new minute, a counter event, or a day opening concerns every page.
        #expect(LiveHall.Change.of([issued], at: at + 60, after: at, in: zone) == .all)
        #expect(LiveHall.Change.of([Event(seq: 2, at: at, kind: .signedIn, device: "counter-1")], at: at, after: at, in: zone) == .all)
        // A transfer concerns the ticket it came from.
        ticket.transferredFrom = 5
        #expect(LiveHall.Change.of([Event(seq: 3, at: at, kind: .issued, device: "counter-1", ticket: ticket)], at: at, after: at, in: zone).tickets == [5, 7])
    }
}
