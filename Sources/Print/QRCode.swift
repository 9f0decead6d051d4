import CQRencode
import Drawing

/// QR codes from libqrencode (Debian's libqrencode-dev).
public enum QRCode {
    /// The modules of `text` as a bitmap with a 4-module quiet zone, error correction M.
    public static func encode(_ text: String) -> Bitmap? {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let n = Int(code.pointee.width), quiet = 4
        var bitmap = Bitmap(width: n + 2 * quiet, height: n + 2 * quiet)
        for y in 0..<n {
            for x in 0..<n where code.pointee.data[y * n + x] & 1 == 1 {
                bitmap[x + quiet, y + quiet] = true
            }
        }
        return bitmap
    }
}
