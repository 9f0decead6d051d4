import Foundation

/// Everything a hall is made of, as read from its config file: the hall itself, its services,
/// its counters and the queue policy. Plain values; the coordinator sends it to every device
/// inside the snapshot so kiosks and boards need no config of their own.
public struct HallConfig: Codable, Equatable, Sendable {
    public var hall: Hall
    public var services: [Service]
    public var counters: [Counter]
    public var policy: QueuePolicy
    public var targets: Targets
    public var board: BoardSettings

    public init(hall: Hall, services: [Service], counters: [Counter],
                policy: QueuePolicy = QueuePolicy(), targets: Targets = Targets(), board: BoardSettings = BoardSettings()) {
        self.hall = hall
        self.services = services
        self.counters = counters
        self.policy = policy
        self.targets = targets
        self.board = board
    }

    public func service(_ id: String) -> Service? { services.first { $0.id == id } }
    public func counter(_ number: Int) -> Counter? { counters.first { $0.number == number } }
}

/// The hall: its name, administrative level, time zone and opening hours.
public struct Hall: Codable, Equatable, Sendable {
    public var name: String
    /// The name in English, for screens and pages shown in English; nil: the Vietnamese one.
    public var nameEn: String?
    /// A free label such as "province", "city", "district" or "commune"; roll-ups group by it.
    public var level: String
    /// An IANA time zone; it decides the local day that numbers run in.
    public var timeZone: String
    public var hours: OpeningHours

    public init(name: String, nameEn: String? = nil, level: String, timeZone: String = "Asia/Ho_Chi_Minh", hours: OpeningHours) {
        self.name = name
        self.nameEn = nameEn
        self.level = level
        self.timeZone = timeZone
        self.hours = hours
    }
}

/// A service citizens queue for. Its `id` is the letter that prefixes its numbers (A023).
public struct Service: Codable, Equatable, Sendable {
    public var id: String
    public var nameVi: String
    public var nameEn: String
    /// The numbers a day may use, first to last, e.g. 1...999.
    public var firstNumber: Int
    public var lastNumber: Int
    /// Target wait, issue to first call, in seconds (default 15 min).
    public var waitTarget: TimeInterval
    /// Target service time, start to end, in seconds (default 30 min).
    public var serviceTarget: TimeInterval

    public init(id: String, nameVi: String, nameEn: String, firstNumber: Int = 1, lastNumber: Int = 999,
                waitTarget: TimeInterval = 15 * 60, serviceTarget: TimeInterval = 30 * 60) {
        self.id = id
        self.nameVi = nameVi
        self.nameEn = nameEn
        self.firstNumber = firstNumber
        self.lastNumber = lastNumber
        self.waitTarget = waitTarget
        self.serviceTarget = serviceTarget
    }

    /// "A023": the prefix, then the number padded to the width of the last number.
    public func label(_ number: Int) -> String {
        let width = max(3, String(lastNumber).count)
        let digits = String(number)
        return id + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A counter (quầy) and the services it serves, in the order it prefers them.
public struct Counter: Codable, Equatable, Sendable {
    public var number: Int
    public var name: String
    public var services: [String]
    /// Where it is, for citizens finding it: "Tầng 2, bên phải · 1st floor, right"; nil: not given.
    public var location: String?

    public init(number: Int, name: String, services: [String], location: String? = nil) {
        self.number = number
        self.name = name
        self.services = services
        self.location = location
    }
}

/// The city's targets that reports and screens measure against.
public struct Targets: Codable, Equatable, Sendable {
    /// Mean wait per transaction, seconds (15 min in the 2025 plan; 30 min in 2022).
    public var meanWait: TimeInterval
    /// Dossiers a clerk should receive per year.
    public var dossiersPerClerkYear: Int
    /// Working days per year used to annualise a clerk's pace.
    public var workingDaysPerYear: Int

    public init(meanWait: TimeInterval = 15 * 60, dossiersPerClerkYear: Int = 1800, workingDaysPerYear: Int = 250) {
        self.meanWait = meanWait
        self.dossiersPerClerkYear = dossiersPerClerkYear
        self.workingDaysPerYear = workingDaysPerYear
    }
}
