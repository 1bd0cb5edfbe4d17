import FilingEvents

/// The members of a JSON object, found without decoding it: each key with the byte range of its
/// value. Lets the handler decode only the members it reads of a large event (a `filings.parsed`
/// event is mostly its statements) and keep a member's JSON as it came instead of encoding it again.
///
/// Built on `JSONReader`: it checks the object's structure (strings closed, brackets matched, a
/// colon after each key, literals and numbers made of their characters), and skips the values'
/// strings without decoding them: the members taken are decoded by their reader, which checks them.
struct JSONMembers {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "malformed JSON object near byte \(offset)" }
    }

    /// Value ranges by key; the last one when a key repeats (as `JSONDecoder` reads it).
    private(set) var values: [String: Range<Int>] = [:]

    init(_ bytes: [UInt8]) throws {
        var values: [String: Range<Int>] = [:]
        var offset = 0
        do {
            try bytes.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer)
                defer { offset = reader.offset }
                try reader.object { reader, key in
                    reader.skipWhitespace()
                    let start = reader.offset
                    try reader.skipValue(checked: false)
                    values[key] = start..<reader.offset
                }
                try reader.end()
            }
        } catch is JSONReader.Unsupported {
            throw Malformed(offset: offset)
        }
        self.values = values
    }
}
