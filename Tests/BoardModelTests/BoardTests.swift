import BoardModel
import Drawing
import Foundation
import QueueCore
import Testing

@Suite struct BoardTests {
    /// Feeds events to a board as the app does, collecting announcements.
    func replay(_ board: Board, _ inputs: [(Board.Input, Date)]) -> (Board, [Announcement]) {
        var board = board
        var said: [Announcement] = []
        for (input, now) in inputs {
            let (next, effects) = board.update(input, now: now)
            board = next
            for case .announce(let a) in effects { said.append(a) }
        }
        return (board, said)
    }

    @Test func aCallFlashesOnTheBoardAndIsAnnouncedInVietnamese() {
        var hall = Morning()
        hall.run(.issue(service: "A", priority: .normal))
        hall.run(.signIn(counter: 5, clerk: "c5"))
        let snapshot = hall.state
        let call = hall.run(.callTicket(counter: 5, label: "A001")).last!
        let (board, said) = replay(Board(layout: .hall), [
            (.snapshot(snapshot, hallNow: hall.now), hall.now),
            (.event(call, hall.state), hall.now),
        ])
        #expect(board.newestCall?.label == "A001")
        #expect(board.isFlashing(hall.now + 1))
        #expect(!board.isFlashing(hall.now + 7))
        #expect(said.map { $0.utterances[0].text } == [Phrases.callVietnamese(label: "A001", counter: 5)])
        // Where counter 5 is, under its number.
        let texts = BoardLayout(measurer: FakeMeasurer(), width: 1920, height: 1080).draw(board, now: hall.now + 10).compactMap { c -> String? in
            if case .text(let t) = c { return t.text } else { return nil }
        }
        #expect(texts.contains("Tầng 2 · 1st floor"), "\(texts)")
    }

    /// Issue 17: a counter board asks its citizen for a rating once served there, until the next
    /// call or 30 s; a recorded rating is thanked for 4 s. Other counters' boards do not ask.
    @Test func aCounterBoardAsksForARatingAfterItsCitizenIsServed() {
        var hall = Morning()
        hall.run(.issue(service: "A", priority: .normal))
        hall.run(.issue(service: "A", priority: .normal))
        hall.run(.signIn(counter: 1, clerk: "c1"))
        let snapshot = hall.state
        let now = hall.now
        var events = [hall.run(.callNext(counter: 1)).last!, hall.run(.start(counter: 1)).last!, hall.run(.finish(counter: 1)).last!]
        var own = Board(layout: .counter, counter: 1), other = Board(layout: .counter, counter: 2)
        (own, _) = replay(own, [(.snapshot(snapshot, hallNow: now), now)] + events.map { (.event($0, hall.state), now) })
        (other, _) = replay(other, [(.snapshot(snapshot, hallNow: now), now)] + events.map { (.event($0, hall.state), now) })
        #expect(own.isAskingRating(now + 1) && !own.isAskingRating(now + 31))
        #expect(!other.isAskingRating(now + 1))
        #expect(own.nextChange(after: now + 1, noticeScrolls: false) <= now + 30)
        let (expired, _) = replay(own, [(.tick, now + 31)])
        #expect(expired.ratingUntil == nil)
        let (thanked, _) = replay(own, [(.rated, now + 2)])
        #expect(!thanked.isAskingRating(now + 3) && thanked.isThanking(now + 3) && !thanked.isThanking(now + 7))
        #expect(own.ratingTicket == events[2].ticket?.id, "the touch rates the visit just served")
        // The next citizen called: no more asking.
        var later = hall
        events = [later.run(.callNext(counter: 1)).last!]
        let (next, _) = replay(own, [(.event(events[0], later.state), now + 5)])
        #expect(!next.isAskingRating(now + 6))
        // The counter paused meanwhile, or the board offline: the buttons are not shown, nor touched.
        let paused = hall.run(.pause(counter: 1, reason: "Nghỉ")).last!
        let (pausedBoard, _) = replay(own, [(.event(paused, hall.state), now + 2)])
        #expect(!pausedBoard.isAskingRating(now + 3))
        let (offline, _) = replay(own, [(.connection(false), now + 2)])
        #expect(!offline.isAskingRating(now + 3))
    }

    @Test func ratingButtonsFitTheScreenWithoutOverlapping() {
        for (w, h) in [(1920, 1080), (1080, 1920), (800, 480), (1366, 768)] {
            let buttons = BoardLayout(measurer: FakeMeasurer(), width: w, height: h).ratingButtons()
            #expect(buttons.map(\.0) == Rating.allCases)
            for (_, r) in buttons { #expect(r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h && r.w >= 80 && r.h >= 40, "\(w)x\(h): \(r)") }
            for i in 0..<buttons.count { for j in (i + 1)..<buttons.count {
                let a = buttons[i].1, b = buttons[j].1
                #expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, "\(w)x\(h): overlap")
            } }
        }
    }

    @Test func aBurstOfCallsIsAnnouncedInOrderEachOne() {
        var hall = Morning()
        for s in ["A", "B", "C", "D"] { hall.run(.issue(service: s, priority: .normal)) }
        for c in [1, 3, 4, 5] { hall.run(.signIn(counter: c, clerk: "c\(c)")) }
        var inputs: [(Board.Input, Date)] = [(.snapshot(hall.state, hallNow: hall.now), hall.now)]
        for c in [1, 3, 4, 5] {
            let e = hall.run(.callNext(counter: c)).last!
            inputs.append((.event(e, hall.state), hall.now))
        }
        let recall = hall.run(.recall(counter: 1)).last!
        inputs.append((.event(recall, hall.state), hall.now))
        let (_, said) = replay(Board(layout: .hall), inputs)
        #expect(said.map { $0.utterances[0].text } == [
            Phrases.callVietnamese(label: "A001", counter: 1),
            Phrases.callVietnamese(label: "B001", counter: 3),
            Phrases.callVietnamese(label: "C001", counter: 4),
            Phrases.callVietnamese(label: "D001", counter: 5),
            Phrases.callVietnamese(label: "A001", counter: 1, recall: true),
        ])
    }

    @Test func aCounterBoardOnlySpeaksForItsOwnCounter() {
        var hall = Morning()
        hall.run(.issue(service: "C", priority: .normal))
        hall.run(.issue(service: "D", priority: .normal))
        hall.run(.signIn(counter: 4, clerk: "c4"))
        hall.run(.signIn(counter: 5, clerk: "c5"))
        let snap = hall.state
        let e4 = hall.run(.callNext(counter: 4)).last!
        let e5 = hall.run(.callNext(counter: 5)).last!
        let (board, said) = replay(Board(layout: .counter, counter: 5), [
            (.snapshot(snap, hallNow: hall.now), hall.now), (.event(e4, hall.state), hall.now), (.event(e5, hall.state), hall.now),
        ])
        #expect(said.count == 1)
        #expect(board.newestCall?.counter == 5)
    }

    @Test func callsReplayedAfterAnOutageAreShownButNotSpoken() {
        var hall = Morning()
        hall.run(.issue(service: "A", priority: .normal))
        hall.run(.signIn(counter: 1, clerk: "c1"))
        let snap = hall.state
        let call = hall.run(.callNext(counter: 1)).last!
        // The board was offline; the backlog arrives five minutes later.
        let later = hall.now + 300
        let (board, said) = replay(Board(layout: .hall), [
            (.snapshot(snap, hallNow: hall.now), hall.now), (.connection(false), hall.now + 10),
            (.connection(true), later), (.event(call, hall.state), later),
        ])
        #expect(said.isEmpty)
        #expect(board.newestCall?.label == "A001")
        #expect(board.online)
    }

    @Test func aReconnectAfterAGapTakesTheFreshSnapshotWhole() {
        var hall = Morning()
        hall.run(.issue(service: "A", priority: .normal))
        let first = hall.state
        let e1 = hall.run(.issue(service: "A", priority: .normal)).last!
        let afterE1 = hall.state
        // Events 3…5 are lost with the connection; the mirror notices the gap and takes a snapshot.
        for _ in 0..<3 { hall.run(.issue(service: "B", priority: .normal)) }
        let (board, _) = replay(Board(layout: .hall), [
            (.snapshot(first, hallNow: hall.now), hall.now), (.event(e1, afterE1), hall.now),
            (.connection(false), hall.now), (.snapshot(hall.state, hallNow: hall.now), hall.now),
        ])
        #expect(board.hall == hall.state)
        #expect(board.hall?.waiting(service: "B").count == 3)
        // Calls made during the gap: the snapshot's newest call takes the big panel.
        hall.run(.signIn(counter: 3, clerk: "c3"))
        hall.run(.callNext(counter: 3))
        let (after, _) = board.update(.snapshot(hall.state, hallNow: hall.now), now: hall.now)
        #expect(after.newestCall?.label == hall.state.recentCalls.first?.label)
    }

    @Test func offlineKeepsTheLastHallAndSaysPlainlySinceWhenItMayBeOutOfDate() {
        let hall = Morning()
        // The link drops at 08:10 hall time (10 minutes after the snapshot) and stays down.
        let (board, _) = replay(Board(layout: .hall), [(.snapshot(hall.state, hallNow: hall.now), hall.now),
                                                      (.connection(false), hall.now + 600), (.connection(false), hall.now + 900)])
        #expect(board.hall != nil && !board.online)
        #expect(board.offlineSince == hall.now + 600)
        func texts(_ board: Board) -> [String] {
            BoardLayout(measurer: FakeMeasurer(), width: 1920, height: 1080).draw(board, now: hall.now + 900).compactMap { c -> String? in
                if case .text(let t) = c { return t.text } else { return nil }
            }
        }
        let offline = texts(board)
        #expect(offline.contains("Mất kết nối từ 08:10: thông tin có thể chưa cập nhật · Offline since 08:10: may be out of date"), "\(offline)")
        #expect(offline.contains("Lượt gọi cuối đã nhận · Last call received"))
        #expect(offline.contains("Đất đai"))
        // Back online: a snapshot clears it.
        let (back, _) = board.update(.snapshot(hall.state, hallNow: hall.now + 960), now: hall.now + 960)
        #expect(back.online && back.offlineSince == nil)
        #expect(!texts(back).contains { $0.hasPrefix("Mất kết nối") })
    }

    /// Issue 14: online over a slow link (what arrives may be seconds late) the board says so
    /// in the same band, and stops saying it when the link is fast again or reconnects.
    @Test func aSlowLinkIsSaidPlainly() {
        let hall = Morning()
        func texts(_ board: Board) -> [String] {
            BoardLayout(measurer: FakeMeasurer(), width: 1920, height: 1080).draw(board, now: hall.now).compactMap { c -> String? in
                if case .text(let t) = c { return t.text } else { return nil }
            }
        }
        for layout in Board.Layout.allCases {
            let (slow, _) = replay(Board(layout: layout, counter: 1), [(.snapshot(hall.state, hallNow: hall.now), hall.now), (.slow(true), hall.now)])
            #expect(slow.slow && slow.online)
            #expect(texts(slow).joined(separator: " ").contains("Đường truyền chậm"), "\(layout)")
            let (fast, _) = slow.update(.slow(false), now: hall.now)
            #expect(!texts(fast).joined(separator: " ").contains("Đường truyền chậm"))
            let (reconnected, _) = slow.update(.connection(true), now: hall.now)
            #expect(!reconnected.slow)
        }
    }

    /// Issue 14: the hall board shows every counter: the number served there, open, paused, closed.
    @Test func theHallBoardShowsEveryCountersState() {
        var hall = Morning()
        hall.run(.issue(service: "A", priority: .normal))
        for c in [1, 2, 5] { hall.run(.signIn(counter: c, clerk: "c\(c)")) }
        hall.run(.callNext(counter: 1))
        hall.run(.pause(counter: 5, reason: "Nghỉ giải lao"))
        let (board, _) = Board(layout: .hall).update(.snapshot(hall.state, hallNow: hall.now), now: hall.now)
        for (w, h) in [(1920, 1080), (1080, 1920), (800, 480)] {
            let texts = BoardLayout(measurer: FakeMeasurer(), width: w, height: h).draw(board, now: hall.now).compactMap { c -> String? in
                if case .text(let t) = c { return t.text } else { return nil }
            }
            let counters = hall.state.config.counters.map(\.number)
            #expect(counters.allSatisfy { texts.contains("Quầy \($0)") }, "\(w)x\(h)")
            // Both languages where they fit, the Vietnamese alone on a small screen; never cut.
            #expect(texts.contains { $0.hasPrefix("Đang mở") } && texts.contains { $0.hasPrefix("Tạm ngừng") } && texts.contains { $0.hasPrefix("Đóng") },
                    "\(w)x\(h): \(texts)")
            #expect(!texts.contains { $0.hasPrefix("Tạm ngừng") && $0.hasSuffix("…") }, "\(w)x\(h): \(texts)")
            #expect(texts.filter { $0 == "A001" }.count >= 2, "the number served at counter 1 is in the strip too")
        }
        // A big hall: no counter is left out of the strip.
        var big = hall.state
        big.config.counters = (1...20).map { Counter(number: $0, name: "Quầy \($0)", services: ["A"]) }
        let (bigBoard, _) = Board(layout: .hall).update(.snapshot(big, hallNow: hall.now), now: hall.now)
        for (w, h) in [(1920, 1080), (1080, 1920)] {
            let texts = BoardLayout(measurer: FakeMeasurer(), width: w, height: h).draw(bigBoard, now: hall.now).compactMap { c -> String? in
                if case .text(let t) = c { return t.text } else { return nil }
            }
            #expect((1...20).allSatisfy { texts.contains("Quầy \($0)") }, "\(w)x\(h)")
        }
    }

    /// Issue 14: a hall with more services than fit takes turns, 8 at a time, a page every 8 s,
    /// so each name stays large; the board wakes for each turn.
    @Test func manyServicesTakeTurnsOnTheHallBoard() {
        var hall = Morning()
        hall.state.config.services += [Service(id: "H", nameVi: "Tư pháp", nameEn: "Justice"), Service(id: "I", nameVi: "Giáo dục", nameEn: "Education")]
        let (board, _) = Board(layout: .hall).update(.snapshot(hall.state, hallNow: hall.now), now: hall.now)
        // Local instants at the start of an 8-second page.
        let first = Date(timeIntervalSince1970: (hall.now.timeIntervalSince1970 / 16).rounded(.down) * 16)
        for (w, h) in [(1920, 1080), (800, 480), (1080, 1920)] {
            func texts(_ now: Date) -> [String] {
                BoardLayout(measurer: FakeMeasurer(), width: w, height: h).draw(board, now: now).compactMap { c -> String? in
                    if case .text(let t) = c { return t.text } else { return nil }
                }
            }
            let one = texts(first + 1), two = texts(first + 9)
            // Nine services: five, then four.
            #expect(one.contains("Đất đai") && one.contains("Đăng ký kinh doanh hộ cá thể") && !one.contains("Tư pháp"), "\(w)x\(h): \(one)")
            #expect(two.contains("Nội vụ, lao động và việc làm") && two.contains("Tư pháp") && two.contains("Giáo dục") && !two.contains("Đất đai"),
                    "\(w)x\(h): \(two)")
            #expect(one.contains { $0.hasSuffix("1/2") } && two.contains { $0.hasSuffix("2/2") })
        }
        #expect(board.servicePage(first + 1) == 0 && board.servicePage(first + 9) == 1 && board.servicePage(first + 17) == 0)
        #expect(board.nextChange(after: first + 1, noticeScrolls: false) <= first + 8.02)
        // Seven services fit: no turns.
        let (seven, _) = Board(layout: .hall).update(.snapshot(Morning().state, hallNow: hall.now), now: hall.now)
        #expect(seven.servicePage(first + 9) == 0)
    }

    @Test func anIdleBoardWakesOnlyForTheNextMinute() {
        let hall = Morning()
        let (board, _) = Board(layout: .hall).update(.snapshot(hall.state, hallNow: hall.now + 15), now: hall.now)
        let next = board.nextChange(after: hall.now, noticeScrolls: false)
        #expect(next.timeIntervalSince(hall.now) > 44 && next.timeIntervalSince(hall.now) <= 45.1)
    }
}

@Suite struct PhraseTests {
    @Test func ticketNumbersAreSpelledDigitByDigit() {
        #expect(Phrases.callVietnamese(label: "A023", counter: 5) == "Xin mời công dân có số thứ tự A không hai ba đến quầy số 5. Số A không hai ba, quầy số 5.")
        #expect(Phrases.spellVietnamese("B107") == "bê một không bảy")
        // "A" alone is read by espeak-ng as the article; "eh" is the letter.
        #expect(Phrases.callEnglish(label: "A023", counter: 5) == "Ticket eh zero two three, please go to counter 5.")
        // A recall does not sound like a first call.
        #expect(Phrases.callVietnamese(label: "A023", counter: 5, recall: true).hasPrefix("Xin mời lại công dân"))
        #expect(Phrases.callEnglish(label: "A023", counter: 5, recall: true) == "Once again, ticket eh zero two three, please go to counter 5.")
        let both = Announcement.call(label: "G009", counter: 8, english: true)
        #expect(both.utterances.map(\.voice) == ["vi", "en"])
        #expect(both.chime)
    }

    @Test func lettersAreSaidByTheirVietnameseNamesAndOnlyVietnameseWhenEnglishIsOff() {
        #expect(Phrases.spellVietnamese("g9") == "giê chín")
        #expect(Phrases.spellEnglish("D010") == "dee zero one zero")
        let vi = Announcement.call(label: "C004", counter: 12, english: false)
        #expect(vi.utterances == [.init(voice: "vi", text: "Xin mời công dân có số thứ tự xê không không bốn đến quầy số 12. Số xê không không bốn, quầy số 12.")])
    }

    @Test func aCallEventAnnouncesWithTheChimeAndEnglishWhenTheHallAsks() {
        var hall = Morning()
        hall.state.config.board.announceEnglish = true
        hall.run(.issue(service: "B", priority: .normal))
        hall.run(.signIn(counter: 3, clerk: "c3"))
        let snap = hall.state
        let call = hall.run(.callNext(counter: 3)).last!
        let (_, effects) = Board(layout: .hall).update(.snapshot(snap, hallNow: hall.now), now: hall.now).0
            .update(.event(call, hall.state), now: hall.now)
        #expect(effects.contains(.announce(Announcement(chime: true, utterances: [
            .init(voice: "vi", text: "Xin mời công dân có số thứ tự bê không không một đến quầy số 3. Số bê không không một, quầy số 3."),
            .init(voice: "en", text: "Ticket bee zero zero one, please go to counter 3."),
        ]))))
        // The clerk calls again: the board says it is a recall.
        let recall = hall.run(.recall(counter: 3)).last!
        let (_, again) = Board(layout: .hall).update(.snapshot(snap, hallNow: hall.now), now: hall.now).0
            .update(.event(recall, hall.state), now: hall.now)
        #expect(again.contains(.announce(.call(label: "B001", counter: 3, english: true, recall: true))))
        #expect(Phrases.callEnglish(label: "B001", counter: 3, recall: true).hasPrefix("Once again"))
    }
}

@Suite struct LayoutTests {
    static let sizes = [(1920, 1080), (1080, 1920), (1280, 720), (3840, 2160), (720, 1280), (800, 480)]

    func busyBoard(_ layout: Board.Layout) -> (Board, Date) {
        var hall = Morning()
        hall.state.config.services[5].nameVi = "Lao động – Thương binh và Xã hội, bảo trợ xã hội, trẻ em và bình đẳng giới"
        for _ in 0..<3 { for s in ["A", "B", "C", "D", "E", "F", "G"] { hall.run(.issue(service: s, priority: .normal)) } }
        for c in 1...6 { hall.run(.signIn(counter: c, clerk: "c\(c)")); hall.run(.callNext(counter: c)) }
        return (Board(layout: layout, counter: 5).update(.snapshot(hall.state, hallNow: hall.now), now: hall.now).0, hall.now)
    }

    @Test(arguments: sizes)
    func everyTextFitsOnScreenAtAnySize(_ size: (Int, Int)) {
        let m = FakeMeasurer()
        for layout in Board.Layout.allCases {
            let (board, now) = busyBoard(layout)
            for case .text(let t) in BoardLayout(measurer: m, width: size.0, height: size.1).draw(board, now: now) where !t.text.hasPrefix("Công dân vui lòng") {
                let w = m.measure(t.text, size: t.size, bold: t.bold).w
                #expect(t.x >= 0 && t.x + w <= size.0, "\(t.text) runs off a \(size.0)×\(size.1) \(layout) board")
                #expect(t.y >= 0 && t.y + Int(Double(t.size) * 1.3) <= size.1)
            }
        }
    }

    /// Issue 14: a long service name is never cut on the hall board, at any size (it shrinks, then
    /// wraps): the old "Lao động – Thương binh và Xã hội" at 800×480 too.
    @Test(arguments: sizes)
    func serviceNamesAreNeverCut(_ size: (Int, Int)) {
        var hall = Morning()
        hall.state.config.services[5].nameVi = "Lao động – Thương binh và Xã hội"
        let board = Board(layout: .hall).update(.snapshot(hall.state, hallNow: hall.now), now: hall.now).0
        let texts = BoardLayout(measurer: FakeMeasurer(), width: size.0, height: size.1).draw(board, now: hall.now).compactMap { c -> String? in
            if case .text(let t) = c { return t.text } else { return nil }
        }
        #expect(!texts.contains { $0.contains("…") }, "\(texts.filter { $0.contains("…") }) at \(size.0)×\(size.1)")
        #expect(texts.joined(separator: " ").contains("Xã hội"))
    }

    @Test func theCallIsLargeEnoughToReadFromTenMetres() {
        // About 1/8 of the height on a 1080p hall board: ~13 cm on a 55" TV, legible at 10 m and more.
        let (board, now) = busyBoard(.hall)
        let sizes = BoardLayout(measurer: FakeMeasurer(), width: 1920, height: 1080).draw(board, now: now).compactMap { c -> Int? in
            if case .text(let t) = c, t.text == board.newestCall?.label { return t.size } else { return nil }
        }
        #expect((sizes.first ?? 0) >= 135)
    }

    @Test func theDefaultThemeIsHighContrast() {
        let t = BoardSettings.Theme()
        let bg = Color(hex: t.background)!
        #expect(Color(hex: t.text)!.contrast(with: bg) >= 15)
        #expect(Color(hex: t.accent)!.contrast(with: bg) >= 12)
        #expect(Color(hex: t.text)!.contrast(with: Color(hex: t.flash)!) >= 7)
        // The newest call's number (accent) stays at least 7:1 while its panel flashes.
        #expect(Color(hex: t.accent)!.contrast(with: Color(hex: t.flash)!) >= 7)
        #expect(Color(hex: t.accent)!.contrast(with: Color(hex: t.panel)!) >= 7)
        #expect(Color(hex: t.muted)!.contrast(with: Color(hex: t.panel)!) >= 7)
    }
}
