/// The bytes a JSON string cannot hold as they are: `"`, `\` and the control characters (below
/// 0x20). `JSONByteWriter.string` escapes them; `JSONReader.string` stops at them (the closing
/// quote, an escape, or an error); every other byte is copied in runs between them.
public enum JSONStringBytes {
    /// The index of the first such byte of `bytes` at or after `start`, else `bytes.count`.
    /// Eight bytes are tested at a time (strings and documents are mostly long runs without any).
    public static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while bytes.count - i >= 8 {
                let special = specialMask(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                if special != 0 { return i + special.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return i }
            i += 1
        }
        return bytes.count
    }

    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The high bit of each byte of `x` (first byte lowest) that is `"`, `\` or below 0x20. Exact
    /// per byte: no carry crosses from one byte into the next.
    @inline(__always) static func specialMask(_ x: UInt64) -> UInt64 {
        // Below 0x20: adding 0x60 to the low seven bits sets no high bit, and neither did the byte.
        let control = ~(((x & low) &+ ones &* 0x60) | x) & high
        return control | equal(x, UInt8(ascii: "\"")) | equal(x, UInt8(ascii: "\\"))
    }

    /// The high bit of each byte of `x` equal to `value`.
    @inline(__always) private static func equal(_ x: UInt64, _ value: UInt8) -> UInt64 {
        let y = x ^ (ones &* UInt64(value))
        return ~(((y & low) &+ low) | y) & high
    }
}
