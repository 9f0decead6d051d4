import Foundation

/// A citizen's rating of a visit, in the three levels Vietnamese one-stop halls ask for.
public enum Rating: String, Codable, Sendable, CaseIterable {
    case verySatisfied = "very-satisfied"
    case satisfied
    case dissatisfied

    public var vi: String {
        switch self {
        case .verySatisfied: return "Rất hài lòng"
        case .satisfied: return "Hài lòng"
        case .dissatisfied: return "Không hài lòng"
        }
    }

    public var en: String {
        switch self {
        case .verySatisfied: return "Very satisfied"
        case .satisfied: return "Satisfied"
        case .dissatisfied: return "Dissatisfied"
        }
    }
}

/// Why, if the citizen says: one of a short list.
public enum RatingReason: String, Codable, Sendable, CaseIterable {
    case longWait = "long-wait"
    case unclearGuidance = "unclear-guidance"
    case staffAttitude = "staff-attitude"
    case documentsReturned = "documents-returned"
    case facilities
    case other

    public var vi: String {
        switch self {
        case .longWait: return "Chờ quá lâu"
        case .unclearGuidance: return "Hướng dẫn chưa rõ"
        case .staffAttitude: return "Thái độ phục vụ"
        case .documentsReturned: return "Hồ sơ bị trả lại"
        case .facilities: return "Cơ sở vật chất"
        case .other: return "Lý do khác"
        }
    }

    public var en: String {
        switch self {
        case .longWait: return "Waited too long"
        case .unclearGuidance: return "Unclear guidance"
        case .staffAttitude: return "Staff attitude"
        case .documentsReturned: return "Documents returned"
        case .facilities: return "Facilities"
        case .other: return "Other"
        }
    }
}

/// How many visits of one service and clerk got one rating (and reason) in a span.
public struct RatingCount: Codable, Equatable, Sendable {
    public var service: String
    public var clerk: String?
    public var rating: Rating
    public var reason: RatingReason?
    public var count: Int

    public init(service: String, clerk: String?, rating: Rating, reason: RatingReason?, count: Int) {
        self.service = service
        self.clerk = clerk
        self.rating = rating
        self.reason = reason
        self.count = count
    }
}

/// One rating as the hall keeps it and forwards it to the city: numbered in the order recorded
/// (`seq`, 1, 2, …), with the visit's last ticket, its day, service, counter and clerk, the level,
/// the reason and the instant (ms since the epoch).
public struct RecordedRating: Codable, Equatable, Sendable {
    public var seq: Int64
    public var ticket: Int64
    public var day: String
    public var service: String
    public var counter: Int?
    public var clerk: String?
    public var rating: Rating
    public var reason: RatingReason?
    public var at: Int64

    public init(seq: Int64, ticket: Int64, day: String, service: String, counter: Int?, clerk: String?, rating: Rating,
                reason: RatingReason?, at: Int64) {
        self.seq = seq
        self.ticket = ticket
        self.day = day
        self.service = service
        self.counter = counter
        self.clerk = clerk
        self.rating = rating
        self.reason = reason
        self.at = at
    }
}

/// Which rating a number stands for: its visit's ticket and its instant.
public struct RatingMark: Codable, Equatable, Sendable {
    public var ticket: Int64
    public var at: Int64

    public init(ticket: Int64, at: Int64) {
        self.ticket = ticket
        self.at = at
    }
}
