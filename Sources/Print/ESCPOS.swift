import Drawing

/// ESC/POS for thermal receipt printers: the ticket goes as one raster image (GS v 0), so any
/// text, Vietnamese included, prints exactly as drawn, then the paper is fed and cut.
public enum ESCPOS {
    public static let initialize: [UInt8] = [0x1B, 0x40]            // ESC @
    public static let feedBeforeCut: [UInt8] = [0x1B, 0x64, 0x04]   // ESC d 4
    public static let partialCut: [UInt8] = [0x1D, 0x56, 0x42, 0x00] // GS V 66 0: feed to the cutter and cut
    /// Rows per GS v 0 band; small bands suit printers with little buffer.
    public static let bandRows = 128

    /// The bytes of a whole ticket: initialise, the image in bands, feed, cut.
    public static func ticket(_ image: Bitmap) -> [UInt8] {
        var out = initialize
        var top = 0
        while top < image.height {
            let rows = min(bandRows, image.height - top)
            out += raster(image, top: top, rows: rows)
            top += rows
        }
        return out + feedBeforeCut + partialCut
    }

    /// GS v 0 m xL xH yL yH d…: `rows` rows from `top`, 8 dots a byte, most significant bit left.
    static func raster(_ image: Bitmap, top: Int, rows: Int) -> [UInt8] {
        let bytesPerRow = (image.width + 7) / 8
        var out: [UInt8] = [0x1D, 0x76, 0x30, 0x00,
                            UInt8(bytesPerRow & 0xff), UInt8(bytesPerRow >> 8), UInt8(rows & 0xff), UInt8(rows >> 8)]
        out.reserveCapacity(out.count + bytesPerRow * rows)
        for y in top..<top + rows {
            for byte in 0..<bytesPerRow {
                var v: UInt8 = 0
                for bit in 0..<8 {
                    let x = byte * 8 + bit
                    if x < image.width && image[x, y] { v |= 0x80 >> bit }
                }
                out.append(v)
            }
        }
        return out
    }

    /// Reads printer bytes back into the picture they print: every GS v 0 band stacked, and
    /// whether a cut followed. Tests and `--print-to file:` checks use it.
    public static func decode(_ bytes: [UInt8]) throws -> (image: Bitmap, cut: Bool) {
        var bands: [(width: Int, rows: Int, data: ArraySlice<UInt8>)] = []
        var cut = false
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x1B where i + 1 < bytes.count && bytes[i + 1] == 0x40: i += 2
            case 0x1B where i + 2 < bytes.count && bytes[i + 1] == 0x64: i += 3
            case 0x1D where i + 3 < bytes.count && bytes[i + 1] == 0x56:
                cut = true
                i += bytes[i + 2] >= 65 ? 4 : 3
            case 0x1D where i + 7 < bytes.count && bytes[i + 1] == 0x76 && bytes[i + 2] == 0x30:
                let bytesPerRow = Int(bytes[i + 4]) | Int(bytes[i + 5]) << 8
                let rows = Int(bytes[i + 6]) | Int(bytes[i + 7]) << 8
                let end = i + 8 + bytesPerRow * rows
                guard end <= bytes.count else { throw PrintError("A raster band is cut short at byte \(i).") }
                bands.append((bytesPerRow * 8, rows, bytes[(i + 8)..<end]))
                i = end
            default:
                throw PrintError("Unknown ESC/POS byte 0x\(String(bytes[i], radix: 16)) at \(i).")
            }
        }
        guard let width = bands.first?.width, bands.allSatisfy({ $0.width == width }) else {
            throw PrintError("No raster image in the printer bytes.")
        }
        var image = Bitmap(width: width, height: bands.reduce(0) { $0 + $1.rows })
        var y = 0
        for band in bands {
            let data = Array(band.data)
            for row in 0..<band.rows {
                for x in 0..<width where data[row * width / 8 + x / 8] & (0x80 >> (x % 8)) != 0 { image[x, y + row] = true }
            }
            y += band.rows
        }
        return (image, cut)
    }
}

public struct PrintError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
