import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
@testable import MetricsService
import Testing

/// Changelog records written by hand (`Entry.json`, `MetricsChangelog.json(_:)`) are the bytes
/// `JSONCoding.encoder` writes for them.
struct ChangelogEntryJSONTests {
    typealias Entry = MetricsChangelog.Entry
    typealias Cell = MetricsChangelog.Cell

    static func expectSameAsEncoder(_ entry: Entry) throws {
        let encoded = try JSONCoding.encoder.encodeBytes(entry)
        #expect(try entry.json() == encoded, "\(String(decoding: encoded, as: UTF8.self))")
    }

    @Test func everyKindOfCellAndColumnName() throws {
        let cells: [Cell] = [
            Cell(.null), Cell(Int64(0).databaseValue), Cell(Int64(-42).databaseValue), Cell(Int64.max.databaseValue),
            Cell(1.5.databaseValue), Cell(12_000_000.0.databaseValue), Cell((-0.0).databaseValue), Cell(1e300.databaseValue),
            Cell(0.1.databaseValue), Cell("".databaseValue), Cell("plain".databaseValue),
            Cell("quote \" backslash \\ slash / tab \t newline \n bell \u{7} é 漢 😀".databaseValue),
            Cell(Data().databaseValue), Cell(Data([0, 1, 2, 250, 255]).databaseValue), Cell(Data("[{\"a\":1}]".utf8).databaseValue),
        ]
        for (n, cell) in cells.enumerated() {
            try Self.expectSameAsEncoder(Entry(table: "filings", row: ["value": cell], eventID: nil))
            try Self.expectSameAsEncoder(Entry(table: "t\"\(n)", row: ["b": cell, "a": Cell(.null), "é": cell, "A\n": cell, "a_b": cell],
                                               eventID: "event-\(n) \"x\""))
        }
        try Self.expectSameAsEncoder(Entry(table: "companies", row: [:], eventID: nil))
        try Self.expectSameAsEncoder(Entry(table: "companies", row: Dictionary(uniqueKeysWithValues: cells.enumerated().map { ("c\($0)", $1) }),
                                           eventID: ""))
        // A number JSON cannot hold: the encoder's error.
        let infinite = Entry(table: "t", row: ["d": Cell(Double.infinity.databaseValue)], eventID: nil)
        #expect(throws: (any Error).self) { try infinite.json() }
    }

    @Test func keys() throws {
        for key in [["c", "company"], ["c", "filing", "f-1"], ["c \"q\" é", "emitted", "2003-04-01", ""], []] {
            #expect(MetricsChangelog.json(key) == (try JSONCoding.encoder.encodeBytes(key)))
        }
    }

    /// The records a handler queues decode to entries the encoder writes as those very bytes.
    @Test func capturedRecordsAreTheEncodersBytes() async throws {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        for filing in SyntheticHistory(quarters: 8, seed: 3).filings { try await handler.handle(try MetricsIncrementalTests.message(filing)) }
        let records = try await store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM changelog_pending").map { ($0[0] as String, $0[1] as Data) }
        }
        #expect(records.count > 8)
        for (key, value) in records {
            let entry = try JSONCoding.decoder.decode(Entry.self, from: value)
            #expect(try JSONCoding.encoder.encodeBytes(entry) == [UInt8](value))
            let parts = try JSONCoding.decoder.decode([String].self, from: Data(key.utf8))
            #expect(try JSONCoding.encoder.encodeBytes(parts) == Array(key.utf8))
        }
    }
}
