#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Small byte-level helpers. Filings are handled as UTF-8 bytes: the structure we look at
// (tags, column positions) is ASCII, and byte scanning keeps large submissions fast.

enum ASCII {
    static let newline: UInt8 = 10
    static let cr: UInt8 = 13
    static let tab: UInt8 = 9
    static let space: UInt8 = 32
    static let lt: UInt8 = 60
    static let dollar: UInt8 = 36
    static let comma: UInt8 = 44
    static let period: UInt8 = 46
    static let minus: UInt8 = 45
    static let lparen: UInt8 = 40
    static let rparen: UInt8 = 41
    static let percent: UInt8 = 37
    static let colon: UInt8 = 58

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab || b == cr || b == 12 || b == 11 }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b + 32 : b }
}

/// Byte tests on eight bytes at once, loaded as one integer: each leaves bit 7 of every byte set
/// where the test holds and all other bits clear. No carry crosses bytes: every sum stays below 256.
enum EightBytes {
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Bytes below `limit` (at most 128).
    @inline(__always) static func below(_ x: UInt64, _ limit: UInt8) -> UInt64 {
        ~(((x & low) &+ ones &* UInt64(128 - limit)) | x) & high
    }

    /// Bytes equal to `value`.
    @inline(__always) static func equal(_ x: UInt64, _ value: UInt8) -> UInt64 {
        let y = x ^ (ones &* UInt64(value))
        return ~(((y & low) &+ low) | y) & high
    }
}

/// Substring search over raw bytes: the one implementation behind `find`, `findCaseInsensitive`
/// and `utf8Offset`.
enum ByteSearch {
    /// Offset of the first occurrence of `needle` in `hay`; memchr skips to each candidate first byte.
    static func first(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count
        guard n > 0, hay.count >= n, let base = hay.baseAddress else { return nil }
        let last = hay.count - n
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i, Int32(needle[0]), last - i + 1) else { return nil }
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var j = 1
            while j < n && hay[i + j] == needle[j] { j += 1 }
            if j == n { return i }
            i += 1
        }
        return nil
    }

    /// Offset of the first `byte` in `hay` at or after `from` (memchr).
    static func first(_ byte: UInt8, in hay: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard from < hay.count, let base = hay.baseAddress, let hit = memchr(base + from, Int32(byte), hay.count - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Offset of the first occurrence of `needle` (given in lower case) in `hay`, ignoring ASCII case.
    static func firstIgnoringCase(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count
        guard n > 0, hay.count >= n else { return nil }
        let first = needle[0]
        // A lower-case letter matches either case: setting bit 5 folds the upper case onto it.
        let fold: UInt8 = ASCII.isLower(first) ? 0x20 : 0
        for i in 0...(hay.count - n) where hay[i] | fold == first && ASCII.lower(hay[i]) == first {
            var j = 1
            while j < n && ASCII.lower(hay[i + j]) == needle[j] { j += 1 }
            if j == n { return i }
        }
        return nil
    }
}

/// A list of phrases searched for together: one pass over the text tries, at each byte, only the
/// phrases that start with it (instead of one pass over the text per phrase).
struct PhraseList {
    /// `phrases` by their first byte.
    private let byFirstByte: [[[UInt8]]]
    /// By byte: whether a phrase starts with it (most bytes of a text are passed over on this test).
    private let startsPhrase: [Bool]

    init(_ phrases: [[UInt8]]) {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for p in phrases where !p.isEmpty { buckets[Int(p[0])].append(p) }
        byFirstByte = buckets
        startsPhrase = buckets.map { !$0.isEmpty }
    }

    /// Whether some occurrence of a phrase in `text` satisfies `accept` (given its range).
    func contains(in text: [UInt8], where accept: (Range<Int>) -> Bool) -> Bool {
        text.withUnsafeBufferPointer { t in
            for i in 0..<t.count where startsPhrase[Int(t[i])] {
                for phrase in byFirstByte[Int(t[i])] where t.hasPrefix(phrase, at: i) {
                    if accept(i..<(i + phrase.count)) { return true }
                }
            }
            return false
        }
    }
}

extension Array where Element == UInt8 {
    /// Index of the first occurrence of `needle` in `self[from..<to]`.
    func find(_ needle: [UInt8], from: Int = 0, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard from >= 0, from <= end else { return nil }
        return self[from..<end].find(needle)
    }

    /// Index of the first occurrence of `needle` (given in lower case) in `self[from..<to]`, ignoring ASCII case.
    func findCaseInsensitive(_ needle: [UInt8], from: Int = 0, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard from >= 0, from <= end else { return nil }
        return self[from..<end].findCaseInsensitive(needle)
    }

    /// End of the line containing `i` (index of the newline, or `count`).
    func lineEnd(from i: Int) -> Int {
        guard i < count else { return count }
        return withUnsafeBufferPointer { p in
            guard let base = p.baseAddress, let hit = memchr(base + i, Int32(ASCII.newline), count - i) else { return count }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Index of the first occurrence of `needle`.
    func find(_ needle: [UInt8]) -> Int? {
        withUnsafeBufferPointer { hay in needle.withUnsafeBufferPointer { ByteSearch.first($0, in: hay) } }.map { startIndex + $0 }
    }

    /// Index of the first occurrence of `needle` (given in lower case) ignoring ASCII case.
    func findCaseInsensitive(_ needle: [UInt8]) -> Int? {
        withUnsafeBufferPointer { hay in needle.withUnsafeBufferPointer { ByteSearch.firstIgnoringCase($0, in: hay) } }.map { startIndex + $0 }
    }
}

extension Collection where Element == UInt8 {
    /// True when the bytes start with `prefix` (given in lower case), ignoring ASCII case.
    func hasPrefixIgnoringCase(_ prefix: [UInt8]) -> Bool {
        var k = 0
        for c in self {
            if k == prefix.count { return true }
            if ASCII.lower(c) != prefix[k] { return false }
            k += 1
        }
        return k == prefix.count
    }
}

extension RandomAccessCollection where Element == UInt8, Index == Int {
    /// True when `needle` occurs at index `i`.
    @inline(__always) func hasPrefix(_ needle: [UInt8], at i: Int) -> Bool {
        guard i >= startIndex, endIndex - i >= needle.count else { return false }
        var j = 0
        while j < needle.count {
            if self[i + j] != needle[j] { return false }
            j += 1
        }
        return true
    }

    /// True when `needle` (given in lower case) occurs at index `i`, ignoring ASCII case.
    @inline(__always) func hasPrefixIgnoringCase(_ needle: [UInt8], at i: Int) -> Bool {
        guard i >= startIndex, endIndex - i >= needle.count else { return false }
        var j = 0
        while j < needle.count {
            if ASCII.lower(self[i + j]) != needle[j] { return false }
            j += 1
        }
        return true
    }
}

extension StringProtocol {
    var bytes: [UInt8] { Array(utf8) }
}

/// Character classes of UTF-8 text read as bytes: ASCII directly, other scalars decoded.
enum UTF8Text {
    /// Bytes of the UTF-8 sequence starting at `i` (1 for ASCII and for stray bytes).
    @inline(__always) static func scalarLength<C: RandomAccessCollection>(_ b: C, at i: Int) -> Int
    where C.Element == UInt8, C.Index == Int {
        let lead = b[i]
        let n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return i + n <= b.endIndex ? n : 1
    }

    static func scalar<C: RandomAccessCollection>(_ b: C, at i: Int) -> Unicode.Scalar? where C.Element == UInt8, C.Index == Int {
        String(decoding: b[i..<(i + scalarLength(b, at: i))], as: UTF8.self).unicodeScalars.first
    }

    @inline(__always) static func isLetter<C: RandomAccessCollection>(_ b: C, at i: Int) -> Bool
    where C.Element == UInt8, C.Index == Int {
        b[i] < 0x80 ? ASCII.isLetter(b[i]) : scalar(b, at: i)?.properties.isAlphabetic ?? false
    }

    @inline(__always) static func isNumber<C: RandomAccessCollection>(_ b: C, at i: Int) -> Bool
    where C.Element == UInt8, C.Index == Int {
        b[i] < 0x80 ? ASCII.isDigit(b[i]) : scalar(b, at: i)?.properties.numericType != nil
    }
}

/// Whether all bytes are ASCII (below 0x80), eight at a time.
func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = b.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while b.count - i >= 8 {
        if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
        i += 8
    }
    while i < b.count {
        if b[i] >= 0x80 { return false }
        i += 1
    }
    return true
}

/// Decodes bytes as UTF-8, replacing invalid sequences.
@inline(__always) func stringFrom<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    String(decoding: bytes, as: UTF8.self)
}

/// Collapses runs of whitespace to single spaces and trims the ends.
func collapseSpaces(_ s: String) -> String {
    var s = s
    let collapsed = s.withUTF8 { isCollapsed($0) }
    return collapsed ? s : s.withUTF8 { collapseSpaces($0) }
}

/// No whitespace at either end, and none inside but single ASCII spaces.
private func isCollapsed(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
    var previousIsSpace = true
    for i in 0..<u.count {
        let b = u[i]
        if b == ASCII.space {
            if previousIsSpace { return false }
            previousIsSpace = true
        } else {
            if (b < 0x80 && b >= 9 && b <= 13) || (b >= 0x80 && whitespaceLength(u, at: i) > 0) { return false }
            previousIsSpace = false
        }
    }
    return !previousIsSpace || u.isEmpty
}

/// UTF-8 bytes as a string with runs of whitespace collapsed to single spaces and the ends trimmed.
func collapseSpaces(_ u: UnsafeBufferPointer<UInt8>) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: u.count) { out in
        var n = 0
        var pendingSpace = false
        var i = 0
        while i < u.count {
            let w = whitespaceLength(u, at: i)
            if w > 0 {
                pendingSpace = n > 0
                i += w
                continue
            }
            if pendingSpace { out[n] = ASCII.space; n += 1 }
            out[n] = u[i]
            n += 1
            pendingSpace = false
            i += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
    }
}

/// Length in bytes of the Unicode whitespace character starting at `u[i]`, or 0 when there is none.
@inline(__always) func whitespaceLength<C: RandomAccessCollection>(_ u: C, at i: Int) -> Int where C.Element == UInt8, C.Index == Int {
    let b = u[i]
    if b < 0x80 { return b == ASCII.space || (b >= 9 && b <= 13) ? 1 : 0 }
    if b == 0xC2, i + 1 < u.count, u[i + 1] == 0x85 || u[i + 1] == 0xA0 { return 2 }
    guard i + 2 < u.count else { return 0 }
    let (b1, b2) = (u[i + 1], u[i + 2])
    switch b {
    case 0xE1: return b1 == 0x9A && b2 == 0x80 ? 3 : 0  // U+1680
    case 0xE2:
        if b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { return 3 }  // U+2000-200A, 2028, 2029, 202F
        return b1 == 0x81 && b2 == 0x9F ? 3 : 0  // U+205F
    case 0xE3: return b1 == 0x80 && b2 == 0x80 ? 3 : 0  // U+3000
    default: return 0
    }
}

extension String {
    /// The pieces between runs of `separators` (ASCII characters), as `split(whereSeparator:)` on
    /// characters gives them. ASCII text without carriage returns (where every character is one
    /// byte) is split on its bytes.
    func words(separatedBy separators: String) -> [String] {
        var text = self
        return text.withUTF8 { u -> [String] in
            guard isASCII(u), !u.contains(ASCII.cr) else { return split(whereSeparator: { separators.contains($0) }).map(String.init) }
            let separatorBytes = Array(separators.utf8)
            var out: [String] = []
            var start = 0
            for i in 0...u.count where i == u.count || separatorBytes.contains(u[i]) {
                if i > start { out.append(stringFrom(UnsafeBufferPointer(rebasing: u[start..<i]))) }
                start = i + 1
            }
            return out
        }
    }

    /// Byte offset of the first occurrence of `needle` (a plain UTF-8 search; Foundation's
    /// `contains` / `range(of:)` go through NSString and are slow on Linux).
    func utf8Offset(of needle: String) -> Int? {
        var hay = self
        var nd = needle
        return hay.withUTF8 { h in nd.withUTF8 { n in n.isEmpty ? 0 : ByteSearch.first(n, in: h) } }
    }

    /// Byte offset of the last occurrence of `needle`.
    func utf8LastOffset(of needle: String) -> Int? {
        var hay = self
        var nd = needle
        return hay.withUTF8 { h -> Int? in
            nd.withUTF8 { n -> Int? in
                guard !n.isEmpty, n.count <= h.count else { return nil }
                var i = h.count - n.count
                while i >= 0 {
                    var j = 0
                    while j < n.count && h[i + j] == n[j] { j += 1 }
                    if j == n.count { return i }
                    i -= 1
                }
                return nil
            }
        }
    }

    /// True when `needle` occurs in the string.
    func has(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }

    /// The pieces between occurrences of `separator` (the whole string when it does not occur).
    func parts(separatedBy separator: String) -> [String] {
        var out: [String] = []
        var rest = self
        while let o = rest.utf8Offset(of: separator) {
            out.append(String(decoding: rest.utf8.prefix(o), as: UTF8.self))
            rest = String(decoding: rest.utf8.dropFirst(o + separator.utf8.count), as: UTF8.self)
        }
        out.append(rest)
        return out
    }
}

/// `bytes` without leading and trailing spaces and tabs, as a string.
private func trimmedSpaces<C: BidirectionalCollection>(_ u: C) -> String where C.Element == UInt8 {
    guard let s = u.firstIndex(where: { $0 != 32 && $0 != 9 }) else { return "" }
    let e = u.lastIndex(where: { $0 != 32 && $0 != 9 }) ?? s
    return String(decoding: u[s...e], as: UTF8.self)
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String { trimmedSpaces(utf8) }
}

extension Substring {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String { trimmedSpaces(utf8) }
}
