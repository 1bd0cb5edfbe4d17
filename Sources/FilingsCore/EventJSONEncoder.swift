import Foundation

/// The encoder behind `JSONCoding.encoder`: sorted keys, unescaped slashes, RFC 3339 dates with
/// milliseconds; byte for byte the JSON Foundation's `JSONEncoder` gives with those settings
/// (`EventJSONEncoderTests` compares them on every fixture's events).
///
/// It writes straight into one byte buffer: each object's entries as they come, reordered by key
/// when the object is done. Foundation builds a tree of values first and escapes strings slowly,
/// which was most of the CPU ingest (a filing's text) and parse (its statements) spent per record.
/// A value whose encoding needs what this writer does not do (nested or super encoders, `Data`,
/// `URL`, `Decimal`, a key written twice, a non-finite number) is encoded by `JSONEncoder` instead,
/// which then also reports the errors.
public final class EventJSONEncoder: Sendable {
    private let foundation: JSONEncoder

    init(foundation: JSONEncoder) {
        self.foundation = foundation
    }

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        if let bytes = try? encodeDirectly(value) { return Data(bytes) }
        return try foundation.encode(value)
    }

    /// The same JSON as bytes.
    public func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let bytes = try? encodeDirectly(value) { return bytes }
        return [UInt8](try foundation.encode(value))
    }

    /// `value`'s JSON as `write` writes it by hand (members in key order, the same bytes as this
    /// encoder's); when `write` throws (a number JSON cannot hold), `value` is encoded here instead,
    /// which then reports the error as every other event's encoding does.
    public func encodeBytes<T: Encodable>(_ value: T, writtenBy write: (JSONByteWriter) throws -> Void) throws -> [UInt8] {
        let writer = JSONByteWriter()
        do {
            try write(writer)
        } catch {
            return try encodeBytes(value)
        }
        return writer.bytes
    }

    /// The direct path: throws `Unsupported` for what only `JSONEncoder` does.
    func encodeDirectly<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.value(value)
        guard !writer.failed, writer.open.isEmpty else { throw JSONByteWriter.Unsupported() }
        return writer.bytes
    }
}

/// The output buffer and the containers open in it (innermost last). Its value writers (`string`,
/// `double`, `integer`, `bool`, `null`) and `member`/`endObject` also serve hand-written encoders of
/// large events (`ParsedEventJSON`), which write their members in key order themselves.
public final class JSONByteWriter {
    struct Unsupported: Error {}

    // One writer serves one `encodeDirectly` call on one thread, and no access to these overlaps
    // another: the run-time exclusivity checks (a thread-local look-up on every access) are left
    // out, which were a quarter of the writer's own CPU in a profile of parse.
    @exclusivity(unchecked) public internal(set) var bytes: [UInt8] = []
    @exclusivity(unchecked) var open: [Frame] = []
    /// Set by a container call that cannot throw (`container(keyedBy:)`, nested containers) when it
    /// asks for something unsupported; every later write then throws.
    @exclusivity(unchecked) var failed = false

    public init() { bytes.reserveCapacity(4096) }

    /// One value being encoded: what it turned out to be, and for an object where each entry starts.
    final class Frame {
        enum Kind { case empty, object, array, single }
        @exclusivity(unchecked) var kind = Kind.empty
        @exclusivity(unchecked) var count = 0
        /// Offset of the first entry (just after `{`).
        @exclusivity(unchecked) var contentStart = 0
        @exclusivity(unchecked) var keys: [(key: String, start: Int)] = []
    }

    func value<T: Encodable>(_ value: T) throws {
        if T.self == String.self { return string(value as! String) }
        if T.self == Double.self { return try double(value as! Double) }
        if T.self == Int.self { return integer(value as! Int) }
        if T.self == Bool.self { return bool(value as! Bool) }
        if T.self == Date.self { return string(JSONCoding.rfc3339.format(value as! Date)) }
        if T.self == Data.self || T.self == URL.self || T.self == Decimal.self { throw Unsupported() }
        let frame = Frame()
        open.append(frame)
        try value.encode(to: ByteEncoder(writer: self, frame: frame))
        guard !failed, open.last === frame else { throw Unsupported() }
        open.removeLast()
        try finish(frame)
    }

    private func finish(_ frame: Frame) throws {
        switch frame.kind {
        case .empty:
            // As JSONEncoder: a value that wrote nothing is `{}`, and an error at the top level.
            guard !open.isEmpty else { throw Unsupported() }
            bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        case .single: break
        case .array: bytes.append(UInt8(ascii: "]"))
        case .object: try finishObject(frame)
        }
    }

    /// Closes an object, first putting its entries in key order when they came in another.
    private func finishObject(_ frame: Frame) throws {
        let keys = frame.keys
        var sorted = true
        for i in keys.indices.dropFirst() where !(keys[i - 1].key < keys[i].key) {
            sorted = false
            break
        }
        if !sorted {
            let end = bytes.count
            let region = Array(bytes[frame.contentStart..<end])
            // Entry i runs from its key to the comma before entry i + 1 (or the end).
            func range(_ i: Int) -> Range<Int> {
                (keys[i].start - frame.contentStart)..<((i + 1 < keys.count ? keys[i + 1].start - 1 : end) - frame.contentStart)
            }
            let order = keys.indices.sorted { keys[$0].key < keys[$1].key }
            for (a, b) in zip(order, order.dropFirst()) where keys[a].key == keys[b].key { throw Unsupported() }
            bytes.removeSubrange(frame.contentStart..<end)
            for (n, i) in order.enumerated() {
                if n > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: region[range(i)])
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Starts the next entry of `frame`'s object (`"key":`).
    func beginEntry(_ frame: Frame, key: String) throws {
        guard !failed, open.last === frame, frame.kind == .object else { throw Unsupported() }
        if frame.count > 0 { bytes.append(UInt8(ascii: ",")) }
        frame.count += 1
        frame.keys.append((key, bytes.count))
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Starts the next element of `frame`'s array.
    func beginElement(_ frame: Frame) throws {
        guard !failed, open.last === frame, frame.kind == .array else { throw Unsupported() }
        if frame.count > 0 { bytes.append(UInt8(ascii: ",")) }
        frame.count += 1
    }

    /// Starts `frame`'s only value.
    func beginSingle(_ frame: Frame) throws {
        guard !failed, open.last === frame, frame.kind == .empty else { throw Unsupported() }
        frame.kind = .single
    }

    /// A value written as JSON before (by another writer), as is.
    public func json(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    public func null() { raw("null") }
    public func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    /// The decimal digits of `value`, as `String(value)` writes them.
    public func integer<I: BinaryInteger>(_ value: I) {
        guard let value = Int64(exactly: value) else { return bytes.append(contentsOf: String(value).utf8) }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The digits, last to first, into a buffer on the stack (no String made for each number).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value.magnitude, first = digits.count
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
        }
    }

    /// ASCII punctuation as is (`[`, `]`, `,`).
    public func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Starts an object's next member: `{` before the first (`first` is then cleared), `,` before
    /// the others, then `"key":`. The caller writes members in key order and a key that needs no escape.
    public func member(_ key: StaticString, first: inout Bool) {
        bytes.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
        first = false
        bytes.append(UInt8(ascii: "\""))
        raw(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A member holding `value`, left out when it is nil (as `JSONEncoder` leaves out nil optionals).
    public func member(_ key: StaticString, _ value: String?, first: inout Bool) {
        guard let value else { return }
        member(key, first: &first)
        string(value)
    }

    /// A number member, left out when it is nil.
    public func member(_ key: StaticString, _ value: Double?, first: inout Bool) throws {
        guard let value else { return }
        member(key, first: &first)
        try double(value)
    }

    /// A whole-number member, left out when it is nil.
    public func member(_ key: StaticString, _ value: Int?, first: inout Bool) {
        guard let value else { return }
        member(key, first: &first)
        integer(value)
    }

    /// An array: each item written by `element`, separated by commas. Inlinable, so that it is
    /// specialized for its items and `element` in the caller's module (unspecialized, the generic
    /// iteration and its type metadata look-ups were a tenth of the parse service's CPU per filing).
    @inlinable public func array<T>(_ items: [T], _ element: (T) throws -> Void) rethrows {
        raw("[")
        for (n, item) in items.enumerated() {
            if n > 0 { raw(",") }
            try element(item)
        }
        raw("]")
    }

    /// Ends an object begun with `member` (`{}` when it had none).
    public func endObject(first: Bool) {
        if first { bytes.append(UInt8(ascii: "{")) }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Swift's shortest round-trip form without a trailing `.0`, as `JSONEncoder` writes it.
    public func double(_ value: Double) throws {
        guard value.isFinite else { throw Unsupported() }
        // A whole number under 10^15 (most amounts) is its digits, which `description` writes
        // followed by `.0` (it turns to an exponent only above 2^53); -0 keeps its sign below.
        if abs(value) < 1e15, value.rounded(.towardZero) == value, !(value == 0 && value.sign == .minus) {
            return integer(Int64(value))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    func float(_ value: Float) throws {
        guard value.isFinite else { throw Unsupported() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A quoted string: `"` and `\` escaped, control characters as `\n`, `\t`, `\r`, `\b`, `\f` or
    /// `\u00XX`; everything else (`/`, non-ASCII) as is. Runs without escapes are copied whole.
    public func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var runStart = 0
            while true {
                let i = JSONStringBytes.firstSpecial(in: utf8, from: runStart)
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                guard i < utf8.count else { break }
                escape(utf8[i])
                runStart = i + 1
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// The escape of `byte`, one of `JSONStringBytes`.
    private func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}

private struct ByteEncoder: Encoder {
    let writer: JSONByteWriter
    let frame: JSONByteWriter.Frame
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch frame.kind {
        case .empty:
            frame.kind = .object
            writer.bytes.append(UInt8(ascii: "{"))
            frame.contentStart = writer.bytes.count
        case .object: break
        case .array, .single: writer.failed = true
        }
        return KeyedEncodingContainer(KeyedWriter<Key>(writer: writer, frame: frame))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch frame.kind {
        case .empty:
            frame.kind = .array
            writer.bytes.append(UInt8(ascii: "["))
        case .array: break
        case .object, .single: writer.failed = true
        }
        return UnkeyedWriter(writer: writer, frame: frame)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleWriter(writer: writer, frame: frame)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let frame: JSONByteWriter.Frame
    var codingPath: [any CodingKey] { [] }

    private func begin(_ key: Key) throws { try writer.beginEntry(frame, key: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); writer.null() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); writer.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); writer.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); try writer.double(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); try writer.float(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); writer.integer(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try begin(key); try writer.value(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.failed = true
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer, frame: JSONByteWriter.Frame()))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.failed = true
        return UnkeyedWriter(writer: writer, frame: JSONByteWriter.Frame())
    }

    mutating func superEncoder() -> any Encoder {
        writer.failed = true
        return ByteEncoder(writer: writer, frame: JSONByteWriter.Frame())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let frame: JSONByteWriter.Frame
    var codingPath: [any CodingKey] { [] }
    var count: Int { frame.count }

    private func begin() throws { try writer.beginElement(frame) }

    mutating func encodeNil() throws { try begin(); writer.null() }
    mutating func encode(_ value: Bool) throws { try begin(); writer.bool(value) }
    mutating func encode(_ value: String) throws { try begin(); writer.string(value) }
    mutating func encode(_ value: Double) throws { try begin(); try writer.double(value) }
    mutating func encode(_ value: Float) throws { try begin(); try writer.float(value) }
    mutating func encode(_ value: Int) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int8) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int16) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int32) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int64) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt8) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt16) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt32) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt64) throws { try begin(); writer.integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try begin(); try writer.value(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.failed = true
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer, frame: JSONByteWriter.Frame()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.failed = true
        return UnkeyedWriter(writer: writer, frame: JSONByteWriter.Frame())
    }

    mutating func superEncoder() -> any Encoder {
        writer.failed = true
        return ByteEncoder(writer: writer, frame: JSONByteWriter.Frame())
    }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    let frame: JSONByteWriter.Frame
    var codingPath: [any CodingKey] { [] }

    private func begin() throws { try writer.beginSingle(frame) }

    mutating func encodeNil() throws { try begin(); writer.null() }
    mutating func encode(_ value: Bool) throws { try begin(); writer.bool(value) }
    mutating func encode(_ value: String) throws { try begin(); writer.string(value) }
    mutating func encode(_ value: Double) throws { try begin(); try writer.double(value) }
    mutating func encode(_ value: Float) throws { try begin(); try writer.float(value) }
    mutating func encode(_ value: Int) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int8) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int16) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int32) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: Int64) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt8) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt16) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt32) throws { try begin(); writer.integer(value) }
    mutating func encode(_ value: UInt64) throws { try begin(); writer.integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        // The value's own encoding replaces this frame's single value: encode it in place.
        writer.open.removeLast()
        defer { writer.open.append(frame) }
        try writer.value(value)
    }
}
