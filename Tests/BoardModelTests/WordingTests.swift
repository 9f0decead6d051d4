@testable import BoardModel
import Drawing
import Foundation
import QueueCore
import Testing

/// Issue 14's phrases on the boards, as a citizen reads them: durations in whole minutes and
/// hours ("~1 giờ", never "1 giờ 0 phút"), and the counter board's sentences in both languages.
@Suite struct BoardWordingTests {
    @Test func durationsAreWholeMinutesAndHours() {
        #expect(BoardLayout.duration(25 * 60) == "25 phút")
        #expect(BoardLayout.duration(60 * 60) == "1 giờ")
        #expect(BoardLayout.duration(70 * 60) == "1 giờ 10 phút")
        #expect(BoardLayout.duration(119 * 60 + 40) == "2 giờ")
    }

    @Test func theCounterBoardSaysEachStateInBothLanguages() {
        var hall = Morning()
        func texts(_ hall: Morning) -> String {
            let board = Board(layout: .counter, counter: 1).update(.snapshot(hall.state, hallNow: hall.now), now: hall.now).0
            return BoardLayout(measurer: FakeMeasurer(), width: 1920, height: 1080).draw(board, now: hall.now).compactMap { c -> String? in
                if case .text(let t) = c { return t.text } else { return nil }
            }.joined(separator: "\n")
        }
        hall.run(.signIn(counter: 1, clerk: "Lan"))
        #expect(texts(hall).contains("Quầy đang mở · Counter open"))
        hall.run(.issue(service: "A", priority: .normal))
        hall.run(.callNext(counter: 1))
        #expect(texts(hall).contains("Xin mời đến quầy · Please come to the counter"))
        hall.run(.start(counter: 1))
        #expect(texts(hall).contains("Đang phục vụ · Serving"))
        hall.run(.finish(counter: 1))
        hall.run(.pause(counter: 1, reason: "Họp"))
        #expect(texts(hall).contains("Tạm ngừng phục vụ · Paused"))
        #expect(!texts(hall).contains("Mời vào") && !texts(hall).contains("Sẵn sàng"))
    }
}
