@testable import FilingsCore
import Foundation
import Testing

/// `JSONCoding.encoder` writes the bytes Foundation's `JSONEncoder` writes with the same settings.
struct EventJSONEncoderTests {
    func same<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = String(decoding: try JSONCoding.foundationEncoder.encode(value), as: UTF8.self)
        let direct = String(decoding: try JSONCoding.encoder.encodeDirectly(value), as: UTF8.self)
        #expect(direct == expected, sourceLocation: sourceLocation)
        #expect(String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self) == expected, sourceLocation: sourceLocation)
    }

    struct Record: Codable {
        var zeta: String
        var alpha: Int
        var middle: Double?
        var list: [Double?]
        var nested: [Inner]
        var when: Date
        var flag: Bool
        var map: [String: Int]
        struct Inner: Codable { var b: String?; var a: [String]; var c_d: Float }
        enum CodingKeys: String, CodingKey { case zeta, alpha, middle = "mid_dle", list, nested, when, flag, map = "A_map" }
    }

    @Test func objectsComeOutInKeyOrderWhateverTheDeclarationOrder() throws {
        let record = Record(zeta: "z", alpha: -3, middle: nil, list: [1, nil, 2.5, -0.0, 0, -42, 999_999_999_999_999, -999_999_999_999_999, 1e15,
                                                                     9007199254740992, 1e16, 1e-7, 123456789012.5],
                            nested: [.init(b: nil, a: [], c_d: 0.1), .init(b: "x", a: ["q", ""], c_d: 3)],
                            when: Date(timeIntervalSince1970: 1_700_000_000.123), flag: true,
                            map: ["b": 1, "a10": 2, "a9": 3, "B": 4, "_x": 5, "é": 6, "": 7])
        try same(record)
        try same([record, record])
        try same(["k": record])
    }

    @Test func stringsAreEscapedAsFoundationEscapesThem() throws {
        var all = ""
        for scalar in 0..<0x80 { all.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        try same(all)
        try same(["s": "a/b \"quoted\" back\\slash\r\n\ttab é 😀 \u{2028} \u{7f} \u{0}"])
        try same(String(repeating: "long run without escapes, ", count: 5000) + "\n" + String(repeating: "é", count: 1000))
        try same([String]())
        try same("")
    }

    /// Each byte that needs an escape at every place of strings as long as a few of the writer's
    /// eight-byte blocks, among plain ASCII and multi-byte characters.
    @Test func escapesAreFoundWhereverTheyStand() throws {
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1f}", "\t"] {
            for length in 0..<26 {
                for place in 0...length {
                    let plain = String(repeating: "a", count: place) + special + String(repeating: "b", count: length - place)
                    try same(plain)
                    try same("é" + plain + "€")
                }
            }
        }
        try same(String(repeating: " \u{7f}\u{80}\u{ff}\u{20}~!", count: 9))
    }

    /// `JSONStringBytes.firstSpecial` finds what a byte-by-byte look finds, from every start.
    @Test func firstSpecialIsTheFirstByteThatNeedsAnEscape() {
        var state: UInt64 = 7
        for _ in 0..<200 {
            let bytes: [UInt8] = (0..<Int(state % 40)).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                // Mostly bytes that need no escape, of every range (ASCII, high bytes).
                return state >> 60 == 0 ? [0x22, 0x5C, 0x00, 0x1F, 0x0A][Int(state >> 33) % 5] : UInt8(truncatingIfNeeded: 0x20 + (state >> 40) % 0xE0)
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...buffer.count {
                    let expected = buffer[start...].firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } ?? buffer.count
                    #expect(JSONStringBytes.firstSpecial(in: buffer, from: start) == expected)
                }
            }
        }
    }

    @Test func integersAreWrittenAsFoundationWritesThem() throws {
        try same([0, 1, -1, 9, 10, -10, 99, 100, 1234567890, Int.max, Int.min, Int(Int32.min)])
        try same([Int64.min, Int64.max])
        try same([UInt64.max, UInt64(Int64.max) + 1, 0])
        try same([Int8.min, Int8.max])
        try same([UInt8.max])
    }

    struct Empty: Encodable { func encode(to encoder: any Encoder) throws {} }

    /// Uses a nested container, which only Foundation's encoder is asked to do.
    struct Nested: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(1, forKey: .b)
            var inner = c.nestedContainer(keyedBy: Key.self, forKey: .a)
            try inner.encode("x", forKey: .b)
        }
        enum Key: String, CodingKey { case a, b }
    }

    /// Writes one key twice: Foundation keeps the last value.
    struct Twice: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Nested.Key.self)
            try c.encode(1, forKey: .b)
            try c.encode(2, forKey: .a)
            try c.encode(3, forKey: .b)
        }
    }

    @Test func whatTheDirectWriterDoesNotDoIsLeftToFoundation() throws {
        try same([Empty()])
        #expect(throws: EncodingError.self) { try JSONCoding.encoder.encode(Empty()) }
        #expect(throws: (any Error).self) { try JSONCoding.encoder.encodeDirectly(Nested()) }
        #expect(throws: (any Error).self) { try JSONCoding.encoder.encodeDirectly(Twice()) }
        #expect(throws: (any Error).self) { try JSONCoding.encoder.encodeDirectly(["d": Data([1, 2])]) }
        for value in [Nested()] as [Nested] {
            #expect(try JSONCoding.encoder.encode(value) == JSONCoding.foundationEncoder.encode(value))
        }
        #expect(try JSONCoding.encoder.encode(Twice()) == JSONCoding.foundationEncoder.encode(Twice()))
        #expect(try JSONCoding.encoder.encode(["d": Data([1, 2])]) == JSONCoding.foundationEncoder.encode(["d": Data([1, 2])]))
        #expect(throws: EncodingError.self) { try JSONCoding.encoder.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONCoding.encoder.encode(["x": Double.infinity]) }
    }
}
