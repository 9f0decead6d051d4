import CSDL2
import Drawing

extension OffscreenCanvas {
    /// The picture as black and white dots: a pixel is black when darker than middle grey.
    public func bitmap() -> Bitmap {
        var bitmap = Bitmap(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let c = pixel(x: x, y: y)
                bitmap[x, y] = (Int(c.r) * 299 + Int(c.g) * 587 + Int(c.b) * 114) / 1000 < 128
            }
        }
        return bitmap
    }
}
