import Foundation
import KioskModel
import QueueCore
import Testing

/// A booked citizen at the kiosk: "Booked an appointment?", six digits on the keypad (or from a
/// scanner), one check-in however often it is pressed, and a sentence for each outcome.
@Suite struct KioskCheckInTests {
    static func type(_ code: String, _ lobby: inout Lobby) {
        for c in code { lobby.feed(.typeDigit(Int(String(c))!)) }
    }

    var checkIns: (Lobby) -> [Kiosk.Effect] = { $0.effects.filter { if case .checkIn = $0 { return true } else { return false } } }

    @Test func sixDigitsCheckInOnceAndTheTicketSaysWhenTheCitizenIsCalled() {
        var lobby = Lobby()
        lobby.feed(.tapAppointment)
        #expect(lobby.kiosk.screen == .code(""))
        Self.type("0429177", &lobby)                      // a seventh digit is ignored
        lobby.feed(.eraseDigit)
        #expect(lobby.kiosk.screen == .code("04291"))
        lobby.feed(.submitCode(requestId: "c-0"))
        #expect(checkIns(lobby).isEmpty && lobby.kiosk.message == Words.codeIncomplete, "five digits are not a code")
        Self.type("8", &lobby)
        lobby.feed(.submitCode(requestId: "c-1"))
        lobby.feed(.submitCode(requestId: "c-2"))          // pressed twice
        #expect(checkIns(lobby) == [.checkIn(requestId: "c-1", code: "042918", deadline: Lobby.tapDeadline)])

        // The coordinator issues the booking's ticket, held for 09:15.
        let slot = Lobby.eight + 75 * 60
        let ticket = lobby.run(.issue(service: "A", priority: .normal, appointment: slot)).last!.ticket!
        var booked = Appointment(code: "042918", day: "2026-11-30", service: "A", minute: 9 * 60 + 15, bookedAt: Lobby.eight - 86_400, bookedBy: "manager")
        booked.label = ticket.label
        lobby.feed(.issued(requestId: "c-1", ticket: ticket, ahead: 0, estimate: 0, appointment: booked))
        guard case .ticket(let slip) = lobby.kiosk.screen else { Issue.record("no ticket screen"); return }
        #expect(slip.appointment == .early(9 * 60 + 15))
        #expect(lobby.effects.contains(.print(slip)))
    }

    /// A code scanner types on the home screen: its first digit opens the code screen.
    @Test func aDigitOnHomeStartsACodeUnlessTheHallTakesNoAppointments() {
        var lobby = Lobby()
        Self.type("042918", &lobby)
        #expect(lobby.kiosk.screen == .code("042918"))
        var settings = Kiosk.Settings()
        settings.appointments = false
        var plain = Lobby(settings: settings)
        plain.feed(.typeDigit(4))
        #expect(plain.kiosk.screen == .home)
    }

    @Test func aLateCitizenIsToldTheyWaitWithWalkIns() {
        var appointment = Appointment(code: "111111", day: "2026-11-30", service: "A", minute: 7 * 60 + 30, bookedAt: Lobby.eight, bookedBy: "m")
        let walkIn = Ticket(id: 9, day: "2026-11-30", service: "A", number: 9, label: "A009", priority: .normal, issuedAt: Lobby.eight)
        appointment.label = "A009"
        #expect(AppointmentNote(appointment, ticket: walkIn) == .late(450))
        var due = walkIn
        due.appointmentAt = Lobby.eight - 10 * 60
        #expect(AppointmentNote(appointment, ticket: due) == .due(450))
    }

    @Test func aRefusedCodeIsTypedAgainWithTheReasonInBothLanguages() {
        var lobby = Lobby()
        lobby.feed(.tapAppointment)
        Self.type("123456", &lobby)
        lobby.feed(.submitCode(requestId: "c-1"))
        lobby.feed(.issueFailed(requestId: "c-1", code: .unknownAppointment, message: "No appointment with code 123456 is booked for today."))
        #expect(lobby.kiosk.screen == .code(""))
        #expect(lobby.kiosk.message == Words.refused(.unknownAppointment))
        #expect(lobby.kiosk.message!.contains("Không có lịch hẹn") && lobby.kiosk.message!.contains("No appointment"))
        Self.type("1", &lobby)
        #expect(lobby.kiosk.message == nil, "typing again clears the reason")
        // Refused for the hour (a check-in at lunch): a sentence in both languages, not the coordinator's English.
        Self.type("23456", &lobby)
        lobby.feed(.submitCode(requestId: "c-2"))
        lobby.feed(.issueFailed(requestId: "c-2", code: .hallClosed, message: "The hall is closed now (12:00 local time)."))
        #expect(lobby.kiosk.message == Words.refused(.hallClosed) && lobby.kiosk.message!.contains("Ngoài giờ làm việc"))
    }

    @Test func backAndIdlenessReturnHomeAndAHallWithoutAppointmentsHasNoCodeScreen() {
        var lobby = Lobby()
        lobby.feed(.tapAppointment)
        lobby.feed(.tapScreen)
        #expect(lobby.kiosk.screen == .home)
        lobby.feed(.tapAppointment)
        Self.type("12", &lobby)
        lobby.now += 13
        lobby.feed(.tick)
        #expect(lobby.kiosk.screen == .home, "an abandoned code screen goes home after returnAfter")
        lobby.feed(.tapAppointment)
        lobby.feed(.connection(false))
        lobby.now += 3
        lobby.feed(.tick)
        guard case .outOfService = lobby.kiosk.screen else { Issue.record("a lost coordinator shows on the code screen too"); return }

        var settings = Kiosk.Settings()
        settings.appointments = false
        var plain = Lobby(settings: settings)
        plain.feed(.tapAppointment)
        #expect(plain.kiosk.screen == .home)
    }

    @Test func aCheckInIsSentAgainWithTheSameIdAfterTheLinkComesBack() {
        var lobby = Lobby()
        lobby.feed(.tapAppointment)
        Self.type("654321", &lobby)
        lobby.feed(.submitCode(requestId: "c-1"))
        lobby.feed(.connection(false))
        lobby.feed(.connection(true))
        #expect(checkIns(lobby).count == 2)
        #expect(Set(checkIns(lobby).map { if case .checkIn(let rid, _, _) = $0 { return rid } else { return "" } }) == ["c-1"])
    }
}
