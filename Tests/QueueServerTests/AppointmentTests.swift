import Foundation
import DeviceKeys
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// Appointments through the real coordinator: booking from `queuectl` against the capacity,
/// check-in refusals that change nothing, roles, garbage codes, and a held ticket that survives
/// SIGKILL. The virtual clock starts Monday 2026-11-30 08:00 (after `openTheHall`).
@Suite struct AppointmentTests {
    static func queuectl(_ coordinator: some CoordinatorUnderTest, _ arguments: [String]) async throws -> ProgramRun {
        try await ProgramRun.run(CoordinatorProcess.binary("queuectl"),
                           arguments + ["--coordinator", "127.0.0.1:\(coordinator.port)", "--state-dir", coordinator.stateDir])
    }

    @Test func aManagerBooksFromQueuectlWithinTheCapacityAndCancels() async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        let none = try await Self.queuectl(hall, ["appointment", "book", "--service", "B", "--day", "2026-12-01", "--time", "09:00"])
        #expect(none.status != 0 && none.err.contains("takes no appointments"), "\(none.err)")
        let capacity = try await Self.queuectl(hall, ["appointment", "capacity", "--service", "b", "--per-slot", "1"])
        #expect(capacity.out.contains("B 1"), "\(capacity.out)\(capacity.err)")
        let booked = try await Self.queuectl(hall, ["appointment", "book", "--service", "B", "--day", "2026-12-01", "--time", "09:00"])
        let code = try #require(booked.out.firstMatch(of: /code (\d{6})/)?.1).description
        let full = try await Self.queuectl(hall, ["appointment", "book", "--service", "B", "--day", "2026-12-01", "--time", "09:00"])
        #expect(full.status != 0 && full.err.contains("is full (1 booked)"), "\(full.err)")
        let lunch = try await Self.queuectl(hall, ["appointment", "book", "--service", "B", "--day", "2026-12-01", "--time", "12:00"])
        #expect(lunch.status != 0 && lunch.err.contains("not within the opening hours"), "\(lunch.err)")
        let list = try await Self.queuectl(hall, ["appointment", "list", "--day", "2026-12-01"])
        #expect(list.out.contains("2026-12-01  09:00  B        \(code)  booked"), "\(list.out)")
        let cancelled = try await Self.queuectl(hall, ["appointment", "cancel", "--day", "2026-12-01", "--code", code])
        #expect(cancelled.out.contains("Cancelled \(code)"), "\(cancelled.err)")
        let again = try await Self.queuectl(hall, ["appointment", "book", "--service", "B", "--day", "2026-12-01", "--time", "09:00"])
        #expect(again.status == 0, "a cancelled booking frees its slot: \(again.err)")
    }

    @Test func refusedCheckInsChangeNothing() async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        _ = try await hall.send(.setAppointmentCapacity(service: "A", perSlot: 3), requestId: "cap")
        func book(_ day: String, _ minute: Int) async throws -> String {
            guard case .appointments(let a, _) = try await hall.send(.bookAppointment(service: "A", day: day, minute: minute), requestId: UUID().uuidString) else { return "" }
            return a[0].code
        }
        let today = try await book("2026-11-30", 9 * 60), tomorrow = try await book("2026-12-01", 9 * 60), cancelled = try await book("2026-11-30", 9 * 60)
        _ = try await hall.send(.cancelAppointment(day: "2026-11-30", code: cancelled), requestId: "cancel")
        let kiosk = try await hall.addDevice("kiosk-1", .kiosk)
        let counter = try await hall.addDevice("counter-1", .counter, counter: 1)
        let display = try await hall.addDevice("display-1", .display)
        func refusal(_ request: Request, _ key: KeyFile? = nil, _ requestId: String = UUID().uuidString) async -> ErrorCode? {
            do { _ = try await hall.send(request, requestId: requestId, key: key ?? kiosk); return nil } catch let e as QueueError { return e.code } catch { return .test }
        }
        let before = try await hall.status()
        #expect(await refusal(.checkIn(code: tomorrow)) == .unknownAppointment, "tomorrow's code today")
        #expect(await refusal(.checkIn(code: cancelled)) == .appointmentCancelled)
        #expect(await refusal(.checkIn(code: today), counter) == .forbidden)
        #expect(await refusal(.checkIn(code: today), display) == .forbidden)
        #expect(await refusal(.bookAppointment(service: "A", day: "2026-11-30", minute: 600)) == .forbidden)
        #expect(try await hall.status().seq == before.seq, "no refusal issued anything")

        let first = try await hall.send(.checkIn(code: today), requestId: "c6", key: kiosk)
        let retry = try await hall.send(.checkIn(code: today), requestId: "c6", key: kiosk)
        #expect(retry == first, "a retry with the same id answers the same")
        guard case .issued(let issued) = retry else { Issue.record("no ticket: \(retry)"); return }
        #expect(issued.appointment?.code == today && issued.ticket.appointmentAt != nil)
        #expect(await refusal(.checkIn(code: today)) == .appointmentUsed)
        #expect(try await hall.status().tickets.count == 1)
        #expect(await refusal(.cancelAppointment(day: "2026-11-30", code: today), hall.managerKey) == .appointmentUsed)
    }

    /// Two kiosks sending one code at the same instant (likely in one writer batch): one ticket.
    @Test func aCodeSentByTwoKiosksAtOnceChecksInOnce() async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        _ = try await hall.send(.setAppointmentCapacity(service: "A", perSlot: 1), requestId: "cap")
        let one = try await hall.addDevice("kiosk-1", .kiosk), two = try await hall.addDevice("kiosk-2", .kiosk)
        for round in 0..<5 {
            guard case .appointments(let a, _) = try await hall.send(.bookAppointment(service: "A", day: "2026-12-01", minute: 9 * 60 + round * 15), requestId: "b\(round)") else { return }
            _ = try await hall.send(.setClock(CoordinatorProcess.mondayEight + 86_400 + Double(round) * 60), requestId: "clock\(round)")
            async let first = try? hall.send(.checkIn(code: a[0].code), requestId: "x\(round)", key: one)
            async let second = try? hall.send(.checkIn(code: a[0].code), requestId: "y\(round)", key: two)
            let issued = [await first, await second].compactMap { $0?.issuedTicket }
            #expect(issued.count == 1, "round \(round): \(issued.map(\.label))")
        }
        #expect(try await hall.status().tickets.count == 5)
    }

    /// In-process callers (the web pages) pass the same checks as the wire.
    @Test func inProcessRequestsAreCheckedLikeFrames() {
        func code(_ r: Request) -> ErrorCode? { do { _ = try r.checked(); return nil } catch let e as QueueError { return e.code } catch { return .test } }
        #expect(code(.setAppointmentCapacity(service: "A", perSlot: -1)) == .badRequest)
        #expect(code(.setAppointmentCapacity(service: "A", perSlot: 51)) == .badRequest)
        #expect(code(.appointments(from: "2026-01-01", to: "2026-12-31")) == .badRequest)
        #expect(code(.bookAppointment(service: "A", day: "2026-13-01", minute: 540)) == .badRequest)
        #expect(code(.checkIn(code: "04291")) == .badRequest)
        #expect((try? Request.checkIn(code: "042-917").checked()) == .checkIn(code: "042917"))
    }

    /// Garbage on the wire: every bad field gets a sentence, none changes anything.
    @Test func badAppointmentFramesAreRefusedWithASentence() async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        let peer = try hall.authenticatedPeer()
        let frames = [
            (#"{"type":"request","id":1,"requestId":"g1","op":"check-in"}"#, "needs the field \"code\""),
            (#"{"type":"request","id":2,"requestId":"g2","op":"check-in","code":"12345"}"#, "six digits"),
            (#"{"type":"request","id":3,"requestId":"g3","op":"check-in","code":"１２３４５６"}"#, "six digits"),
            (#"{"type":"request","id":4,"requestId":"g4","op":"appointment-book","service":"A","day":"2026-11-31","time":"09:00"}"#, "is not a day"),
            (#"{"type":"request","id":5,"requestId":"g5","op":"appointment-book","service":"A","day":"2026-12-01","time":"9h"}"#, "HH:MM"),
            (#"{"type":"request","id":6,"requestId":"g6","op":"appointment-capacity","service":"A","perSlot":-1}"#, "0 to 50"),
            (#"{"type":"request","id":7,"requestId":"g7","op":"appointment-capacity","service":"Q","perSlot":1}"#, "no service \"Q\""),
            (#"{"type":"request","id":8,"op":"appointments","from":"2026-12-02","to":"2026-12-01"}"#, "is after"),
        ]
        for (frame, sentence) in frames {
            peer.sendFrame(frame)
            let reply = try #require(peer.readFrame())
            #expect(reply["type"] as? String == "error" && (reply["message"] as? String ?? "").contains(sentence), "\(frame) → \(reply)")
        }
        guard case .appointments(let list, let capacity) = try await hall.send(.appointments(from: "2026-11-01", to: "2026-12-31")) else { return }
        #expect(list.isEmpty && capacity.isEmpty)
    }

    /// A held ticket keeps its slot across SIGKILL: it is in the row, so the restarted
    /// coordinator still holds it.
    @Test func aHeldTicketSurvivesSIGKILL() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        _ = try await coordinator.send(.setAppointmentCapacity(service: "A", perSlot: 1), requestId: "cap")
        guard case .appointments(let a, _) = try await coordinator.send(.bookAppointment(service: "A", day: "2026-11-30", minute: 10 * 60), requestId: "b") else { return }
        let kioskKey = try await coordinator.addDevice("kiosk-1", .kiosk)
        let issued = try await coordinator.send(.checkIn(code: a[0].code), requestId: "k1", key: kioskKey).issuedTicket
        coordinator.kill()
        try await coordinator.restart()
        let held = try await coordinator.status().tickets[issued!.id]
        #expect(held?.appointmentAt == CoordinatorProcess.mondayEight + 2 * 3600)
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: "c1")), requestId: "s")
        _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "w")
        #expect(try await coordinator.send(.command(.callNext(counter: 1)), requestId: "call").calledTicket?.label == "A002",
                "08:00: the walk-in goes first; the booking waits for 10:00")
    }
}
