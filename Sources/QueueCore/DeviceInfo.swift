import Foundation

/// A device as the coordinator knows it. The key never leaves the coordinator except once, in
/// the reply that creates it.
public struct DeviceInfo: Codable, Equatable, Sendable {
    public var name: String
    public var role: Role
    public var counter: Int?
    public var createdAt: Date
    public var revokedAt: Date?

    public init(name: String, role: Role, counter: Int?, createdAt: Date, revokedAt: Date? = nil) {
        self.name = name
        self.role = role
        self.counter = counter
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
