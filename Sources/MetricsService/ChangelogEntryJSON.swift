import FilingsCore
import Foundation

/// A changelog record's value written by hand: byte for byte what `JSONCoding.encoder` writes for
/// the `Entry` (members and columns in key order, a nil `eventID` left out, a blob in base64, a
/// NULL cell `{}`), so records written before and after read the same way. Going through
/// `Encodable` (a dictionary of cells, a keyed container per cell) was about a third of the capture.
/// `ChangelogEntryJSONTests` compares the two.
extension MetricsChangelog.Entry {
    /// The record's value; throws only for a number JSON cannot hold (the encoder's own error).
    func json() throws -> [UInt8] {
        try JSONCoding.encoder.encodeBytes(self) { try write($0) }
    }

    private func write(_ w: JSONByteWriter) throws {
        var first = true
        w.member("eventID", eventID, first: &first)
        w.member("row", first: &first)
        var firstColumn = true
        for column in row.keys.sorted() {
            w.raw(firstColumn ? "{" : ",")
            firstColumn = false
            w.string(column)
            w.raw(":")
            try row[column]!.write(w)
        }
        w.endObject(first: firstColumn)
        w.member("table", table, first: &first)
        w.endObject(first: first)
    }
}

extension MetricsChangelog.Cell {
    fileprivate func write(_ w: JSONByteWriter) throws {
        var first = true
        if let b {
            // Base64 needs no escapes: its bytes are copied between the quotes as they are.
            w.member("b", first: &first)
            w.raw("\"")
            w.json([UInt8](b.base64EncodedData()))
            w.raw("\"")
        }
        try w.member("d", d, first: &first)
        if let i {
            w.member("i", first: &first)
            w.integer(i)
        }
        w.member("s", s, first: &first)
        w.endObject(first: first)
    }
}
