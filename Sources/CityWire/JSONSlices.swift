/// The elements of one array in a JSON object, as the bytes they were sent as: so the city keeps
/// each event exactly as the hall wrote it, without encoding it again (which cost as much as
/// storing it). Only a scan of the structure, not a check of the JSON: the caller decodes the
/// same array with a real JSON decoder (`CityBatch.decode`), so what is stored is what was decoded.
/// Anything unexpected in the structure gives nil. With a key given twice, the first counts.
public enum JSONSlices {
    /// The elements of the array under `key` in the top-level object of `bytes`, and where the
    /// array is (its brackets included), or nil.
    public static func elements(of key: String, in bytes: [UInt8]) -> (elements: [ArraySlice<UInt8>], array: Range<Int>)? {
        var i = 0
        func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        /// Moves past one value: a string, an object or array (brackets balanced, strings skipped),
        /// or a literal/number up to the next delimiter.
        func skipValue() -> Bool {
            guard i < bytes.count else { return false }
            switch bytes[i] {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < bytes.count {
                    switch bytes[i] {
                    case UInt8(ascii: "\""): guard skipString() else { return false }; continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { i += 1; return true }
                    default: break
                    }
                    i += 1
                }
                return false
            default:
                while i < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
                return true
            }
        }
        func skipString() -> Bool {
            i += 1
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                if bytes[i] == UInt8(ascii: "\"") { i += 1; return true }
                i += 1
            }
            return false
        }
        let wanted = Array("\"\(key)\"".utf8)
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let start = i
            guard skipString() else { return nil }
            let name = bytes[start..<i]
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            if name.elementsEqual(wanted) {
                guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
                let open = i
                i += 1
                var out: [ArraySlice<UInt8>] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return (out, open..<i + 1) }
                while true {
                    skipSpace()
                    let begin = i
                    guard skipValue() else { return nil }
                    out.append(bytes[begin..<i])
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: "]") { return (out, open..<i + 1) }
                    guard bytes[i] == UInt8(ascii: ",") else { return nil }
                    i += 1
                }
            }
            guard skipValue() else { return nil }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }
}
