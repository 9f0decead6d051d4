import Drawing
import Foundation
import Print
import QueueTestSupport
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
        guard case .missing? = printer.reading().problem else { Issue.record("expected a missing printer"); return }
        #expect(throws: PrinterProblem.self) { try printer.print([0x1B, 0x40]) }
    }

    @Test func aNetworkPrinterOutOfPaperIsReportedAndNothingIsSent() throws {
        let fake = try FakeNetworkPrinter(paper: FakeNetworkPrinter.outOfPaper)
        let printer = Printer(.tcp(host: "127.0.0.1", port: fake.port))
        #expect(printer.reading().problem == .noPaper)
        #expect(throws: PrinterProblem.noPaper) { try printer.print(ESCPOS.ticket(Bitmap(width: 8, height: 8))) }
    }

    @Test func aNetworkPrinterWithPaperGetsTheBytes() throws {
        let fake = try FakeNetworkPrinter()
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
