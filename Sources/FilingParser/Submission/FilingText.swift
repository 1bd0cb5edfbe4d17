/// Turns a filing's bytes into text the way every path of the pipeline does: UTF-8 when the
/// bytes are valid UTF-8, else Windows-1252 (the encoding of most pre-2009 EDGAR text).
public enum FilingText {
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return windows1252(bytes)
    }

    /// `bytes` as UTF-8 (known to be valid) or as Windows-1252.
    public static func decode(_ bytes: some Collection<UInt8>, utf8: Bool) -> String {
        utf8 ? String(decoding: bytes, as: UTF8.self) : windows1252(bytes)
    }

    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { byte in
            let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        }))
    }

    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
