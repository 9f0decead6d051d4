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
    func aPageTheCommitDoesNotConcernStaysTheSame(seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        var state = HallState(config: HallConfigLoader.defaultHall())
        let services = state.config.services.map(\.id)
        let counters = state.config.counters.map(\.number)
        var now = Date(timeIntervalSince1970: 1_796_000_400) // a simulated Monday, 08:00 in the hall
        // The web layer's own copy of the hall, told of each commit as the writer tells it,
        // with the 10 s ticks (commits with no events) in between.
        let live = LiveHall(virtualClock: true, updates: { AsyncStream { $0.finish() } })
        live.apply(.snapshot(state, now: now, today: [], cancelledAt: [:], pausedAt: [:]))
        // Each ticket's page as its stream last drew it, and what it then followed.
        var drawn: [Int64: (html: String, interest: PageInterest)] = [:]
        var checked = 0, woken = 0
        let lang: PhonePage.Language = seed == 2 ? .en : .vi
        for step in 0..<900 {
            now += Double(random.next() % 45)
            if random.next() % 3 == 0 { live.apply(.committed([], now: now)) }
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
            guard case .success(let events) = state.perform(command, by: "t", at: now), !events.isEmpty else { continue }
            let change = try #require(live.apply(.committed(events, now: now)))
            let hall = try #require(await live.view(timeout: .seconds(1)))
            for id in Set(hall.state.tickets.keys).union(hall.today.keys) {
                guard let page = PhonePage(ticket: id, state: hall.state, today: hall.today, now: hall.now) else { continue }
                let html = page.live(lang, token: "t")
                if let before = drawn[id], !before.interest.isConcerned(by: change) {
                    #expect(html == before.html, "ticket \(id) after \(events.map(\.kind.rawValue)) at step \(step): \(change)")
                    checked += 1
                    continue
                }
                woken += 1
                let interest = PageInterest()
                interest.follow(ticket: page.ticket, service: page.service)
                drawn[id] = (html, interest)
            }
        }
        // The days did work: many pages were left alone, and many were woken.
        #expect(checked > 5_000 && woken > 1_000, "checked \(checked), woken \(woken)")
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
