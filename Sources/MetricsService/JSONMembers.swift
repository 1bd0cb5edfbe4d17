/// The members of a JSON object, found without decoding it: each key with the byte range of its
/// value. Lets the handler decode only the members it reads of a large event (a `filings.parsed`
/// event is mostly its statements) and keep a member's JSON as it came instead of encoding it again.
///
/// It checks the object's structure (strings closed, brackets matched, a colon after each key),
/// not the values' grammar: the members taken are decoded by `JSONDecoder`, which does. Keys
/// are compared as written, so a key spelled with escapes (`"fa\u0063ts"`) is not found and the
/// member reads as missing.
struct JSONMembers {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "malformed JSON object near byte \(offset)" }
    }

    /// Value ranges by key; the last one when a key repeats (as `JSONDecoder` reads it).
    private(set) var values: [String: Range<Int>] = [:]

    init(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var i = Self.skipSpace(buffer, 0)
            guard i < buffer.count, buffer[i] == UInt8(ascii: "{") else { throw Malformed(offset: i) }
            i = Self.skipSpace(buffer, i + 1)
            if i < buffer.count, buffer[i] == UInt8(ascii: "}") { i += 1 } else {
                while true {
                    guard i < buffer.count, buffer[i] == UInt8(ascii: "\"") else { throw Malformed(offset: i) }
                    let keyEnd = try Self.skipString(buffer, i)
                    let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[(i + 1)..<(keyEnd - 1)]), as: UTF8.self)
                    i = Self.skipSpace(buffer, keyEnd)
                    guard i < buffer.count, buffer[i] == UInt8(ascii: ":") else { throw Malformed(offset: i) }
                    let start = Self.skipSpace(buffer, i + 1)
                    let end = try Self.skipValue(buffer, start)
                    values[key] = start..<end
                    i = Self.skipSpace(buffer, end)
                    guard i < buffer.count else { throw Malformed(offset: i) }
                    if buffer[i] == UInt8(ascii: "}") { i += 1; break }
                    guard buffer[i] == UInt8(ascii: ",") else { throw Malformed(offset: i) }
                    i = Self.skipSpace(buffer, i + 1)
                }
            }
            guard Self.skipSpace(buffer, i) == buffer.count else { throw Malformed(offset: i) }
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func skipSpace(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < buffer.count, isSpace(buffer[i]) { i += 1 }
        return i
    }

    /// The offset just after the string starting (with its quote) at `start`.
    private static func skipString(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int) throws -> Int {
        var i = start + 1
        while i < buffer.count {
            switch buffer[i] {
            case UInt8(ascii: "\""): return i + 1
            case UInt8(ascii: "\\"): i += 2
            default: i += 1
            }
        }
        throw Malformed(offset: start)
    }

    /// The offset just after the value starting at `start`: a string, an object or array (with
    /// everything nested in it), or a scalar (up to the next delimiter).
    private static func skipValue(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int) throws -> Int {
        guard start < buffer.count else { throw Malformed(offset: start) }
        switch buffer[start] {
        case UInt8(ascii: "\""):
            return try skipString(buffer, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var closers: [UInt8] = [buffer[start] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")]
            var i = start + 1
            while i < buffer.count {
                let byte = buffer[i]
                switch byte {
                case UInt8(ascii: "\""): i = try skipString(buffer, i); continue
                case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
                case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard closers.popLast() == byte else { throw Malformed(offset: i) }
                    if closers.isEmpty { return i + 1 }
                default: break
                }
                i += 1
            }
            throw Malformed(offset: start)
        default:
            var i = start
            while i < buffer.count, !isSpace(buffer[i]), buffer[i] != UInt8(ascii: ","), buffer[i] != UInt8(ascii: "}") { i += 1 }
            guard i > start else { throw Malformed(offset: start) }
            return i
        }
    }
}
