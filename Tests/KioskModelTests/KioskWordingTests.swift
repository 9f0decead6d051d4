import Foundation
@testable import KioskModel
import Testing

/// Issue 14's phrases on the kiosk: the formal address, the count ahead, and waits in whole
/// minutes and hours ("~1 giờ", "Không phải chờ"), in both languages.
@Suite struct KioskWordingTests {
    let vi = Text(language: .vi), en = Text(language: .en)

    @Test func waitsAreWholeMinutesAndHoursAndNoWaitSaysSo() {
        #expect(vi.estimate(20) == "Không phải chờ" && en.estimate(20) == "No wait")
        #expect(vi.estimate(25 * 60) == "~25 phút" && en.estimate(25 * 60) == "~25 min")
        #expect(vi.estimate(60 * 60) == "~1 giờ" && en.estimate(60 * 60) == "~1 h")
        #expect(vi.estimate(70 * 60) == "~1 giờ 10 phút" && en.estimate(70 * 60) == "~1 h 10 min")
        #expect(vi.estimate(nil) == "chưa mở quầy")
    }

    @Test func theCitizenIsAddressedFormally() {
        #expect(vi.ahead(7) == "Số người chờ trước: 7")
        #expect(vi.yourNumber == "Số thứ tự của Ông/Bà")
        for text in [vi.yourNumber, vi.chooseService, vi.takeTicket, vi.enterCode, vi.appointment(.early(555))] {
            #expect(!text.lowercased().contains("bạn"), "\(text)")
        }
    }
}
