import CityWire
import Foundation
import QueueCore
import Testing

/// What a hall sends and how the city cuts it apart (pure: no server).
struct CityWireTests {
    func events(_ clerks: [String]) -> [Event] {
        clerks.enumerated().map { i, clerk in
            var t = Ticket(id: Int64(i + 1), day: "2026-11-30", service: "A", number: i + 1, label: "A00\(i + 1)", priority: .normal,
                           issuedAt: Date(timeIntervalSince1970: 1_796_000_000 + Double(i)))
            t.clerk = clerk
            return Event(seq: Int64(i + 1), at: t.issuedAt, kind: .issued, device: "kiosk-1", ticket: t)
        }
    }

    @Test func theCityKeepsEachEventAsTheHallSentItEvenWithBracketsAndQuotesInText() throws {
        // Names that look like JSON structure must not cut an event apart.
        let sent = events(["Lê Thị \"Hương\" }]", "Trần [Văn] {Minh}\\", "", "Nguyễn, Lan"])
        let bodies = try sent.map { String(decoding: try HallJSON.encoder().encode($0), as: UTF8.self) }
        let body = try CityBatch.json(hall: "phuong-ba-dinh", eventBodies: bodies, configs: [RecordedConfig(since: 0, config: "{\"x\": [1]}")])
        let (batch, kept) = try CityBatch.decode(body)
        #expect(batch.hall == "phuong-ba-dinh" && batch.events == sent && batch.configs.count == 1)
        #expect(kept == bodies)
        // Spaces and newlines between elements, as another writer might send them.
        let spaced = Data("{ \"configs\" : [ ] ,\n \"events\" : [ \(bodies[0]) ,\n\t\(bodies[1]) ] , \"hall\" : \"x\" }".utf8)
        let (b2, k2) = try CityBatch.decode(spaced)
        #expect(b2.events == Array(sent.prefix(2)) && k2 == Array(bodies.prefix(2)))
        #expect(try CityBatch.decode(Data("{\"hall\":\"x\",\"configs\":[],\"events\":[]}".utf8)).0.events.isEmpty)
    }

    /// Ratings travel with the events; a hall older than forwarded ratings sends none, and a city
    /// older than them acknowledges none (so the hall sends it none).
    @Test func ratingsTravelInTheBatchAndOlderPeersLeaveThemOut() throws {
        let rating = RecordedRating(seq: 1, ticket: 2, day: "2026-11-30", service: "A", counter: 3, clerk: "Lê Thị Hương",
                                    rating: .dissatisfied, reason: .longWait, at: 1_796_000_500_000)
        let sent = events(["a", "b"])
        let bodies = try sent.map { String(decoding: try HallJSON.encoder().encode($0), as: UTF8.self) }
        let (batch, cut) = try CityBatch.decode(try CityBatch.json(hall: "h", eventBodies: bodies, configs: [], ratings: [rating]))
        #expect(batch.ratings == [rating] && batch.events == sent && cut == bodies)
        let older = #"{"hall":"h","configs":[],"events":[]}"#
        #expect(try CityBatch.decode(Data(older.utf8)).0.ratings == nil)
        let ack = try HallJSON.decoder().decode(CityAck.self, from: Data(#"{"hall":"h","acked":5,"configSince":-1}"#.utf8))
        #expect(ack.ratingSeq == nil)
    }

    @Test func aDamagedBatchIsRefusedNeverACrash() throws {
        let bodies = try events(["a", "b"]).map { String(decoding: try HallJSON.encoder().encode($0), as: UTF8.self) }
        let good = Array(try CityBatch.json(hall: "x", eventBodies: bodies, configs: []))
        var random = SeededRandom(seed: 16)
        var refused = 0
        for _ in 0..<3_000 {
            var bytes = good
            for _ in 0..<(1 + Int(random.next() % 3)) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: at)
                default: bytes = Array(bytes.prefix(at))
                }
            }
            // Either a batch whose events and kept bodies agree, and agree with a decoder reading
            // the whole body when it can, or an error.
            if let (batch, kept) = try? CityBatch.decode(Data(bytes)) {
                if let whole = try? HallJSON.decoder().decode(CityBatch.self, from: Data(bytes)) {
                    #expect(whole.events == batch.events && whole.hall == batch.hall)
                }
                if let kept {
                    #expect(kept.count == batch.events.count)
                    for (body, event) in zip(kept, batch.events) {
                        #expect((try? HallJSON.decoder().decode(Event.self, from: Data(body.utf8))) == event)
                    }
                }
            } else {
                refused += 1
            }
        }
        #expect(refused > 1_000)
    }
}
