import Foundation
import QueueCore
import Testing

/// The coordinator's memory of its boards and kiosks: online while any of a device's connections
/// is open, since when, what each said last, and what of it needs a person.
@Suite struct DeviceRosterTests {
    let start = Date(timeIntervalSince1970: 1_796_000_400)
    let devices = [
        DeviceInfo(name: "board-hall", role: .display, counter: nil, createdAt: Date(timeIntervalSince1970: 0)),
        DeviceInfo(name: "kiosk-1", role: .kiosk, counter: nil, createdAt: Date(timeIntervalSince1970: 0)),
        DeviceInfo(name: "counter-5", role: .counter, counter: 5, createdAt: Date(timeIntervalSince1970: 0)),
        DeviceInfo(name: "old-kiosk", role: .kiosk, counter: nil, createdAt: Date(timeIntervalSince1970: 0), revokedAt: Date(timeIntervalSince1970: 1)),
    ]

    @Test func onlineWhileAnyConnectionIsOpenAndSinceWhen() {
        var roster = DeviceRoster(started: start)
        // Never seen: offline since the coordinator started. Clerks' and managers' keys and revoked ones are not listed.
        #expect(roster.health(of: devices).map(\.name) == ["kiosk-1", "board-hall"])
        #expect(roster.health(of: devices).allSatisfy { !$0.online && $0.since == start })
        roster.connected("kiosk-1", at: start + 10)
        roster.connected("kiosk-1", at: start + 20) // a second connection (a reconnect before the old one closed)
        roster.disconnected("kiosk-1", at: start + 30)
        let kiosk = roster.health(of: devices)[0]
        #expect(kiosk.online && kiosk.since == start + 10)
        roster.disconnected("kiosk-1", at: start + 40)
        roster.disconnected("kiosk-1", at: start + 50) // one too many: nothing changes
        #expect(roster.health(of: devices)[0] == DeviceHealth(name: "kiosk-1", role: .kiosk, online: false, since: start + 40))
    }

    @Test func whatNeedsAPerson() {
        var roster = DeviceRoster(started: start)
        roster.connected("kiosk-1", at: start)
        roster.connected("board-hall", at: start)
        roster.reported("kiosk-1", DeviceState(printer: .paperLow, screenAt: start + 100), at: start + 100)
        roster.reported("board-hall", DeviceState(screenAt: start + 100, audio: true), at: start + 100)
        var now = start + 110
        #expect(roster.health(of: devices)[0].problems(now: now) == [.printer(.paperLow)])
        #expect(roster.health(of: devices)[1].problems(now: now).isEmpty)
        // The board's screen stops coming round; then it goes away: a minute later it is worth a look.
        now = start + 100 + DeviceHealth.screenStale
        #expect(roster.health(of: devices)[1].problems(now: now) == [.screenStuck(since: start + 100)])
        roster.disconnected("board-hall", at: now)
        #expect(roster.health(of: devices)[1].problems(now: now + 59).isEmpty, "a restart is not an alarm")
        #expect(roster.health(of: devices)[1].problems(now: now + 60) == [.offline(since: now)])
        // Out of paper and a board without speakers.
        roster.reported("kiosk-1", DeviceState(printer: .noPaper), at: now)
        roster.connected("board-hall", at: now + 61)
        roster.reported("board-hall", DeviceState(audio: false), at: now + 61)
        #expect(roster.health(of: devices).map { $0.problems(now: now + 62) } == [[.printer(.noPaper)], [.silent]])
        #expect(DeviceState.Printer.noPaper.stopsPrinting && !DeviceState.Printer.paperLow.stopsPrinting)
    }

    /// A board whose clock is 10 minutes behind the coordinator's: its times are moved onto the
    /// coordinator's clock, so a screen that just drew is not "not responding" for 10 minutes.
    @Test func aDevicesTimesAreReadOnItsOwnClock() {
        var roster = DeviceRoster(started: start)
        roster.connected("board-hall", at: start)
        let behind = start - 600
        roster.reported("board-hall", DeviceState(lastPrintedAt: behind - 60, screenAt: behind - 2, sentAt: behind), at: start)
        let board = roster.health(of: devices)[1]
        #expect(board.state?.screenAt == start - 2 && board.state?.lastPrintedAt == start - 60)
        #expect(board.problems(now: start + 1).isEmpty)
    }

    /// The coordinator's journal gets a line when a printer turns bad or ready again and when a
    /// board has no speakers; not for every report, nor for a first report that all is well.
    @Test func whatTheJournalIsTold() {
        #expect(DeviceState(printer: .ready).logLine(since: nil) == nil)
        #expect(DeviceState(printer: .noPaper, printerDetail: "Máy in hết giấy · Printer out of paper").logLine(since: DeviceState(printer: .ready))?.line
                == "its printer: no-paper (Máy in hết giấy · Printer out of paper)")
        #expect(DeviceState(printer: .noPaper).logLine(since: DeviceState(printer: .noPaper)) == nil)
        #expect(DeviceState(printer: .ready).logLine(since: DeviceState(printer: .noPaper)).map { $0.problem } == false)
        #expect(DeviceState(audio: false).logLine(since: nil)?.problem == true)
        #expect(DeviceState(audio: false).logLine(since: DeviceState(audio: false)) == nil)
    }

    @Test func onlyAChangeApartFromTheScreensTimeIsNews() {
        let a = DeviceState(printer: .ready, screenAt: start)
        #expect(a.sameApartFromScreen(DeviceState(printer: .ready, screenAt: start + 5)))
        #expect(!a.sameApartFromScreen(DeviceState(printer: .paperLow, screenAt: start)))
    }
}
