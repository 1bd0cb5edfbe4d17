import Foundation
import KafkaKit

/// The JSON line `filings subscribe` prints for a record, written directly from the record's bytes:
/// byte for byte what `JSONSerialization` (sorted keys, unescaped slashes) writes for the record's
/// attributes and its data read as JSON (`EventLine.foundation`, which `SubscribeLineTests`
/// compares it with).
///
/// `JSONSerialization` built a tree of Foundation objects for every record and sorted every
/// object's keys with a locale-aware comparison: about 6 ms of CPU per metric event. Here the
/// data is copied through with its strings re-escaped and its numbers re-written the way
/// `JSONSerialization` writes them (read with the events' `JSONReader`), and each distinct key list
/// is sorted once. Anything this writer is not sure to write the same way (a number in exponent
/// form, a key twice, a lone surrogate, data that is not JSON) makes it return nil, and the caller
/// writes the line with `JSONSerialization`.
public struct EventLine {
    /// Key lists (in the order read) and the order `JSONSerialization` writes them in.
    private var orders: [[String]: [Int]] = [:]

    public init() {}

    /// The line, or nil when `JSONSerialization` must write it (`foundation`).
    public mutating func json(_ message: KafkaMessage) -> String? {
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
            var reader = JSONReader(buffer)
            return (try? value(&reader, buffer, into: &out, depth: 0)) != nil && (try? reader.end()) != nil
        }
    }

    private struct Unsure: Error {}

    /// One value read from `reader` (over `bytes`) and written back.
    private mutating func value(_ reader: inout JSONReader, _ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8],
                                depth: Int) throws {
        guard depth < 100 else { throw Unsure() }
        switch try reader.peek() {
        case UInt8(ascii: "{"):
            var keys: [String] = [], values: [[UInt8]] = []
            try reader.object { reader, key in
                keys.append(key)
                var member: [UInt8] = []
                try value(&reader, bytes, into: &member, depth: depth + 1)
                values.append(member)
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
            out.append(UInt8(ascii: "["))
            var first = true
            try reader.array { reader in
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                try value(&reader, bytes, into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case UInt8(ascii: "\""):
            Self.escape(try reader.string(), into: &out)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            out.append(contentsOf: (try reader.bool() ? "true" : "false").utf8)
        case UInt8(ascii: "n"):
            _ = try reader.null()
            out.append(contentsOf: "null".utf8)
        default:
            let start = reader.offset
            _ = try reader.double()  // checks the number's form
            out.append(contentsOf: try Self.number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<reader.offset]), as: UTF8.self)))
        }
    }

    /// A number (`text`, as read) as `JSONSerialization` writes it back: an integer (within Int64)
    /// as its digits; a fraction as its shortest decimal form (no trailing `.0`) when that has no
    /// exponent. One in exponent form, or a zero with a sign or a fraction, is left to it.
    private static func number(_ text: String) throws -> [UInt8] {
        guard !text.contains("e"), !text.contains("E") else { throw Unsure() }
        if !text.contains(".") {
            guard let value = Int64(text), !(value == 0 && text.hasPrefix("-")) else { throw Unsure() }
            return Array(String(value).utf8)
        }
        guard let value = Double(text), value.isFinite, value != 0 else { throw Unsure() }
        var shortest = value.description
        guard !shortest.contains("e") else { throw Unsure() }
        if shortest.hasSuffix(".0") { shortest.removeLast(2) }
        return Array(shortest.utf8)
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

    /// One line: the CloudEvent attributes, the record's position, key and timestamp (Unix
    /// milliseconds, when the broker gives one), and the data (as JSON when it is JSON, else as a
    /// string), written by `JSONSerialization`: what `EventLine` writes faster, and where it is unsure.
    public static func foundation(_ message: KafkaMessage) -> String {
        var object: [String: Any] = ["topic": message.topic, "partition": Int(message.partition), "offset": Int(message.offset)]
        if let key = message.keyString { object["key"] = key }
        if let timestamp = message.timestampMillis { object["timestamp"] = Int(timestamp) }
        for header in message.headers {
            guard let value = header.stringValue else { continue }
            if header.name.hasPrefix("ce_") { object[String(header.name.dropFirst(3))] = value }
            else if header.name == "content-type" { object["datacontenttype"] = value }
            else if header.name.hasPrefix("dlq-") { object[header.name] = value }
        }
        if let json = try? JSONSerialization.jsonObject(with: Data(message.value), options: [.fragmentsAllowed]) {
            object["data"] = json
        } else {
            object["data"] = String(decoding: message.value, as: UTF8.self)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
