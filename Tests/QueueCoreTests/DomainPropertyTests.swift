import Foundation
import QueueConfig
import QueueCore
import Testing

/// The hall's rules, checked after every step of seeded random walks (the walk of
/// `IndexedQueueTests`: mostly issues and calls, every other command now and then, refusals
/// included, the clock moving on, back, and to the next morning). A failure names its seed and
/// step, and the same seed replays it.
@Suite struct DomainPropertyTests {
    @Test(arguments: IndexedQueueTests.seeds) func theHallsRulesHoldAfterEveryStep(seed: UInt64) throws {
        var hall = TestHall()
        var random = SeededRandom(seed: seed)
        // A board's copy: it starts empty and only applies the events it is sent.
        var replica = HallState(config: hall.state.config)
        var labelsOfDay: [String: Set<String>] = [:]
        var refused = 0
        for step in 0..<800 {
            let command = IndexedQueueTests.command(&random, hall)
            IndexedQueueTests.moveClock(&random, &hall)
            let context = "seed \(seed), step \(step), \(command)"
            let before = hall.state
            switch hall.state.perform(command, by: "test", at: hall.now) {
            case .failure:
                // A refusal changes nothing at all.
                let unchanged = hall.state == before // not inside #expect: it would print both halls
                #expect(unchanged, "a refused command changed the hall: \(context)")
                refused += 1
            case .success(let events):
                // Events are numbered one after another, from where the hall was.
                #expect(events.map(\.seq) == Array((before.seq + 1)..<(before.seq + 1 + Int64(events.count))), "numbering: \(context)")
                #expect(hall.state.seq == before.seq + Int64(events.count), "seq: \(context)")
                for event in events { replica.apply(event) }
                // A number is given once a day (a transfer keeps its ticket's number).
                if case .issue = command, let ticket = events.last(where: { $0.kind == .issued })?.ticket {
                    let fresh = labelsOfDay[ticket.day, default: []].insert(ticket.label).inserted
                    #expect(fresh, "\(ticket.label) given twice on \(ticket.day): \(context)")
                }
            }
            // Applying the events alone gives the same hall.
            let same = replica == hall.state
            #expect(same, "the replica differs (seq \(replica.seq) against \(hall.state.seq)): \(context)")
            // A counter holds at most one ticket, and the one it holds is called or served there.
            for counter in hall.state.counters.values {
                let held = hall.state.tickets.values.filter { ($0.state == .called || $0.state == .serving) && $0.counter == counter.number }
                #expect(held.count <= 1, "counter \(counter.number) holds \(held.map(\.label)): \(context)")
                #expect(held.first?.id == counter.ticket, "counter \(counter.number)'s ticket: \(context)")
            }
        }
        #expect(hall.state.seq > 100 && refused > 20, "seed \(seed): the walk did too little to mean anything")
    }
}
