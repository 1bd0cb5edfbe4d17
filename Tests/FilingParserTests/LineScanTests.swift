import Testing
import FilingVariants
@testable import FilingParser

/// The eight-bytes-at-a-time line scan against a plain byte-by-byte reading of the same rules.
@Suite("Line scan")
struct LineScanTests {
    /// The rules, one byte at a time: expansion when a byte is below 32 or four dots follow each
    /// other; a year-like number when the first four digits of a run start with 19 or 20; tags
    /// when a "<" occurs. A date with a two-digit year counts as a year: two places where a digit
    /// follows a "/" or "-" that follows a digit ("6/30/03"), or digit, "-", three letters, "-",
    /// digit ("30-Jun-03").
    static func reference(_ b: [UInt8]) -> (plain: Bool, year: Bool, tags: Bool) {
        var plain = true, year = false, tags = false
        var dots = 0, digits = 0, dateJoints = 0
        func digit(_ k: Int) -> Bool { b[k] >= 48 && b[k] <= 57 }
        func letter(_ k: Int) -> Bool { (b[k] | 0x20) >= 97 && (b[k] | 0x20) <= 122 }
        for (i, c) in b.enumerated() {
            if c < 32 { plain = false }
            dots = c == 46 ? dots + 1 : 0
            if dots >= 4 { plain = false }
            digits = c >= 48 && c <= 57 ? digits + 1 : 0
            if digits == 4 && ((b[i - 3] == 49 && b[i - 2] == 57) || (b[i - 3] == 50 && b[i - 2] == 48)) { year = true }
            if c == 60 { tags = true }
            // A date with a two-digit year: two digit-slash-digit joints ("6/30/03"), or "30-Jun-03".
            if digits == 1 && i >= 2 && (b[i - 1] == 47 || b[i - 1] == 45) && digit(i - 2) { dateJoints += 1 }
            if dateJoints >= 2 { year = true }
            if c == 45 && i >= 1 && i + 5 < b.count && digit(i - 1) && letter(i + 1) && letter(i + 2) && letter(i + 3)
                && b[i + 4] == 45 && digit(i + 5) { year = true }
        }
        return (plain, year, tags)
    }

    @Test("every byte value in every position of an eight-byte word")
    func eachByteValue() {
        for v in 0...255 {
            for position in 0..<12 {
                var b = [UInt8](repeating: UInt8(ascii: "a"), count: 12)
                b[position] = UInt8(v)
                let traits = b.withUnsafeBufferPointer { RawLineTraits($0) }
                let expected = Self.reference(b)
                #expect(traits.isPlain == expected.plain && traits.hasTags == expected.tags, "byte \(v) at \(position)")
            }
        }
    }

    @Test("random lines of digits, dots, tags and control bytes")
    func randomLines() {
        var rng = SeededRandom(seed: 0x5eed)
        let alphabet = Array("0123456789192000....<< \t\u{1}aZ$,-".utf8)
        for _ in 0..<20_000 {
            let count = Int(rng.next() % 40)
            let b = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let traits = b.withUnsafeBufferPointer { RawLineTraits($0) }
            let expected = Self.reference(b)
            #expect(traits.isPlain == expected.plain, "plain: \(b)")
            #expect(traits.mayHaveYear == expected.year, "year: \(b)")
            #expect(traits.hasTags == expected.tags, "tags: \(b)")
        }
    }
}
