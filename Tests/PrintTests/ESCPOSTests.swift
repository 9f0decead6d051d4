import Drawing
import Foundation
import NIOConcurrencyHelpers
import Print
import Testing

@Suite struct ESCPOSTests {
    @Test func aRasterSurvivesEncodingAndDecodingInBands() throws {
        var generator = SystemRandomNumberGenerator()
        var image = Bitmap(width: 576, height: 300)
        for i in image.dots.indices { image.dots[i] = Bool.random(using: &generator) }
        let bytes = ESCPOS.ticket(image)
        #expect(Array(bytes.prefix(2)) == ESCPOS.initialize)
        #expect(Array(bytes.suffix(4)) == ESCPOS.partialCut)
        let (decoded, cut) = try ESCPOS.decode(bytes)
        #expect(cut)
        #expect(decoded == image)
        // 300 rows in bands of 128: three GS v 0 commands.
        let bands = (0..<bytes.count - 2).filter { bytes[$0] == 0x1D && bytes[$0 + 1] == 0x76 && bytes[$0 + 2] == 0x30 }.count
        #expect(bands >= 3)
    }

    @Test func aWidthThatIsNotAMultipleOfEightIsPadded() throws {
        var image = Bitmap(width: 13, height: 2)
        image[12, 1] = true
        let (decoded, _) = try ESCPOS.decode(ESCPOS.ticket(image))
        #expect(decoded.width == 16 && decoded[12, 1] && decoded.blackCount == 1)
    }

    @Test func garbageIsRefusedWithAReason() {
        #expect(throws: PrintError.self) { try ESCPOS.decode([0x1D, 0x76, 0x30, 0, 10, 0, 10, 0, 1, 2]) }
        #expect(throws: PrintError.self) { try ESCPOS.decode([0x42]) }
    }

    @Test func aQRCodeHasItsFinderPatterns() throws {
        let qr = try #require(QRCode.encode("HALLQUEUE:1;2026-11-30;A023;123"))
        #expect(qr.width == qr.height && qr.width >= 21 + 8)
        // Top-left finder: a 7×7 dark ring from the quiet zone's corner.
        for i in 0..<7 { #expect(qr[4 + i, 4] && qr[4, 4 + i] && qr[4 + i, 10] && qr[10, 4 + i]) }
        #expect(!qr[5, 5])
    }

    @Test func printerAddressesAreReadAsPeopleWriteThem() throws {
        #expect(try PrinterAddress(parsing: "/dev/usb/lp0") == .device("/dev/usb/lp0"))
        #expect(try PrinterAddress(parsing: "tcp://10.0.0.9:9100") == .tcp(host: "10.0.0.9", port: 9100))
        #expect(try PrinterAddress(parsing: "tcp://printer") == .tcp(host: "printer", port: 9100))
        #expect(try PrinterAddress(parsing: "file:/tmp/x.bin") == .file("/tmp/x.bin"))
        #expect(throws: PrintError.self) { try PrinterAddress(parsing: "lp0") }
    }

    @Test func aMissingUSBPrinterSaysSo() {
        let printer = Printer(.device("/dev/usb/lp-missing-\(UUID().uuidString)"))
        guard case .missing? = printer.status() else { Issue.record("expected a missing printer"); return }
        #expect(throws: PrinterProblem.self) { try printer.print([0x1B, 0x40]) }
    }

    @Test func aNetworkPrinterOutOfPaperIsReportedAndNothingIsSent() throws {
        let fake = try FakeNetworkPrinter(paperOut: true)
        let printer = Printer(.tcp(host: "127.0.0.1", port: fake.port))
        #expect(printer.status() == .noPaper)
        #expect(throws: PrinterProblem.noPaper) { try printer.print(ESCPOS.ticket(Bitmap(width: 8, height: 8))) }
    }

    @Test func aNetworkPrinterWithPaperGetsTheBytes() throws {
        let fake = try FakeNetworkPrinter(paperOut: false)
        let printer = Printer(.tcp(host: "127.0.0.1", port: fake.port))
        var image = Bitmap(width: 16, height: 4)
        image[3, 2] = true
        try printer.print(ESCPOS.ticket(image))
        let received = fake.received()
        // Status questions first (DLE EOT), then the ticket.
        let ticket = Array(received.drop { $0 != 0x1B })
        #expect(try ESCPOS.decode(ticket).image == image)
    }
}

/// A network printer on 127.0.0.1 that answers DLE EOT status and records what it is sent.
final class FakeNetworkPrinter: Sendable {
    let port: Int
    private let fd: Int32
    private let bytes = NIOLockedValueBox<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)

    init(paperOut: Bool) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(listener, 4)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) } }
        fd = listener
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread.detachNewThread { [self] in
            for _ in 0..<4 {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                var history: [UInt8] = []
                while true {
                    let n = recv(client, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    history += buffer[0..<n]
                    bytes.withLockedValue { $0 += buffer[0..<n] }
                    // Answer each DLE EOT n: paper sensor (4) or offline cause (2).
                    while let i = history.firstIndex(of: 0x10), i + 2 < history.count, history[i + 1] == 0x04 {
                        let answer: UInt8 = history[i + 2] == 4 && paperOut ? 0x72 : 0x12
                        _ = [answer].withUnsafeBytes { send(client, $0.baseAddress, 1, 0) }
                        history.removeSubrange(0...(i + 2))
                    }
                }
                close(client)
                done.signal()
            }
        }
    }

    func received() -> [UInt8] {
        _ = done.wait(timeout: .now() + 2)
        return bytes.withLockedValue { $0 }
    }

    deinit { close(fd) }
}
