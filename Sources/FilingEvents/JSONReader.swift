import FilingsCore

/// The project's one JSON scanner: a forward reader over JSON bytes for the events read on every
/// record (`FilingIngested.init(json:)`; the metrics service's `JSONMembers`): values are read
/// straight into the caller's fields, with no tree of values in between and strings copied in runs
/// between escapes, or skipped without being decoded.
///
/// It reads what the project's encoder and Foundation's write. Anything else (a malformed document,
/// a number that is not a plain integer where an `Int` is expected, invalid UTF-8) throws
/// `JSONReader.Unsupported`, and the caller decodes with Foundation instead, which then also reports
/// the error, or reports it itself (at `offset`).
public struct JSONReader {
    public struct Unsupported: Error {
        public init() {}
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The offset of the next byte to read.
    public var offset: Int { position }

    /// Calls `field` with each key of an object; `field` must read or `skipValue()` the key's value.
    public mutating func object(_ field: (inout JSONReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") { position += 1; return }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try field(&self, key)
            let next = try nextByte()
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw Unsupported() }
        }
    }

    /// Calls `element` for each element of an array.
    public mutating func array(_ element: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") { position += 1; return }
        while true {
            try element(&self)
            let next = try nextByte()
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw Unsupported() }
        }
    }

    /// True (and the `null` consumed) when the next value is `null`.
    public mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    public mutating func optionalString() throws -> String? { try null() ? nil : try string() }
    public mutating func optionalInteger() throws -> Int? { try null() ? nil : try integer() }
    public mutating func optionalBool() throws -> Bool? { try null() ? nil : try bool() }
    public mutating func optionalDouble() throws -> Double? { try null() ? nil : try double() }

    public mutating func bool() throws -> Bool {
        if try peek() == UInt8(ascii: "t") { try literal("true"); return true }
        try literal("false")
        return false
    }

    /// A plain integer (`-?[0-9]+`) that fits an `Int`.
    public mutating func integer() throws -> Int {
        _ = try peek()
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let firstDigit = position
        var value = 0, digits = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw Unsupported() }
            value = sum
            digits += 1
            position += 1
        }
        // A fraction or exponent, a leading zero, or no digits at all: left to Foundation.
        guard digits > 0, digits == 1 || bytes[firstDigit] != UInt8(ascii: "0"), position >= bytes.count || ![UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position])
        else { throw Unsupported() }
        return negative ? -value : value
    }

    /// A number as JSON writes it (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`), correctly rounded
    /// (`Double(String)`, as Foundation's `strtod`); one out of a `Double`'s range is `Unsupported`.
    public mutating func double() throws -> Double {
        _ = try peek()
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let wholeStart = position
        let whole = skipDigits()
        guard whole == 1 || whole > 1 && bytes[wholeStart] != UInt8(ascii: "0") else { throw Unsupported() }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw Unsupported() }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw Unsupported() }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Unsupported() }
        return value
    }

    /// Moves past a run of decimal digits; returns how many.
    private mutating func skipDigits() -> Int {
        let first = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
        return position - first
    }

    /// A string, its escapes resolved (`\uXXXX` with surrogate pairs); runs without escapes are
    /// copied whole.
    public mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        var runStart = position
        while true {
            // The next quote, backslash or control character (an error): the bytes before it are the run.
            position = JSONStringBytes.firstSpecial(in: bytes, from: position)
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text: String?
                if out.isEmpty {
                    text = String(validating: UnsafeBufferPointer(rebasing: bytes[runStart..<position]), as: UTF8.self)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    text = String(validating: out, as: UTF8.self)
                }
                position += 1
                guard let text else { throw Unsupported() }
                return text
            }
            guard byte == UInt8(ascii: "\\") else { throw Unsupported() }
            if out.isEmpty { out.reserveCapacity(bytes.count - runStart) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            position += 1
            guard position < bytes.count else { throw Unsupported() }
            let escaped = bytes[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"): try unicodeEscape(into: &out)
            default: throw Unsupported()
            }
            runStart = position
        }
        throw Unsupported()
    }

    /// Skips one value of any kind. `checked` (the default) reads its strings as `string()` does
    /// (escapes and UTF-8 checked); otherwise they are skipped by their quotes and escapes alone
    /// (`skipString()`), for values nobody reads.
    public mutating func skipValue(checked: Bool = true) throws {
        switch try peek() {
        case UInt8(ascii: "{") where !checked:  // its keys skipped too
            position += 1
            if try peek() == UInt8(ascii: "}") { position += 1; return }
            while true {
                try skipString()
                try expect(UInt8(ascii: ":"))
                try skipValue(checked: false)
                let next = try nextByte()
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw Unsupported() }
            }
        case UInt8(ascii: "{"): try object { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["): try array { reader in try reader.skipValue(checked: checked) }
        case UInt8(ascii: "\""): if checked { _ = try string() } else { try skipString() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): try literal("null")
        default:
            // A number: its characters, checked by nobody (the field is not ours).
            while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
        }
    }

    /// Skips a string without decoding it: up to its closing quote, a backslash taking the byte
    /// after it; neither its escapes nor its UTF-8 are checked.
    public mutating func skipString() throws {
        try expect(UInt8(ascii: "\""))
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""): position += 1; return
            case UInt8(ascii: "\\"): position += 2
            default: position += 1
            }
        }
        throw Unsupported()
    }

    /// Only whitespace is left.
    public mutating func end() throws {
        skipWhitespace()
        guard position == bytes.count else { throw Unsupported() }
    }

    /// `\u` and four hex digits (the `u` already read); a high surrogate must be followed by a
    /// `\u` low surrogate.
    private mutating func unicodeEscape(into out: inout [UInt8]) throws {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
            else { throw Unsupported() }
            position += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw Unsupported() }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw Unsupported() }
        out.append(contentsOf: UTF8.encode(unicode)!)
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw Unsupported() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unsupported()
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws {
        _ = try peek()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw Unsupported() }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { throw Unsupported() }
        position += count
    }

    /// Moves past whitespace (to the start of the next value or delimiter).
    public mutating func skipWhitespace() {
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
    }

    /// A byte a JSON number may hold: digits, sign, point, exponent.
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"): true
        default: false
        }
    }

    /// JSON's whitespace: space, line feed, carriage return, tab.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x0A, 0x0D, 0x09: true
        default: false
        }
    }

    /// The next byte after whitespace, not consumed (what kind of value comes next).
    public mutating func peek() throws -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw Unsupported() }
        return bytes[position]
    }

    private mutating func nextByte() throws -> UInt8 {
        let byte = try peek()
        position += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try nextByte() == byte else { throw Unsupported() }
    }
}
