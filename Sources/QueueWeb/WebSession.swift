import Foundation
import NIOConcurrencyHelpers
import QueueServer
import QueueWire

/// One signed-in browser: who it acts as (a device that proved its key, or a clerk PIN acting as
/// its counter), its form token, and what to show once on the next page.
struct WebSession: Sendable {
    var token: String
    var identity: DeviceIdentity
    /// For a PIN session: the PIN's row id and its clerk.
    var pinId: Int64?
    var clerk: String?
    /// Every form carries it; a post without it is refused (cross-site request forgery).
    var csrf: String
    var lastSeen: Date
    /// A message for the next page (after a form post without the script).
    var flash: WebMessage?
    /// A device key made by this manager, shown once on the devices page.
    var newKey: DevicesPage.NewKey?

    var isManager: Bool { identity.role == .manager }

    /// The actor name a PIN session uses in the event log: "pin:3". No device name can contain
    /// ':', so it never collides with a device's.
    static func pinActor(_ id: Int64) -> String { "pin:\(id)" }
}

/// Sessions in memory: a restart of the coordinator signs every browser out (the page then says
/// the session expired). Tokens are 32 random bytes; a session ends after `idleLimit` unused.
final class SessionStore: Sendable {
    static let cookie = "queue_session"
    static let loginCookie = "queue_login"
    let idleLimit: TimeInterval
    /// How long a sign-in page's challenge stays valid.
    let loginLimit: TimeInterval = 10 * 60
    private let sessions = NIOLockedValueBox<[String: WebSession]>([:])
    private let logins = NIOLockedValueBox<[String: (challenge: String, until: Date)]>([:])

    init(idleLimit: TimeInterval = 12 * 3600) { self.idleLimit = idleLimit }

    static func token() -> String {
        Handshake.randomBase64(bytes: 32).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    func create(identity: DeviceIdentity, pinId: Int64? = nil, clerk: String? = nil, now: Date = Date()) -> WebSession {
        let session = WebSession(token: Self.token(), identity: identity, pinId: pinId, clerk: clerk, csrf: Self.token(), lastSeen: now)
        sessions.withLockedValue { all in
            all = all.filter { now.timeIntervalSince($0.value.lastSeen) < idleLimit }
            all[session.token] = session
        }
        return session
    }

    /// The live session for a cookie value, touched; nil when unknown or idle too long.
    func session(_ token: String?, now: Date = Date()) -> WebSession? {
        guard let token else { return nil }
        return sessions.withLockedValue { all in
            guard var s = all[token] else { return nil }
            guard now.timeIntervalSince(s.lastSeen) < idleLimit else {
                all[token] = nil
                return nil
            }
            s.lastSeen = now
            all[token] = s
            return s
        }
    }

    func update(_ token: String, _ change: (inout WebSession) -> Void) {
        sessions.withLockedValue { all in if all[token] != nil { change(&all[token]!) } }
    }

    /// The flash message and new key, cleared as they are read.
    func takeOnce(_ token: String) -> (WebMessage?, DevicesPage.NewKey?) {
        sessions.withLockedValue { all in
            guard var s = all[token] else { return (nil, nil) }
            defer { s.flash = nil; s.newKey = nil; all[token] = s }
            return (s.flash, s.newKey)
        }
    }

    func end(_ token: String) { sessions.withLockedValue { _ = $0.removeValue(forKey: token) } }

    /// Ends every session acting as `name` (a revoked device).
    func end(actor name: String) { sessions.withLockedValue { all in all = all.filter { $0.value.identity.name != name } } }

    var count: Int { sessions.withLockedValue { $0.count } }

    // MARK: - Sign-in challenges

    /// A new sign-in form: its id (kept in a cookie and in the form) and the challenge a key must answer.
    func newLogin(now: Date = Date()) -> (login: String, challenge: String) {
        let login = Self.token(), challenge = Handshake.randomBase64()
        logins.withLockedValue { all in
            all = all.filter { $0.value.until > now }
            all[login] = (challenge, now + loginLimit)
        }
        return (login, challenge)
    }

    /// The challenge of a sign-in form, used once.
    func takeLogin(_ login: String?, now: Date = Date()) -> String? {
        guard let login else { return nil }
        return logins.withLockedValue { all in
            guard let entry = all.removeValue(forKey: login), entry.until > now else { return nil }
            return entry.challenge
        }
    }
}
