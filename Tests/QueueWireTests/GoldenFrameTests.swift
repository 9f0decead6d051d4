import Foundation
import NIOCore
import QueueCore
import QueueWire
import Testing

/// The exact bytes of frames as docs/PROTOCOL.md shows them. A change here is a protocol change.
@Suite struct GoldenFrameTests {
    func json(_ frame: some Encodable) throws -> String {
        String(decoding: try WireJSON.encoder().encode(frame), as: UTF8.self)
    }

    @Test func anIssueRequest() throws {
        let message = ClientMessage.request(id: 7, requestId: "kiosk-1-000042", deadline: nil, .command(.issue(service: "A", priority: .elderly)))
        #expect(try json(message) == #"{"id":7,"op":"issue","priority":"elderly","requestId":"kiosk-1-000042","service":"A","type":"request"}"#)
    }

    @Test func aCallRequestWithATicket() throws {
        let message = ClientMessage.request(id: 8, requestId: "r8", deadline: nil, .command(.callTicket(counter: 5, label: "A023")))
        #expect(try json(message) == #"{"counter":5,"id":8,"op":"call","requestId":"r8","ticket":"A023","type":"request"}"#)
    }

    @Test func readsCarryNoRequestId() throws {
        #expect(try json(ClientMessage.request(id: 2, requestId: "x", deadline: nil, .subscribe(since: 41))) == #"{"id":2,"op":"subscribe","since":41,"type":"request"}"#)
    }

    @Test func aRatingByTouchOnACounterBoard() throws {
        let message = ClientMessage.request(id: 3, requestId: "r", deadline: nil, .rate(counter: 2, ticket: 1532, rating: .dissatisfied, reason: .longWait))
        #expect(try json(message) == #"{"counter":2,"id":3,"op":"rate","rating":"dissatisfied","reason":"long-wait","requestId":"r","ticketId":1532,"type":"request"}"#)
        for bad in [#""rating":"great","ticketId":1"#, #""rating":"satisfied","reason":"x","ticketId":1"#, #""rating":"satisfied""#] {
            #expect(throws: BadFrame.self) { try ClientMessage.read(Data(#"{"counter":2,"id":3,"op":"rate",\#(bad),"requestId":"r","type":"request"}"#.utf8)) }
        }
    }

    @Test func aKiosksWordAboutItself() throws {
        let state = DeviceState(printer: .noPaper, printerDetail: "Máy in hết giấy · Printer out of paper", lastPrintedAt: Date(milliseconds: 1_796_000_400_000),
                                screenAt: Date(milliseconds: 1_796_000_460_000))
        let message = ClientMessage.request(id: 4, requestId: "ignored", deadline: nil, .deviceState(state))
        let text = try json(message)
        #expect(text == #"{"id":4,"op":"device-state","state":{"lastPrintedAt":1796000400000,"printer":"no-paper","printerDetail":"Máy in hết giấy · Printer out of paper","screenAt":1796000460000},"type":"request"}"#)
        #expect(try ClientMessage.read(Data(text.utf8)) == .request(id: 4, requestId: nil, deadline: nil, .deviceState(state)))
        // An unknown printer state, no state at all, or a detail past its length: refused, with the field named.
        for bad in [#""state":{"printer":"on-fire"}"#, #""x":1"#, #""state":{"printerDetail":"\#(String(repeating: "x", count: 400))"}"#] {
            #expect(throws: BadFrame.self) { try ClientMessage.read(Data(#"{"id":4,"op":"device-state",\#(bad),"type":"request"}"#.utf8)) }
        }
    }

    @Test func aReportRequestAndItsReply() throws {
        let message = ClientMessage.request(id: 9, requestId: "r", deadline: nil, .report(from: "2026-01-01", to: "2026-11-30", interval: 30, baseline: ["A": 2_700]))
        #expect(try json(message) == #"{"baseline":{"A":2700},"from":"2026-01-01","id":9,"interval":30,"op":"report","to":"2026-11-30","type":"request"}"#)
        let reply = try ServerMessage.read(Data(#"{"id":9,"report":{"from":"2026-01-01","n":1796000400123,"mean":812.5,"ok":true,"none":null,"days":[]},"type":"reply"}"#.utf8))
        #expect(reply == .reply(id: 9, .report(.object(["from": .string("2026-01-01"), "n": .int(1_796_000_400_123), "mean": .double(812.5), "ok": .bool(true), "none": .null, "days": .array([])]))))
    }

    @Test func anEventFrame() throws {
        let at = Date(milliseconds: 1_796_000_400_123)
        var ticket = Ticket(id: 12, day: "2026-11-30", service: "A", number: 23, label: "A023", priority: .normal, issuedAt: at)
        ticket.state = .called
        ticket.callCount = 1
        ticket.counter = 5
        ticket.firstCalledAt = at
        ticket.lastCalledAt = at
        let event = Event(seq: 42, at: at, kind: .called, device: "counter-5", ticket: ticket)
        let message = ServerMessage.push(.event(event))
        // The coordinator splices an event's own JSON (as its log stores it) into the frame.
        #expect(try ServerMessage.eventFrame(encodedEvent: WireJSON.encoder().encode(event)) == WireJSON.encoder().encode(message))
        #expect(try json(message) == #"{"event":{"at":1796000400123,"device":"counter-5","kind":"called","seq":42,"ticket":{"callCount":1,"counter":5,"day":"2026-11-30","firstCalledAt":1796000400123,"id":12,"issuedAt":1796000400123,"label":"A023","lastCalledAt":1796000400123,"number":23,"priority":"normal","queuedAt":1796000400123,"service":"A","state":"called"}},"type":"event"}"#)
    }

    @Test func anIssueReplyCarriesTheTicketHowManyAreAheadAndTheEstimate() throws {
        let at = Date(milliseconds: 1_796_000_400_123)
        let ticket = Ticket(id: 12, day: "2026-11-30", service: "A", number: 23, label: "A023", priority: .elderly, issuedAt: at)
        let event = Event(seq: 42, at: at, kind: .issued, device: "kiosk-1", ticket: ticket)
        let reply = Reply.issued(.init(ticket: ticket, ahead: 3, estimate: 1_200, events: [event]))
        let t = #"{"callCount":0,"day":"2026-11-30","id":12,"issuedAt":1796000400123,"label":"A023","number":23,"priority":"elderly","queuedAt":1796000400123,"service":"A","state":"waiting"}"#
        let bytes = try json(ServerMessage.reply(id: nil, reply))
        #expect(bytes == #"{"ahead":3,"estimate":1200,"events":[{"at":1796000400123,"device":"kiosk-1","kind":"issued","seq":42,"ticket":"# + t + #"}],"ticket":"# + t + #","type":"reply"}"#, "\(bytes)")
        // No counter serves it now: no estimate.
        let unserved = Reply.issued(.init(ticket: ticket, ahead: 0, estimate: nil, events: [event]))
        #expect(try !json(ServerMessage.reply(id: nil, unserved)).contains("estimate"))
        // A coordinator older than this client sent the ticket in the events alone: still a ticket,
        // with "ahead" left to the client.
        let older = try ServerMessage.read(Data((#"{"id":7,"events":[{"at":1796000400123,"device":"kiosk-1","kind":"issued","seq":42,"ticket":"# + t + #"}],"type":"reply"}"#).utf8))
        #expect(older == .reply(id: 7, .issued(.init(ticket: ticket, ahead: nil, estimate: nil, events: [event]))))
    }

    /// Every reply shape comes back as itself from its frame's bytes: the keys tell them apart.
    @Test func everyReplySurvivesTheRoundTrip() throws {
        let at = Date(milliseconds: 1_796_000_400_123)
        let ticket = Ticket(id: 12, day: "2026-11-30", service: "A", number: 23, label: "A023", priority: .normal, issuedAt: at)
        let event = Event(seq: 42, at: at, kind: .issued, device: "kiosk-1", ticket: ticket)
        let device = DeviceInfo(name: "kiosk-1", role: .kiosk, counter: nil, createdAt: at)
        let replies: [Reply] = [
            .issued(.init(ticket: ticket, ahead: 3, estimate: 1_200, events: [event])),
            .issued(.init(ticket: ticket, ahead: 0, estimate: nil, events: [event])),
            .changed(events: [Event(seq: 43, at: at, kind: .called, device: "counter-1", ticket: ticket)], now: nil),
            .changed(events: [], now: nil), .changed(events: [], now: at),
            .status(HallState(config: HallConfig(hall: .init(name: "Hall", level: "ward", hours: OpeningHours(sessions: [.init(start: 480, end: 1020)])), services: [], counters: [])), now: at),
            .subscribed(seq: 0, now: at), .subscribed(seq: 41, now: nil),
            .devices([device], key: "c2VjcmV0"), .devices([device], key: nil), .devices([], key: nil),
            .tickets([ticket], cancelledAt: ["12": 1_796_000_400_999]), .tickets([], cancelledAt: [:]),
            .report(.object(["schema": .string("queue-report/2")])),
        ]
        for reply in replies {
            let data = try WireJSON.encoder().encode(ServerMessage.reply(id: 4, reply))
            #expect(try ServerMessage.read(data) == .reply(id: 4, reply), "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func anErrorFrame() throws {
        #expect(try json(ServerMessage.error(id: 3, QueueError(.forbidden, "No."))) == #"{"code":"forbidden","id":3,"message":"No.","type":"error"}"#)
    }

    @Test func aDiscoveryProbeIsReadByItsTypeOnly() throws {
        #expect(try json(Discovery.Probe()) == #"{"protocol":1,"type":"discover"}"#)
        for text in [#"{"type":"discover","protocol":"1"}"#, #"{"type":"discover"}"#, #"{"type":"discover","protocol":2}"#] {
            #expect(Discovery.Probe.read(Data(text.utf8)) != nil, "\(text)")
        }
        for other in [#"{"protocol":1}"#, #"{"type":"coordinator","protocol":1,"hall":"H","port":5740}"#, "not json"] {
            #expect(Discovery.Probe.read(Data(other.utf8)) == nil, "\(other)")
        }
        #expect(Discovery.Answer.read(Data(#"{"type":"discover","protocol":1}"#.utf8)) == nil)
        #expect(Discovery.Answer.read(Data(#"{"hall":"H","port":5740,"protocol":1,"type":"coordinator"}"#.utf8))?.port == 5740)
    }

    @Test func everyRequestSurvivesTheRoundTrip() throws {
        let requests: [Request] = [
            .command(.issue(service: "A", priority: .normal)), .command(.issue(service: "B", priority: .child)),
            .command(.callNext(counter: 1)), .command(.callTicket(counter: 1, label: "A001")), .command(.recall(counter: 2)),
            .command(.start(counter: 3)), .command(.finish(counter: 3)), .command(.noShow(counter: 3)),
            .command(.transfer(counter: 3, to: "B")), .command(.pause(counter: 4, reason: "Nghỉ trưa")),
            .command(.resume(counter: 4)), .command(.signIn(counter: 4, clerk: "Trần Thị Bình")), .command(.signOut(counter: 4)),
            .command(.cancel(label: "A002")), .status, .subscribe(since: nil), .subscribe(since: 9),
            .addDevice(name: "counter-5", role: .counter, counter: 5), .listDevices, .revokeDevice(name: "kiosk-1"),
            .setClock(Date(milliseconds: 1_796_000_400_000)), .advanceClock(90),
            .report(from: "2026-01-01", to: "2026-11-30", interval: 15, baseline: ["A": 2_700]), .report(from: "2026-11-30", to: "2026-11-30", interval: nil, baseline: nil),
            .tickets(from: "2026-11-01", to: "2026-11-30", after: nil), .tickets(from: "2026-11-30", to: "2026-11-30", after: 4_000),
            .rate(counter: 2, ticket: 41, rating: .verySatisfied, reason: nil), .rate(counter: 7, ticket: 9_000, rating: .dissatisfied, reason: .other),
        ]
        for request in requests {
            let message = ClientMessage.request(id: 1, requestId: request.isMutating ? "r" : nil, deadline: nil, request)
            #expect(try ClientMessage.read(WireJSON.encoder().encode(message)) == message)
        }
        // The coordinator's own tick is no request a peer may send.
        let tick = try WireJSON.encoder().encode(ClientMessage.request(id: 1, requestId: nil, deadline: nil, .command(.tick)))
        #expect(String(decoding: tick, as: UTF8.self) == #"{"id":1,"op":"tick","type":"request"}"#)
        #expect(throws: BadFrame(type: "request", id: 1, error: QueueError(.unknownOp, #"Unknown operation "tick"; see docs/PROTOCOL.md for the list."#))) {
            try ClientMessage.read(tick)
        }
    }

    @Test func badRequestsSayWhatIsWrong() throws {
        func refusal(_ text: String) -> String? {
            do {
                _ = try ClientMessage.read(Data(text.utf8))
                return nil
            } catch { return error.error.message }
        }
        #expect(refusal(#"{"type":"request","id":1,"op":"issue"}"#) == #"Operation "issue" needs the field "service"."#)
        #expect(refusal(#"{"type":"request","id":1,"op":"launch"}"#)?.hasPrefix(#"Unknown operation "launch""#) == true)
        #expect(refusal(#"{"type":"request","id":1,"op":"issue","service":"A","priority":"vip"}"#)?.contains("Unknown priority") == true)
        #expect(refusal(#"{"type":"request","id":"one","op":"status"}"#) == #"The field "id" has the wrong type."#)
        #expect(refusal(#"[1,2,3]"#) != nil)
        #expect(refusal(#"{"type":"request","id":1,"op":"subscribe","since":-9223372036854775808}"#)?.contains("0 or more") == true)
        #expect(refusal(#"{"type":"request","id":1,"op":"clock-set","at":9223372036854775807,"requestId":"r"}"#)?.contains("2000 and 2200") == true)
        #expect(refusal(#"{"id":1}"#) == #"The frame is missing the field "type"."#)
        #expect(refusal(#"{"type":"request","id":1,"op":"report","from":"2026-11-30","to":"2026-11-30","interval":20}"#)?.contains("15, 30 or 60") == true)
        #expect(refusal(#"{"type":"request","id":1,"op":"report","from":"2026-12-01","to":"2026-11-30"}"#)?.contains("after") == true)
    }
}
