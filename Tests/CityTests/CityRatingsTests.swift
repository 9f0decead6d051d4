import CityStore
import CityWire
import Foundation
import QueueCore
import Testing

/// Whether the city can say how citizens rated a hall: not from a hall older than forwarded
/// ratings ("not kept here"), and "none given" only from one that forwards them.
struct CityRatingsTests {
    @Test func aHallThatNeverSentRatingsIsNotKeptHereAndOneThatDoesCounts() async throws {
        let city = try await CityInProcess()
        // An older hall's batch has no "ratings" at all.
        let (older, _) = try CityBatch.decode(Data(#"{"hall":"h","configs":[],"events":[]}"#.utf8))
        _ = try await city.db.ingest(older)
        #expect(try await city.db.reportData(hall: "h", from: "2026-11-30", to: "2026-11-30").ratings == nil)
        // Upgraded: its batches carry ratings, none yet, then one.
        _ = try await city.db.ingest(CityBatch(hall: "h", events: [], ratings: []))
        #expect(try await city.db.reportData(hall: "h", from: "2026-11-30", to: "2026-11-30").ratings == [])
        let rating = RecordedRating(seq: 1, ticket: 7, day: "2026-11-30", service: "A", counter: 2, clerk: "Lê Thị Hương",
                                    rating: .satisfied, reason: nil, at: 1_796_000_500_000)
        let ack = try await city.db.ingest(CityBatch(hall: "h", events: [], ratings: [rating]))
        #expect(ack.ratingSeq == 1 && ack.lastRating == RatingMark(ticket: 7, at: 1_796_000_500_000))
        #expect(try await city.db.reportData(hall: "h", from: "2026-11-30", to: "2026-11-30").ratings
                == [RatingCount(service: "A", clerk: "Lê Thị Hương", rating: .satisfied, reason: nil, count: 1)])
        // Sent again, and a batch that skips a number: nothing changes, the second is refused.
        _ = try await city.db.ingest(CityBatch(hall: "h", events: [], ratings: [rating]))
        var skipping = rating
        (skipping.seq, skipping.ticket) = (3, 9)
        await #expect(throws: CityIngestError.gap(acked: 0)) { try await city.db.ingest(CityBatch(hall: "h", events: [], ratings: [skipping])) }
        #expect(try await city.db.reportData(hall: "h", from: "2026-11-30", to: "2026-11-30").ratings?.map(\.count) == [1])
    }
}
