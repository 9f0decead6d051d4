import Foundation
import QueueCore
import QueueStore
import QueueWire

extension Writer {
    /// Carries out one mutating request inside the batch's transaction. A refusal is a reply,
    /// not a thrown error: only storage failures abort the transaction.
    func perform(_ request: Request, for job: Job, _ work: inout Batch, _ tx: StoreTransaction) throws -> Result<Reply, QueueError> {
        let now = work.now
        // A key revoked while its requests waited in the queue: they do nothing.
        if job.caller.channel != nil, devices.active(job.caller.device) == nil {
            return .failure(QueueError(.revoked, "This device's key was revoked by a manager; ask for a new key."))
        }
        // A change that waited past its deadline (a frozen or overloaded coordinator): nobody is
        // waiting for it any more, so it does nothing. A retry of one already done got its
        // remembered reply before this point.
        if let deadline = job.deadline, now > deadline {
            let late = String(format: "%.1f", now.timeIntervalSince(deadline))
            return .failure(QueueError(.expired, "This request arrived \(late) s after its deadline; nothing was done. Send it again if it is still wanted."))
        }
        switch request {
        case .command(let command):
            switch work.state.decide(command, now: now) {
            case .failure(let error):
                return .failure(error)
            case .success(let changes):
                let events = work.record(changes, device: job.caller.device, at: now)
                if case .issue = command, let issued = issuedReply(events, work.state) { return .success(.issued(issued)) }
                return .success(.changed(events: events, now: nil))
            }

        case .checkIn(let code):
            // The day a ticket issued now is numbered in: never before the hall's (a clock stepped back).
            let day = max(work.state.day, work.state.localTime(now).day)
            guard var appointment = try tx.appointment(day: day, code: code) else {
                return .failure(QueueError(.unknownAppointment, "No appointment with code \(code) is booked for today (\(day)); check the code and the day."))
            }
            if appointment.ticket != nil {
                return .failure(QueueError(.appointmentUsed, "Appointment \(code) was checked in already, as ticket \(appointment.label ?? "?")."))
            }
            if appointment.cancelledAt != nil {
                return .failure(QueueError(.appointmentCancelled, "Appointment \(code) was cancelled; a ticket can be taken as a walk-in."))
            }
            guard let slot = appointment.slot(in: work.state.timeZone) else {
                return .failure(QueueError(.`internal`, "Appointment \(code) has no slot time on \(day)."))
            }
            let command = Command.issue(service: appointment.service, priority: .normal, appointment: Appointments.ticketSlot(slot, now: now))
            switch work.state.decide(command, now: now) {
            case .failure(let error):
                return .failure(error)
            case .success(let changes):
                let events = work.record(changes, device: job.caller.device, at: now)
                guard var issued = issuedReply(events, work.state) else {
                    return .failure(QueueError(.`internal`, "The check-in of \(code) issued no ticket."))
                }
                // Checked above in this transaction, so this cannot refuse; were it to, the batch fails whole.
                try tx.checkedIn(appointment, ticket: issued.ticket, at: now)
                appointment.ticket = issued.ticket.id
                appointment.label = issued.ticket.label
                appointment.checkedInAt = now
                issued.appointment = appointment
                return .success(.issued(issued))
            }

        case .bookAppointment(let service, let day, let minute):
            do {
                let appointment = try tx.bookAppointment(work.state.config, service: service, day: day, minute: minute,
                                                         by: job.caller.device, now: now)
                return .success(.appointments([appointment], capacity: try tx.appointmentCapacity()))
            } catch let error as QueueError {
                return .failure(error)
            }

        case .cancelAppointment(let day, let code):
            // Past its slot and the quarter after it, a booking not come stays "not come" in the reports.
            if let booked = try tx.appointment(day: day, code: code), booked.ticket == nil, booked.cancelledAt == nil,
               let slot = booked.slot(in: work.state.timeZone), now > slot + Appointments.lateAfter {
                return .failure(QueueError(.badSlot, "Appointment \(code) was for \(day) \(booked.time), which has passed; it is counted as not come and cannot be cancelled now."))
            }
            do {
                let appointment = try tx.cancelAppointment(day: day, code: code, now: now)
                return .success(.appointments([appointment], capacity: try tx.appointmentCapacity()))
            } catch let error as QueueError {
                return .failure(error)
            }

        case .setAppointmentCapacity(let service, let perSlot):
            guard work.state.config.service(service) != nil else {
                return .failure(QueueError.unknownService(service, work.state.config))
            }
            try tx.setAppointmentCapacity(service: service, perSlot: perSlot)
            return .success(.appointments([], capacity: try tx.appointmentCapacity()))

        case .addDevice(let name, let role, let counter):
            if let problem = DeviceName.problem(name) { return .failure(problem) }
            if let counter, work.state.config.counter(counter) == nil { return .failure(QueueError(.unknownCounter, "There is no counter \(counter) in this hall.")) }
            let key = Handshake.newKey()
            let info = DeviceInfo(name: name, role: role, counter: counter, createdAt: now)
            do { try tx.addDevice(info, key: key) } catch let error as QueueError { return .failure(error) }
            // Known before the reply goes out: the new key may be used the moment it arrives.
            work.beforeReplies.append { [devices] in devices.set(QueueStore.Device(info: info, key: key)) }
            return .success(.devices([info], key: key.base64EncodedString()))

        case .revokeDevice(let name):
            guard let device = devices.active(name) else {
                return .failure(QueueError(.unknownDevice, "There is no active device named \"\(name)\"; see `queuectl device list`."))
            }
            do { try tx.revokeDevice(name: name, at: now) } catch let error as QueueError { return .failure(error) }
            var info = device.info
            info.revokedAt = now
            let bye = out.buffer(.error(id: nil, QueueError(.revoked, "This device's key was revoked by a manager; ask for a new key.")))
            work.beforeReplies.append { [devices] in devices.set(QueueStore.Device(info: info, key: device.key)) }
            work.afterCommit.append { [hub] in hub.disconnect(device: name, with: bye) }
            return .success(.devices([info], key: nil))

        case .setClock, .advanceClock:
            guard let current = work.virtualNow else {
                return .failure(QueueError(.clockNotVirtual, "This coordinator runs on the system clock; start it with --clock virtual to set the time."))
            }
            var target = current
            if case .setClock(let at) = request { target = at.roundedToMillisecond }
            if case .advanceClock(let seconds) = request {
                guard seconds > 0, seconds <= 400 * 86_400 else {
                    return .failure(QueueError(.badRequest, "Advance the clock by more than 0 seconds and at most 400 days."))
                }
                target = (current + seconds).roundedToMillisecond
            }
            guard target >= current else {
                let zone = work.state.timeZone
                return .failure(QueueError(.clockBackwards, "The virtual clock is at \(LocalTime.describe(current, in: zone)) (hall time) and never goes back; pick a later time than that."))
            }
            work.virtualNow = target
            try tx.setMeta("virtual_now", String(target.milliseconds))
            // A new day closes the old one at once, not at the next request.
            var events: [Event] = []
            if case .success(let changes) = work.state.decide(.tick, now: target) {
                events = work.record(changes, device: job.caller.device, at: target)
            }
            return .success(.changed(events: events, now: target))

        case .rate(let counter, let ticket, let rating, let reason):
            guard try tx.servedAt(counter: counter, ticket: ticket, day: work.state.day, since: now - Request.ratingWindow) else {
                return .failure(QueueError(.notRateable, "Counter \(counter) did not serve that ticket in the last \(Int(Request.ratingWindow / 60)) minutes; a visit is rated just after it ends, at its counter."))
            }
            do { try tx.addRating(ticket: ticket, rating: rating, reason: reason, at: now) } catch let error as QueueError {
                return .failure(error)
            }
            return .success(.changed(events: [], now: nil))

        case .status, .subscribe, .listDevices, .tickets, .report, .appointments, .deviceState:
            return .failure(QueueError(.`internal`, "Not a mutating request."))
        }
    }

    /// A new ticket, with what its holder is told: the coordinator's own order and estimate, and
    /// the ticket's phone page.
    private func issuedReply(_ events: [Event], _ state: HallState) -> Reply.Issued? {
        guard let id = events.last(where: { $0.kind == .issued })?.ticket?.id, let ticket = state.tickets[id] else { return nil }
        let ahead = state.ahead(of: ticket)
        return Reply.Issued(ticket: ticket, ahead: ahead, estimate: state.estimatedWait(ticket.service, ahead: ahead), events: events,
                            page: ticketPages.url(for: ticket))
    }
}

/// Device names: short, plain, safe in logs and file names.
enum DeviceName {
    static func problem(_ name: String) -> QueueError? {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy(allowed.contains) else {
            return QueueError(.badDeviceName, "A device name is 1 to 64 letters, digits, '-', '_' or '.', e.g. \"kiosk-1\".")
        }
        return nil
    }
}
