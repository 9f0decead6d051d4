import Foundation

/// Where tickets print: a USB device file, a network printer, or a file (tests, `--print-to`).
public enum PrinterAddress: Equatable, Sendable, CustomStringConvertible {
    case device(String)
    case tcp(host: String, port: Int)
    case file(String)

    /// "/dev/usb/lp0", "tcp://10.0.0.9:9100", "file:/tmp/ticket.bin".
    public init(parsing text: String) throws {
        if text.hasPrefix("file:") {
            self = .file(String(text.dropFirst(5)))
        } else if text.hasPrefix("tcp://") {
            let rest = text.dropFirst(6)
            let parts = rest.split(separator: ":")
            guard let host = parts.first, !host.isEmpty else { throw PrintError("\"\(text)\" names no host; write tcp://HOST:9100.") }
            let port = parts.count > 1 ? Int(parts[1]) : 9100
            guard let port, (1...65535).contains(port) else { throw PrintError("\"\(text)\" has no valid port; write tcp://HOST:9100.") }
            self = .tcp(host: String(host), port: port)
        } else if text.hasPrefix("/") {
            self = .device(text)
        } else {
            throw PrintError("\"\(text)\" is not a printer; use /dev/usb/lp0, tcp://HOST:9100 or file:PATH.")
        }
    }

    public var description: String {
        switch self {
        case .device(let p): return p
        case .tcp(let h, let p): return "tcp://\(h):\(p)"
        case .file(let p): return "file:\(p)"
        }
    }
}

/// Why a ticket could not print, in words for the screen (Vietnamese · English).
public enum PrinterProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case noPaper
    case coverOpen
    case offline
    case missing(String)
    case failed(String)

    public var description: String {
        switch self {
        case .noPaper: return "Máy in hết giấy · Printer out of paper"
        case .coverOpen: return "Nắp máy in đang mở · Printer cover open"
        case .offline: return "Máy in không sẵn sàng · Printer offline"
        case .missing(let what): return "Không thấy máy in · Printer not found (\(what))"
        case .failed(let why): return "Máy in lỗi · Printer error (\(why))"
        }
    }
}

/// What a printer's status read said.
public struct PrinterReading: Equatable, Sendable {
    /// What stops it printing; nil when it prints.
    public var problem: PrinterProblem?
    /// The roll is near its end.
    public var paperLow = false

    public init(problem: PrinterProblem? = nil, paperLow: Bool = false) {
        self.problem = problem
        self.paperLow = paperLow
    }
}

/// An ESC/POS printer: reads its status where it answers (DLE EOT), and prints raw bytes.
public struct Printer: Sendable {
    public let address: PrinterAddress
    public static let timeout: TimeInterval = 2

    public init(_ address: PrinterAddress) { self.address = address }

    /// The printer's status: what stops it printing, and whether its paper roll is near its end
    /// (it still prints; someone should bring a roll).
    public func reading() -> PrinterReading {
        switch address {
        case .file: return PrinterReading()
        case .device, .tcp:
            do {
                let fd = try open()
                defer { close(fd) }
                return Self.askStatus(fd)
            } catch let problem as PrinterProblem {
                return PrinterReading(problem: problem)
            } catch {
                return PrinterReading(problem: .failed("\(error)"))
            }
        }
    }

    /// Sends the bytes; throws the problem a person can fix.
    public func print(_ bytes: [UInt8]) throws {
        if case .file(let path) = address {
            guard let handle = FileHandle(forWritingAtPath: path) ?? create(path) else {
                throw PrinterProblem.missing(path)
            }
            defer { try? handle.close() }
            handle.seekToEndOfFile()
            handle.write(Data(bytes))
            return
        }
        let fd = try open()
        defer { close(fd) }
        if let problem = Self.askStatus(fd).problem { throw problem }
        // A printer that stops taking data (paper out mid-ticket) must not hold us forever.
        let deadline = Date() + Self.timeout * 5
        var sent = 0
        while sent < bytes.count {
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let left = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard left > 0, poll(&p, 1, left) == 1 else { throw PrinterProblem.offline }
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard n > 0 else { throw PrinterProblem.failed(String(cString: strerror(errno))) }
            sent += n
        }
    }

    private func create(_ path: String) -> FileHandle? {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        return FileHandle(forWritingAtPath: path)
    }

    private func open() throws -> Int32 {
        switch address {
        case .device(let path):
            let fd = Foundation.open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else {
                throw errno == ENOENT || errno == ENODEV ? PrinterProblem.missing(path) : PrinterProblem.failed("\(path): \(String(cString: strerror(errno)))")
            }
            return fd
        case .tcp(let host, let port):
            return try Self.connect(host: host, port: port)
        case .file:
            throw PrinterProblem.failed("a file has no connection")
        }
    }

    static func connect(host: String, port: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw PrinterProblem.missing("tcp://\(host):\(port)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, 0)
        guard fd >= 0 else { throw PrinterProblem.failed("no socket") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard Foundation.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            close(fd)
            throw PrinterProblem.offline
        }
        return fd
    }

    /// DLE EOT 4 (paper sensor) then DLE EOT 2 (offline causes). A printer that does not answer
    /// within 300 ms is taken as ready: many USB printers never answer.
    static func askStatus(_ fd: Int32) -> PrinterReading {
        func ask(_ n: UInt8) -> UInt8? {
            let q: [UInt8] = [0x10, 0x04, n]
            guard q.withUnsafeBytes({ write(fd, $0.baseAddress, 3) }) == 3 else { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 300) == 1 else { return nil }
            var byte: UInt8 = 0
            return read(fd, &byte, 1) == 1 ? byte : nil
        }
        // DLE EOT 4, the paper roll sensor: 0x60 out of paper, 0x0C near its end.
        let paper = ask(4)
        if let paper, paper & 0x60 != 0 { return PrinterReading(problem: .noPaper) }
        if let offline = ask(2), offline & 0x04 != 0 { return PrinterReading(problem: .coverOpen) }
        return PrinterReading(paperLow: (paper ?? 0) & 0x0C != 0)
    }
}
