import Foundation

/// The two-tone chime before every announcement, made as samples (no sound file to ship).
public enum Chime {
    /// 16-bit mono samples at `rate`: a falling major third with soft attack and decay.
    public static func samples(rate: Int = 22_050) -> [Int16] {
        var out: [Int16] = []
        for (frequency, seconds) in [(880.0, 0.35), (698.5, 0.55)] {
            let n = Int(Double(rate) * seconds)
            for i in 0..<n {
                let t = Double(i) / Double(rate)
                let envelope = min(1, t / 0.01) * exp(-3 * t / seconds)
                let v = sin(2 * .pi * frequency * t) * 0.45 + sin(4 * .pi * frequency * t) * 0.1
                out.append(Int16(max(-1, min(1, v * envelope)) * 30_000))
            }
        }
        out += [Int16](repeating: 0, count: rate / 10)
        return out
    }
}
