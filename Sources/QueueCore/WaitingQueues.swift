import Foundation

/// What `HallState` derives from its open tickets so that calling the next ticket, counting a
/// queue and finding a label cost the same with 20 or 20,000 tickets open: per service, its
/// waiting tickets in queue order, normal, priority and appointment apart (one constant offset
/// per class keeps each class's order, so the next ticket of a service is one of its three
/// heads), and the open tickets by label.
///
/// Kept up to date by `HallState.apply`, built when a state is decoded or loaded, never encoded. It
/// follows from the tickets, so two indexes always compare equal: `==` on a hall still means
/// "the same hall".
struct WaitingQueues: Sendable, Equatable {
    private(set) var services: [String: ServiceQueue] = [:]
    /// The open ticket with each label ("A023"), by a key copied as plain bytes: when the state is
    /// copied (a status read keeps a copy), a String key would cost a retain and a release per ticket.
    private var labels: [LabelKey: Int64] = [:]
    /// Labels too long for `LabelKey` (none from a hall file: one letter and a number).
    private var longLabels: [String: Int64] = [:]
    /// Labels more than one open ticket carries (none on a normal day), with all their ids.
    private var sharedLabels: [String: [Int64]] = [:]

    static func == (_: WaitingQueues, _: WaitingQueues) -> Bool { true }

    init() {}

    init(_ tickets: [Int64: Ticket]) {
        for ticket in tickets.values {
            addLabel(ticket)
            if ticket.state == .waiting { services[ticket.service, default: ServiceQueue()].append(ticket) }
        }
        for service in services.keys { services[service]!.sort() }
    }

    mutating func insert(_ ticket: Ticket) {
        addLabel(ticket)
        if ticket.state == .waiting { services[ticket.service, default: ServiceQueue()].insert(ticket) }
    }

    mutating func remove(_ ticket: Ticket) {
        removeLabel(ticket)
        if ticket.state == .waiting { services[ticket.service]?.remove(ticket) }
    }

    /// The open ticket with this label; the newest if several carry it.
    func id(label: String) -> Int64? {
        if let key = LabelKey(label) { return labels[key] }
        return longLabels[label]
    }

    private mutating func setId(_ id: Int64?, label: String) {
        if let key = LabelKey(label) { labels[key] = id } else { longLabels[label] = id }
    }

    private mutating func addLabel(_ ticket: Ticket) {
        guard let other = id(label: ticket.label), other != ticket.id else {
            setId(ticket.id, label: ticket.label)
            return
        }
        sharedLabels[ticket.label, default: [other]].append(ticket.id)
        setId(max(other, ticket.id), label: ticket.label)
    }

    private mutating func removeLabel(_ ticket: Ticket) {
        guard var ids = sharedLabels[ticket.label] else {
            if id(label: ticket.label) == ticket.id { setId(nil, label: ticket.label) }
            return
        }
        ids.removeAll { $0 == ticket.id }
        setId(ids.max(), label: ticket.label)
        sharedLabels[ticket.label] = ids.count > 1 ? ids : nil
    }
}

/// One service's waiting tickets, each class (normal, priority, appointment) apart in order of
/// `QueueKey.at`: one constant offset per class keeps that order the policy's.
struct ServiceQueue: Sendable {
    private var normal = SortedQueue(), priority = SortedQueue(), appointment = SortedQueue()

    subscript(queueClass: QueueClass) -> SortedQueue {
        switch queueClass {
        case .normal: return normal
        case .priority: return priority
        case .appointment: return appointment
        }
    }

    /// Changes one class's queue in place (through a stored property, so its keys are not copied).
    private mutating func update(_ queueClass: QueueClass, _ change: (inout SortedQueue) -> Void) {
        switch queueClass {
        case .normal: change(&normal)
        case .priority: change(&priority)
        case .appointment: change(&appointment)
        }
    }

    var count: Int { normal.count + priority.count + appointment.count }

    mutating func insert(_ ticket: Ticket) { update(QueueClass(ticket)) { $0.insert(QueueKey(ticket)) } }

    mutating func remove(_ ticket: Ticket) { update(QueueClass(ticket)) { $0.remove(QueueKey(ticket)) } }

    fileprivate mutating func append(_ ticket: Ticket) { update(QueueClass(ticket)) { $0.keys.append(QueueKey(ticket)) } }

    fileprivate mutating func sort() {
        for queueClass in QueueClass.allCases { update(queueClass) { $0.keys.sort() } }
    }

    /// All classes merged by `at` (what `HallState.waiting(service:)` lists): for walk-ins the
    /// time they joined, for appointments their slot.
    var inQueueOrder: [QueueKey] {
        Self.merge(Self.merge(normal.elements, priority.elements), appointment.elements)
    }

    private static func merge(_ a: some RandomAccessCollection<QueueKey>, _ b: some RandomAccessCollection<QueueKey>) -> [QueueKey] {
        var merged: [QueueKey] = []
        merged.reserveCapacity(a.count + b.count)
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex || j < b.endIndex {
            if j == b.endIndex || (i < a.endIndex && a[i] < b[j]) {
                merged.append(a[i])
                i = a.index(after: i)
            } else {
                merged.append(b[j])
                j = b.index(after: j)
            }
        }
        return merged
    }
}

/// A label of up to 15 UTF-8 bytes and its length, packed into 16 bytes.
struct LabelKey: Hashable, Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init?(_ label: String) {
        let bytes = label.utf8
        guard bytes.count < 16 else { return nil }
        for (i, byte) in bytes.enumerated() {
            if i < 8 { low |= UInt64(byte) << (8 * i) } else { high |= UInt64(byte) << (8 * (i - 8)) }
        }
        high |= UInt64(bytes.count) << 56
    }
}

/// A waiting ticket's place: when it joined the queue (an appointment's: its slot), then its id.
struct QueueKey: Comparable, Sendable {
    var at: Date
    var id: Int64

    init(_ ticket: Ticket) {
        at = ticket.appointmentAt ?? ticket.queuedAt
        id = ticket.id
    }

    static func < (a: QueueKey, b: QueueKey) -> Bool { (a.at, a.id) < (b.at, b.id) }
}

/// Keys in ascending order. Tickets join almost always at the end and leave almost always at
/// the front: both cost O(1) (the front is an offset, compacted now and then); anywhere else it is
/// a binary search and a move of the keys after it.
struct SortedQueue: Sendable {
    fileprivate var keys: [QueueKey] = []
    fileprivate var head = 0

    var count: Int { keys.count - head }
    var first: QueueKey? { head < keys.count ? keys[head] : nil }
    var elements: ArraySlice<QueueKey> { keys[head...] }

    mutating func insert(_ key: QueueKey) {
        if let last = keys.last, key < last { keys.insert(key, at: position(of: key)) } else { keys.append(key) }
    }

    mutating func remove(_ key: QueueKey) {
        if first == key {
            head += 1
            // Dropping the taken front once it is half the array keeps this O(1) on average.
            if head * 2 >= keys.count {
                keys.removeFirst(head)
                head = 0
            }
            return
        }
        let i = position(of: key)
        if i < keys.count, keys[i] == key { keys.remove(at: i) }
    }

    /// How many keys come before the first one for which `isBefore` is false; `isBefore` must
    /// hold for a prefix of the keys in order (true, then false).
    func count(while isBefore: (QueueKey) -> Bool) -> Int {
        var low = head, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if isBefore(keys[mid]) { low = mid + 1 } else { high = mid }
        }
        return low - head
    }

    /// The first index from `head` on whose key is not less than `key`.
    private func position(of key: QueueKey) -> Int {
        var low = head, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
