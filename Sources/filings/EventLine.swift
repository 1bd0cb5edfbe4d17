import Foundation
import KafkaKit

/// The JSON line `filings subscribe` prints for a record, written directly from the record's bytes:
/// byte for byte what `JSONSerialization` (sorted keys, unescaped slashes) writes for the record's
/// attributes and its data read as JSON (`Subscribe.foundationLine`, which `SubscribeLineTests`
/// compares it with).
///
/// `JSONSerialization` built a tree of Foundation objects for every record and sorted every
/// object's keys with a locale-aware comparison: about 6 ms of CPU per metric event. Here the
/// data is copied through with its strings re-escaped and its numbers re-written the way
/// `JSONSerialization` writes them, and each distinct key list is sorted once. Anything this
/// writer is not sure to write the same way (a number in exponent form, a `\u` escape outside
/// ASCII, a key twice, data that is not JSON) makes it return nil, and the caller writes the line
/// with `JSONSerialization`.
struct EventLine {
    /// Key lists (in the order read) and the order `JSONSerialization` writes them in.
    private var orders: [[String]: [Int]] = [:]

    /// The line, or nil when `JSONSerialization` must write it.
    mutating func json(_ message: KafkaMessage) -> String? {
        var entries: [String: [UInt8]] = [:]
        func add(_ key: String, _ value: [UInt8]) { entries[key] = value }
        add("topic", Self.quoted(message.topic))
        add("partition", Array(String(Int(message.partition)).utf8))
        add("offset", Array(String(Int(message.offset)).utf8))
        if let key = message.keyString { add("key", Self.quoted(key)) }
        if let timestamp = message.timestampMillis { add("timestamp", Array(String(Int(timestamp)).utf8)) }
        for header in message.headers {
            guard let value = header.stringValue else { continue }
            if header.name.hasPrefix("ce_") { add(String(header.name.dropFirst(3)), Self.quoted(value)) }
            else if header.name == "content-type" { add("datacontenttype", Self.quoted(value)) }
            else if header.name.hasPrefix("dlq-") { add(header.name, Self.quoted(value)) }
        }
        var data: [UInt8] = []
        data.reserveCapacity(message.value.count + message.value.count / 8)
        guard transcode(message.value, into: &data) else { return nil }
        add("data", data)
        let keys = Array(entries.keys)
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(data.count + 512)
        for (n, index) in order(keys).enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Self.quoted(keys[index]))
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: entries[keys[index]]!)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Positions of `keys` in the order `JSONSerialization` writes an object's keys
    /// (`NSString.compare` with `.numeric, .caseInsensitive, .forcedOrdering` in the system locale).
    private mutating func order(_ keys: [String]) -> [Int] {
        if let known = orders[keys] { return known }
        let locale = NSLocale.system as Locale
        let sorted = keys.indices.sorted { a, b in
            keys[a].compare(keys[b], options: [.numeric, .caseInsensitive, .forcedOrdering], range: keys[a].startIndex..<keys[a].endIndex,
                            locale: locale) == .orderedAscending
        }
        if orders.count < 10_000 { orders[keys] = sorted }
        return sorted
    }

    /// `json` (a whole JSON value) as `JSONSerialization` writes it back; false when this writer
    /// cannot promise the same bytes.
    private mutating func transcode(_ json: [UInt8], into out: inout [UInt8]) -> Bool {
        json.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            reader.skipWhitespace()
            guard (try? value(&reader, into: &out, depth: 0)) != nil else { return false }
            reader.skipWhitespace()
            return reader.position == buffer.count
        }
    }

    private struct Unsure: Error {}

    private mutating func value(_ reader: inout Reader, into out: inout [UInt8], depth: Int) throws {
        guard depth < 100, let byte = reader.peek else { throw Unsure() }
        switch byte {
        case UInt8(ascii: "{"):
            reader.position += 1
            var keys: [String] = [], values: [[UInt8]] = []
            reader.skipWhitespace()
            if reader.peek == UInt8(ascii: "}") { reader.position += 1 } else {
                while true {
                    reader.skipWhitespace()
                    keys.append(try reader.string())
                    reader.skipWhitespace()
                    try reader.expect(UInt8(ascii: ":"))
                    reader.skipWhitespace()
                    var member: [UInt8] = []
                    try value(&reader, into: &member, depth: depth + 1)
                    values.append(member)
                    reader.skipWhitespace()
                    if reader.peek == UInt8(ascii: ",") { reader.position += 1; continue }
                    try reader.expect(UInt8(ascii: "}"))
                    break
                }
            }
            guard Set(keys).count == keys.count else { throw Unsure() }
            out.append(UInt8(ascii: "{"))
            for (n, index) in order(keys).enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                Self.escape(keys[index], into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: values[index])
            }
            out.append(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            reader.position += 1
            out.append(UInt8(ascii: "["))
            reader.skipWhitespace()
            if reader.peek == UInt8(ascii: "]") { reader.position += 1 } else {
                var first = true
                while true {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    reader.skipWhitespace()
                    try value(&reader, into: &out, depth: depth + 1)
                    reader.skipWhitespace()
                    if reader.peek == UInt8(ascii: ",") { reader.position += 1; continue }
                    try reader.expect(UInt8(ascii: "]"))
                    break
                }
            }
            out.append(UInt8(ascii: "]"))
        case UInt8(ascii: "\""):
            Self.escape(try reader.string(), into: &out)
        case UInt8(ascii: "t"): try reader.literal("true"); out.append(contentsOf: "true".utf8)
        case UInt8(ascii: "f"): try reader.literal("false"); out.append(contentsOf: "false".utf8)
        case UInt8(ascii: "n"): try reader.literal("null"); out.append(contentsOf: "null".utf8)
        default:
            out.append(contentsOf: try reader.number())
        }
    }

    /// `text` quoted the way `JSONSerialization` writes a string with unescaped slashes.
    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        escape(text, into: &out)
        return out
    }

    static func escape(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A strict JSON reader over UTF-8 bytes.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            guard peek == byte else { throw Unsure() }
            position += 1
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count,
                  UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[position..<(position + count)])
            else { throw Unsure() }
            position += count
        }

        /// A string's value; only ASCII `\u` escapes (others may be surrogates, which need care).
        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            var text: [UInt8] = []
            var runStart = position
            while true {
                guard let byte = peek else { throw Unsure() }
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { throw Unsure() }
                if byte != UInt8(ascii: "\\") { position += 1; continue }
                text.append(contentsOf: bytes[runStart..<position])
                position += 1
                guard let escaped = peek else { throw Unsure() }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count, let value = UInt8(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16),
                          value > 0, value < 0x80 else { throw Unsure() }
                    text.append(value)
                    position += 4
                default: throw Unsure()
                }
                runStart = position
            }
            text.append(contentsOf: bytes[runStart..<position])
            position += 1
            guard let string = String(validating: text, as: UTF8.self) else { throw Unsure() }
            return string
        }

        /// A number as `JSONSerialization` writes it back: an integer (within Int64) as its digits;
        /// a fraction as its shortest decimal form (no trailing `.0`) when that has no exponent.
        mutating func number() throws -> [UInt8] {
            let start = position
            if peek == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while let byte = peek, (0x30...0x39).contains(byte) { position += 1 }
            let integerDigits = position - digitsStart
            guard integerDigits > 0, integerDigits == 1 || bytes[digitsStart] != 0x30 else { throw Unsure() }
            var isInteger = true
            if peek == UInt8(ascii: ".") {
                isInteger = false
                position += 1
                let fractionStart = position
                while let byte = peek, (0x30...0x39).contains(byte) { position += 1 }
                guard position > fractionStart else { throw Unsure() }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") { throw Unsure() }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if isInteger {
                guard let value = Int64(text), !(value == 0 && bytes[start] == UInt8(ascii: "-")) else { throw Unsure() }
                return Array(String(value).utf8)
            }
            guard let value = Double(text), value.isFinite, value != 0 else { throw Unsure() }
            var shortest = value.description
            guard !shortest.contains("e") else { throw Unsure() }
            if shortest.hasSuffix(".0") { shortest.removeLast(2) }
            return Array(shortest.utf8)
        }
    }
}
