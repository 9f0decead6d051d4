import Foundation
import QueueCore

/// The display board as a pure model. The app feeds it inputs with the local time; it returns
/// the new state and what to do (announce, redraw). Replaying the same inputs gives the same
/// board, so tests replay recorded event sequences.
public struct Board: Equatable, Sendable {
    public enum Layout: String, Sendable, CaseIterable { case hall, counter }

    public var layout: Layout
    /// For the counter layout: which counter this screen belongs to.
    public var counter: Int?
    /// The last known hall; kept while offline.
    public var hall: HallState?
    public var online = false
    /// Online, but the link is slow: what the board shows may be seconds behind.
    public var slow = false
    /// Hall time when the coordinator was lost: what the board shows may be older than this.
    public var offlineSince: Date?
    /// The newest call and until when (local time) it flashes.
    public var newestCall: Ticket?
    public var flashUntil: Date?
    /// Hall time minus local time: the coordinator may run on a virtual clock.
    public var clockOffset: TimeInterval = 0
    /// A counter board, after its counter served a citizen: until when (local time) it asks for
    /// the citizen's rating by touch, and until when it thanks them for one.
    public var ratingUntil: Date?
    public var thanksUntil: Date?
    /// The ticket the board asks about: the visit a touch rates.
    public var ratingTicket: Int64?

    public init(layout: Layout, counter: Int? = nil) {
        self.layout = layout
        self.counter = counter
    }

    public enum Input: Sendable {
        case snapshot(HallState, hallNow: Date?)
        case event(Event, HallState)
        case connection(Bool)
        /// The link turned slow (what arrives may be late) or fast again.
        case slow(Bool)
        /// The coordinator recorded the rating touched on this board.
        case rated
        case tick
    }

    public enum Effect: Equatable, Sendable {
        case announce(Announcement)
        case redraw
    }

    /// Calls older than this when they arrive (a backlog after an outage) are shown but not spoken.
    public static let staleAfter: TimeInterval = 30
    /// How long a counter board asks for a rating after a citizen is served, and thanks after one.
    public static let ratingSeconds: TimeInterval = 30
    public static let thanksSeconds: TimeInterval = 4

    public func hallNow(_ now: Date) -> Date { now + clockOffset }

    public func update(_ input: Input, now: Date) -> (Board, [Effect]) {
        var next = self
        var effects: [Effect] = []
        switch input {
        case .snapshot(let state, let hallNow):
            next.hall = state
            next.online = true
            next.offlineSince = nil
            if let hallNow { next.clockOffset = hallNow.timeIntervalSince(now) }
            // A snapshot may come after a gap: the newest call is whatever the hall says now.
            next.newestCall = state.recentCalls.first { $0.counter.map(relevant) ?? false }
            effects.append(.redraw)
        case .event(let event, let state):
            next.hall = state
            // Hall time is at least the time of its latest event.
            next.clockOffset = max(next.clockOffset, event.at.timeIntervalSince(now))
            if event.kind == .called || event.kind == .recalled, let ticket = event.ticket, let counter = ticket.counter,
               relevant(counter) {
                next.newestCall = ticket
                next.flashUntil = now + (state.config.board.flashSeconds)
                if next.hallNow(now).timeIntervalSince(event.at) <= Self.staleAfter {
                    effects.append(.announce(.call(label: ticket.label, counter: counter, english: state.config.board.announceEnglish,
                                                   recall: event.kind == .recalled)))
                }
            }
            if event.kind == .dayOpened { next.newestCall = nil }
            // The counter's citizen was just served: ask them, until the next call.
            if layout == .counter, let ticket = event.ticket, ticket.counter == counter {
                if event.kind == .finished, ticket.outcome == .served, next.hallNow(now).timeIntervalSince(event.at) <= Self.staleAfter {
                    next.ratingUntil = now + Self.ratingSeconds
                    next.ratingTicket = ticket.id
                    next.thanksUntil = nil
                } else if event.kind == .called || event.kind == .recalled {
                    next.ratingUntil = nil
                    next.thanksUntil = nil
                }
            }
            effects.append(.redraw)
        case .connection(let up):
            if up != online {
                next.online = up
                next.offlineSince = up ? nil : (offlineSince ?? hallNow(now))
                effects.append(.redraw)
            }
            // A new connection starts fast; a lost one says offline instead.
            if slow { next.slow = false; effects.append(.redraw) }
        case .slow(let slow):
            if slow != self.slow {
                next.slow = slow
                effects.append(.redraw)
            }
        case .rated:
            next.ratingUntil = nil
            next.thanksUntil = now + Self.thanksSeconds
            effects.append(.redraw)
        case .tick:
            if let until = flashUntil, until <= now {
                next.flashUntil = nil
                effects.append(.redraw)
            }
            if let until = ratingUntil, until <= now {
                next.ratingUntil = nil
                effects.append(.redraw)
            }
            if let until = thanksUntil, until <= now {
                next.thanksUntil = nil
                effects.append(.redraw)
            }
        }
        return (next, effects)
    }

    /// Whether calls to this counter concern this screen.
    func relevant(_ counter: Int) -> Bool { layout == .hall || counter == self.counter }

    public func isFlashing(_ now: Date) -> Bool { flashUntil.map { $0 > now } ?? false }

    /// Whether the board asks for a rating now: a counter board online, its citizen just served,
    /// its counter open with nobody called since. The buttons are drawn, and touches taken, only then.
    public func isAskingRating(_ now: Date) -> Bool {
        guard let until = ratingUntil, until > now, online, ratingTicket != nil, let counter, let live = hall?.counters[counter] else { return false }
        return live.status == .open && live.ticket == nil
    }

    public func isThanking(_ now: Date) -> Bool { thanksUntil.map { $0 > now } ?? false }

    /// When the picture next changes by itself: flash phases, the minute on the clock, the
    /// scrolling notice. The app sleeps until then unless an input arrives.
    public func nextChange(after now: Date, noticeScrolls: Bool) -> Date {
        if noticeScrolls { return now + 1.0 / 30 }
        if let until = flashUntil, until > now {
            return min(until, now + Self.flashPhase - now.timeIntervalSince1970.truncatingRemainder(dividingBy: Self.flashPhase))
        }
        let hall = hallNow(now).timeIntervalSince1970
        let minute = now + (60 - hall.truncatingRemainder(dividingBy: 60)) + 0.01
        // The hall board's services turn pages.
        let page: Date? = layout == .hall && Self.servicePages(self.hall?.config.services.count ?? 0) > 1
            ? now + (Self.pageSeconds - now.timeIntervalSince1970.truncatingRemainder(dividingBy: Self.pageSeconds)) + 0.01 : nil
        return ([ratingUntil, thanksUntil, page].compactMap { $0 }.filter { $0 > now } + [minute]).min()!
    }

    public static let flashPhase: TimeInterval = 0.5

    /// The hall board shows at most this many services at once; more take turns.
    public static let servicesPerPage = 8
    public static let pageSeconds: TimeInterval = 8

    static func servicePages(_ services: Int) -> Int { max(1, (services + servicesPerPage - 1) / servicesPerPage) }

    /// The page of services this board shows at `now` (0 when they fit on one).
    public func servicePage(_ now: Date) -> Int {
        layout == .hall ? Self.servicePage(now, pages: Self.servicePages(hall?.config.services.count ?? 0)) : 0
    }

    /// Which page of services shows at `now` (the device's clock, which runs even when the hall's
    /// virtual clock stands still): boards whose clocks agree turn together.
    static func servicePage(_ now: Date, pages: Int) -> Int {
        pages <= 1 ? 0 : Int(now.timeIntervalSince1970 / pageSeconds) % pages
    }

    /// During a flash, which of the two colours shows now.
    public func flashOn(_ now: Date) -> Bool {
        isFlashing(now) && Int(now.timeIntervalSince1970 / Self.flashPhase) % 2 == 0
    }
}
