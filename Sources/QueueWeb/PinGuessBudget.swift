import Foundation

/// How many wrong PINs a counter may take, whatever addresses they come from: a bucket of
/// `burst` guesses that refills one every `refill` seconds, so at most burst + 3600 / refill
/// guesses an hour reach a counter (5 + 25 = 30 by default) however many addresses an attacker
/// uses. Only wrong PINs spend it, so a clerk who types the right PIN is never slowed by her own
/// typos beyond that; while a stranger is guessing, the log and the manager's dashboard say so,
/// and the clerk can still sign in with the counter's device key.
struct PinGuessBudget: Sendable {
    var burst: Double = 5
    var refill: TimeInterval = 144 // 25 an hour
    private var tokens: [Int: (left: Double, at: Date)] = [:]

    init(burst: Double = 5, refill: TimeInterval = 144) {
        self.burst = burst
        self.refill = refill
    }

    /// Guesses left for `counter` at `now`.
    func left(_ counter: Int, now: Date) -> Double {
        guard let t = tokens[counter] else { return burst }
        return min(burst, t.left + now.timeIntervalSince(t.at) / refill)
    }

    /// Seconds until the next guess is allowed (0: now).
    func wait(_ counter: Int, now: Date) -> TimeInterval {
        let l = left(counter, now: now)
        return l >= 1 ? 0 : (1 - l) * refill
    }

    mutating func spend(_ counter: Int, now: Date) {
        tokens[counter] = (max(0, left(counter, now: now) - 1), now)
    }

    /// What the manager's dashboard shows of a counter that took wrong PINs lately.
    struct Alert: Equatable, Sendable {
        /// Wrong PINs not yet forgiven (the bucket refills one every `refill` seconds).
        var wrong: Int
        /// Until when PIN sign-in is refused at that counter; nil while guesses are left.
        var pausedUntil: Date?
    }

    /// Seconds from `now` until what `alerts` shows next changes (a wrong PIN is forgiven, which
    /// may also end a pause); nil when there is no alert.
    func nextChange(now: Date) -> TimeInterval? {
        tokens.keys.compactMap { counter -> TimeInterval? in
            let left = self.left(counter, now: now)
            guard left < burst else { return nil }
            let toNext = left.rounded(.down) + 1 - left // to the next whole guess back
            return min(toNext, burst - left) * refill
        }.min()
    }

    /// The counters with wrong PINs not yet forgiven at `now`.
    func alerts(now: Date) -> [Int: Alert] {
        var out: [Int: Alert] = [:]
        for counter in tokens.keys {
            let wrong = Int((burst - left(counter, now: now)).rounded(.up))
            guard wrong > 0 else { continue }
            let wait = self.wait(counter, now: now)
            out[counter] = Alert(wrong: wrong, pausedUntil: wait > 0 ? now + wait : nil)
        }
        return out
    }
}
