import Foundation

extension HallState {
    /// Decides what `command` changes at `now`, without changing anything: the changes to commit
    /// and apply, or a refusal. Pure; the caller injects `now` and the clerk-facing checks.
    /// A new local day first closes the previous day's open tickets and counters.
    public func decide(_ command: Command, now: Date) -> Result<[Change], QueueError> {
        let closing = rollover(now: now)
        do {
            guard !closing.isEmpty else { return .success(try changes(for: command, now: now)) }
            // Only a new day needs a copy: the command is decided against the day just opened.
            var state = self
            for change in closing { state.apply(Event(seq: 0, at: now, kind: change.kind, device: "", ticket: change.ticket, counter: change.counter, day: change.day)) }
            return .success(closing + (try state.changes(for: command, now: now)))
        } catch let error as QueueError {
            // A refused command commits nothing; the next command or tick redoes the rollover.
            return .failure(error)
        } catch {
            return .failure(QueueError(.`internal`, "\(error)"))
        }
    }

    /// An open ticket the config no longer serves: its service is gone, or it is called or being
    /// served at a counter that is gone.
    public func isStranded(_ ticket: Ticket) -> Bool {
        if !config.services.contains(where: { $0.id == ticket.service }) { return true }
        guard ticket.state != .waiting, let counter = ticket.counter else { return false }
        return !config.counters.contains(where: { $0.number == counter })
    }

    /// Changes that close yesterday: every open ticket ends "open at close" (or "stranded" when
    /// the config no longer serves it), counters close.
    /// Only forward: a clock that steps back (a box booting with a stale clock) must not reopen an
    /// earlier day and restart its numbering.
    public func rollover(now: Date) -> [Change] {
        let today = localTime(now).day
        guard today > day else { return [] }
        var changes: [Change] = []
        for ticket in tickets.values.sorted(by: { $0.id < $1.id }) {
            var closed = ticket
            closed.state = .done
            closed.outcome = isStranded(ticket) ? .stranded : .openAtClose
            changes.append(Change(.closedOpen, ticket: closed, automatic: true))
        }
        for counter in counters.values.sorted(by: { $0.number < $1.number }) where counter != CounterState(number: counter.number) {
            changes.append(Change(.signedOut, counter: CounterState(number: counter.number), automatic: true))
        }
        changes.append(Change(.dayOpened, day: today, automatic: true))
        return changes
    }

    private func changes(for command: Command, now: Date) throws -> [Change] {
        switch command {
        case .tick:
            return []
        case .issue(let serviceId, let priority, let appointment):
            guard let service = config.service(serviceId) else { throw QueueError.unknownService(serviceId, config) }
            let local = localTime(now)
            guard config.hall.hours.isOpen(local) else {
                throw QueueError(.hallClosed, "The hall is closed now (\(ClockText.text(local.minuteOfDay)) local time); tickets are issued during opening hours only.")
            }
            let number = nextNumber[service.id] ?? service.firstNumber
            guard number <= service.lastNumber else {
                throw QueueError(.numbersExhausted, "Service \(service.id) has given out all its numbers for today (\(service.firstNumber)–\(service.lastNumber)); widen its number range in the hall config.")
            }
            let ticket = Ticket(id: nextTicketId, day: day, service: service.id, number: number,
                                label: service.label(number), priority: priority, issuedAt: now, appointmentAt: appointment)
            return [Change(.issued, ticket: ticket)]

        case .callNext(let n):
            let (counterConfig, counter) = try idleOpenCounter(n)
            guard let next = nextTicket(for: counterConfig, now: now) else {
                throw QueueError(.queueEmpty, "No one is waiting for counter \(n)'s services (\(counterConfig.services.joined(separator: ", "))).")
            }
            return call(next, at: counter, now: now)

        case .callTicket(let n, let label):
            let (_, counter) = try idleOpenCounter(n)
            guard let ticket = ticket(label: label.uppercased()) else {
                throw QueueError(.unknownTicket, "Ticket \(label) is not in today's queue.")
            }
            guard ticket.state == .waiting else {
                throw QueueError(.ticketNotWaiting, "Ticket \(ticket.label) is \(ticket.state.rawValue), not waiting\(ticket.counter.map { " (counter \($0))" } ?? "").")
            }
            return call(ticket, at: counter, now: now)

        case .recall(let n):
            var (counter, ticket) = try current(n, allowed: [.called], doing: "recall")
            ticket.callCount += 1
            ticket.lastCalledAt = now
            counter.ticket = ticket.id
            return [Change(.recalled, ticket: ticket, counter: counter)]

        case .start(let n):
            var (_, ticket) = try current(n, allowed: [.called], doing: "start serving")
            ticket.state = .serving
            ticket.serviceStartedAt = now
            return [Change(.started, ticket: ticket)]

        case .finish(let n):
            var (counter, ticket) = try current(n, allowed: [.serving], doing: "finish")
            ticket.state = .done
            ticket.outcome = .served
            ticket.serviceEndedAt = now
            counter.ticket = nil
            return [Change(.finished, ticket: ticket, counter: counter)]

        case .noShow(let n):
            var (counter, ticket) = try current(n, allowed: [.called], doing: "mark as no-show")
            ticket.state = .done
            ticket.outcome = .noShow
            counter.ticket = nil
            return [Change(.noShow, ticket: ticket, counter: counter)]

        case .transfer(let n, let to):
            guard let target = config.service(to.uppercased()) else { throw QueueError.unknownService(to, config) }
            var (counter, ticket) = try current(n, allowed: [.called, .serving], doing: "transfer")
            guard target.id != ticket.service else {
                throw QueueError(.sameService, "Ticket \(ticket.label) is already in service \(target.id).")
            }
            var next = Ticket(id: nextTicketId, day: ticket.day, service: target.id, number: ticket.number,
                              label: ticket.label, priority: ticket.priority, issuedAt: ticket.issuedAt,
                              queuedAt: now, transferredFrom: ticket.id)
            next.state = .waiting
            if ticket.state == .serving { ticket.serviceEndedAt = now }
            ticket.state = .done
            ticket.outcome = .transferred
            counter.ticket = nil
            return [Change(.transferred, ticket: ticket, counter: counter), Change(.issued, ticket: next)]

        case .pause(let n, let reason):
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw QueueError(.reasonRequired, "Give a reason for pausing counter \(n), e.g. \"nghỉ giải lao\" (break).") }
            var (_, counter) = try idleOpenCounter(n)
            counter.status = .paused
            counter.pauseReason = reason
            return [Change(.paused, counter: counter)]

        case .resume(let n):
            var counter = try counterState(n)
            guard counter.status == .paused else { throw QueueError(.notPaused, "Counter \(n) is \(counter.status.rawValue), not paused.") }
            counter.status = .open
            counter.pauseReason = nil
            return [Change(.resumed, counter: counter)]

        case .signIn(let n, let clerk):
            let clerk = clerk.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !clerk.isEmpty else { throw QueueError(.clerkRequired, "Give the clerk's name or code to sign in at counter \(n).") }
            // At a counter with a citizen this is a shift hand-over: the citizen stays at the
            // counter and stays the dossier of the clerk who called them (`Ticket.clerk`); the
            // next ones are the new clerk's. A paused counter opens.
            var counter = try counterState(n)
            counter.status = .open
            counter.clerk = clerk
            counter.pauseReason = nil
            return [Change(.signedIn, counter: counter)]

        case .signOut(let n):
            let counter = try counterState(n)
            if let id = counter.ticket, let t = tickets[id] {
                throw QueueError(.counterBusy, "Counter \(n) still has \(t.label); finish it, mark a no-show or transfer it before signing out.")
            }
            guard counter.status != .closed else { throw QueueError(.counterClosed, "No clerk is signed in at counter \(n).") }
            return [Change(.signedOut, counter: CounterState(number: n))]

        case .cancel(let label):
            guard var ticket = ticket(label: label.uppercased()) else { throw QueueError(.unknownTicket, "Ticket \(label) is not in today's queue.") }
            guard ticket.state == .waiting else {
                throw QueueError(.ticketNotWaiting, "Ticket \(ticket.label) is \(ticket.state.rawValue); only a waiting ticket can be cancelled.")
            }
            ticket.state = .done
            ticket.outcome = .cancelled
            return [Change(.cancelled, ticket: ticket)]
        }
    }

    private func call(_ ticket: Ticket, at counter: CounterState, now: Date) -> [Change] {
        var ticket = ticket
        var counter = counter
        ticket.state = .called
        ticket.callCount += 1
        ticket.firstCalledAt = ticket.firstCalledAt ?? now
        ticket.lastCalledAt = now
        ticket.counter = counter.number
        ticket.clerk = counter.clerk
        counter.ticket = ticket.id
        return [Change(.called, ticket: ticket, counter: counter)]
    }

    private func counterState(_ n: Int) throws -> CounterState {
        guard config.counter(n) != nil, let state = counters[n] else { throw QueueError.unknownCounter(n, config) }
        return state
    }

    /// A counter that can call someone: a clerk signed in, not paused, nobody at it.
    private func idleOpenCounter(_ n: Int) throws -> (Counter, CounterState) {
        let state = try counterState(n)
        switch state.status {
        case .closed: throw QueueError(.counterClosed, "No clerk is signed in at counter \(n); sign in first.")
        case .paused: throw QueueError(.counterPaused, "Counter \(n) is paused (\(state.pauseReason ?? "")); resume it first.")
        case .open: break
        }
        if let id = state.ticket, let t = tickets[id] {
            throw QueueError(.counterBusy, "Counter \(n) still has \(t.label) (\(t.state.rawValue)); finish it, mark a no-show or transfer it first.")
        }
        return (config.counter(n)!, state)
    }

    /// The ticket at counter `n`, which must be in one of the `allowed` states.
    private func current(_ n: Int, allowed: [TicketState], doing: String) throws -> (CounterState, Ticket) {
        let state = try counterState(n)
        guard let id = state.ticket, let ticket = tickets[id] else {
            throw QueueError(.noCurrentTicket, "Counter \(n) has no ticket to \(doing); call one first.")
        }
        guard allowed.contains(ticket.state) else {
            let hint = ticket.state == .called ? "start serving it first" : "it is already being served"
            throw QueueError(.wrongState, "Cannot \(doing) \(ticket.label) at counter \(n): it is \(ticket.state.rawValue); \(hint).")
        }
        return (state, ticket)
    }
}
