import AsyncHTTPClient
import CityWire
import Foundation
import Logging
import NIOSSL
import QueueConfig
import QueueCore
import ReportStore
import ServiceLifecycle

/// The hall's outbox: forwards the hall's event log (and its citizens' ratings) to the city, in
/// order, in batches, from the last sequence the city acknowledged (the city says where it is;
/// the hall keeps no state of its own for this). It reads the database read-only beside the
/// writer, so the hall is never slowed, and a city that is away for hours or days only delays the city's view: on any
/// failure it waits (1 s, doubling to 30 s) and asks the city again where to resume.
public final class CityOutbox: ServiceLifecycle.Service, Sendable {
    let settings: CityLinkSettings
    let databasePath: String
    let logger: Logger
    /// How often an idle outbox looks for new events.
    let pollInterval: Duration
    /// How often an idle hall still asks the city where it is, so the city sees it is there.
    static let checkInEvery: Duration = .seconds(60)

    /// The pause between full batches while catching up.
    static let catchUpPause: Duration = .milliseconds(100)

    /// Told after each look at the log how many events the city has not acknowledged yet (`/metrics`).
    let onLag: (@Sendable (Int64) -> Void)?

    public init(settings: CityLinkSettings, databasePath: String, logger: Logger, pollInterval: Duration = .seconds(1),
                onLag: (@Sendable (Int64) -> Void)? = nil) {
        self.onLag = onLag
        self.settings = settings
        self.databasePath = databasePath
        self.logger = logger
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            do { try await self.forward() } catch is CancellationError {}
        }
    }

    func forward() async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let certificate = settings.certificate {
            // Pinned: the city's own certificate is the only one trusted; it stands for the name.
            tls.trustRoots = .certificates(try await retrying("reading the city's certificate \(certificate)") {
                try NIOSSLCertificate.fromPEMFile(certificate)
            })
            tls.certificateVerification = .noHostnameVerification
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(tlsConfiguration: tls, timeout: .init(connect: .seconds(10), read: .seconds(60))))
        defer { _ = client.shutdown() }
        let key = try await retrying("reading the city key file \(settings.keyFile)") { try CityKeyFile.read(path: self.settings.keyFile) }
        let reader = try await retrying("opening \(databasePath)") { try ReportReader(path: self.databasePath) }
        let link = CityClient(http: client, url: settings.url, key: key)
        var ack: CityAck?
        // What the city last said it holds, and how far behind that is (`/metrics`), told even
        // while the city cannot be reached, when it matters most.
        var acked: Int64?
        func reportLag() {
            guard let onLag, let acked, let own = try? reader.lastSeq() else { return }
            onLag(max(0, own - acked))
        }
        var checked = ContinuousClock.now
        var failing: String?
        var delay = 1
        var diverged: Diverged?
        logger.info("forwarding to the city", metadata: ["city": "\(settings.url)", "hall": "\(key.hall)"])
        while true {
            do {
                // Once a minute, busy or idle, the hall asks the city where it is again (so the
                // city sees it is there) and checks that their histories agree.
                if ContinuousClock.now - checked > Self.checkInEvery { ack = nil }
                let held: CityAck
                if let ack { held = ack } else {
                    held = try await link.ack()
                    checked = .now
                    // Asked afresh (at start, after a failure or a refusal, every minute): the
                    // city's history must be this database's before anything more is sent. A
                    // divergence already found is not looked for again while neither side moved.
                    if let d = diverged, d.city == held.acked, d.hall == (try reader.lastSeq()), (d.ratings?.city ?? held.ratingSeq) == held.ratingSeq { throw d }
                    do { try await checkSameHistory(held, link: link, reader: reader) } catch let d as Diverged {
                        diverged = d
                        throw d
                    }
                    diverged = nil
                }
                ack = held
                acked = held.acked
                reportLag()
                let events = try reader.eventBodies(after: held.acked, limit: CityBatch.eventsPerRequest)
                let configs = try reader.configs(after: held.configSince).map { RecordedConfig(since: $0.since, config: $0.config) }
                // A city older than forwarded ratings keeps none: it is sent none.
                let ratings = try held.ratingSeq.map { try reader.ratings(after: $0, limit: CityBatch.eventsPerRequest) } ?? []
                if events.isEmpty && configs.isEmpty && ratings.isEmpty {
                    try await Task.sleep(for: pollInterval)
                    continue
                }
                let answer = try await link.push(CityBatch.json(hall: key.hall, eventBodies: events.map(\.body), configs: configs, ratings: ratings))
                // The city holds other than what was sent (another box on this key moved it):
                // ask again, and check, before sending more.
                let sent = answer.acked == (events.last?.seq ?? held.acked) && answer.ratingSeq == (ratings.last?.seq ?? held.ratingSeq)
                ack = sent ? answer : nil
                // Catching up, a pause between full batches leaves the hall's own work most of the
                // box (a week's backlog still goes in seconds).
                if events.count == CityBatch.eventsPerRequest || ratings.count == CityBatch.eventsPerRequest { try await Task.sleep(for: Self.catchUpPause) }
                if failing != nil {
                    logger.notice("the city link is back", metadata: ["acked": "\(ack?.acked ?? 0)"])
                    failing = nil
                }
                delay = 1
            } catch is CancellationError {
                return
            } catch let conflict as CityClient.Conflict {
                // Resume from where the city is, after a pause (a gap that does not close must
                // not become a loop of requests), checking first that it is this hall's history.
                ack = nil
                if failing != conflict.description {
                    logger.warning("city link: \(conflict.description)")
                    failing = conflict.description
                }
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 30)
            } catch {
                let why = "\(error)"
                if failing != why {
                    // Diverged needs a person; anything else mends itself when the link is back.
                    logger.log(level: error is Diverged ? .error : .warning, "cannot forward to the city; the hall works on and the city's view waits",
                               metadata: ["city": "\(settings.url)", "error": "\(why)"])
                    failing = why
                }
                ack = nil
                reportLag()
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 30)
            }
        }
    }

    /// Throws `Diverged` unless the city's events are this database's as far as both go (the
    /// last event both hold has the same digest); then it finds the last event they agree on, by
    /// halving, for the person who puts it right. Sending on would mix two histories: a hall
    /// restored from a backup (and perhaps worked on since), or a key file copied to a second hall.
    func checkSameHistory(_ held: CityAck, link: CityClient, reader: ReportReader) async throws {
        guard held.acked > 0 else { return }
        let own = try reader.lastSeq()
        func agree(_ seq: Int64) async throws -> Bool {
            guard seq > 0 else { return true }
            guard let mine = try reader.eventBodies(after: seq - 1, limit: 1).first, mine.seq == seq else { return false }
            let theirs = try await link.digest(seq).digest
            let digest = try EventDigest.of(body: mine.body)
            return theirs == digest
        }
        let last = min(held.acked, own)
        if try await agree(last) {
            if held.acked <= own {
                // The city's last rating must be this database's rating of that number: not, after
                // a restore from a backup taken before its last ratings (or numbered since).
                if let theirs = held.ratingSeq, theirs > 0 {
                    if try reader.rating(numbered: theirs) != held.lastRating {
                        throw Diverged(city: held.acked, hall: own, agreeUpTo: held.acked, hallCode: held.hall, ratings: (theirs, try reader.lastRatingSeq()))
                    }
                }
                return
            }
            throw Diverged(city: held.acked, hall: own, agreeUpTo: last, hallCode: held.hall)
        }
        var (low, high) = (Int64(0), last)  // they agree at low, not at high
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if try await agree(mid) { low = mid } else { high = mid }
        }
        throw Diverged(city: held.acked, hall: own, agreeUpTo: low, hallCode: held.hall)
    }

    /// The city's history of this hall is not this database's: forwarding waits for a person
    /// (docs/CITY.md, "A hall restored from a backup").
    struct Diverged: Error, CustomStringConvertible {
        let city: Int64
        let hall: Int64
        let agreeUpTo: Int64
        let hallCode: String
        /// When the events agree but the city's ratings are not this database's: the city's last
        /// number, and this database's.
        var ratings: (city: Int64, hall: Int64)?
        var description: String {
            let what = if let ratings {
                "the city's citizens' ratings of this hall up to number \(ratings.city) are not this database's (it numbered \(ratings.hall))"
            } else if city > hall {
                "the city holds this hall's events up to \(city), but its database ends at \(hall)"
            } else {
                "the city's events after \(agreeUpTo) are not this database's"
            }
            return "\(what): restored from a backup, or this key file is another hall's? They agree up to event \(agreeUpTo). Nothing is sent until it is put right: once this database is the one to keep, run `queue-city hall rewind --id \(hallCode) --to \(agreeUpTo)\(ratings == nil ? "" : " --ratings-after 0")` on the city's server, which sets the city's later events and ratings aside; this hall then sends its own from there (docs/CITY.md)"
        }
    }

    /// `body`'s value; a failure is logged and tried again every minute (a key file or
    /// certificate put in place later, a database not there yet): the hall works on meanwhile. (A
    /// [city] section that is not right, such as an address that is not https://, stops the
    /// coordinator at start as any config error does.)
    func retrying<T>(_ what: String, _ body: () throws -> T) async throws -> T {
        var logged = false
        while true {
            do { return try body() } catch {
                if !logged { logger.error("city link: \(what) failed; trying again every minute", metadata: ["error": "\(error)"]) }
                logged = true
                try await Task.sleep(for: .seconds(60))
            }
        }
    }
}
