// The parse service's CPU per filing without Kafka and the store: for each filing, what
// `ParseHandler.prepare` does with it (read the `filings.ingested` event's data, parse without
// checks, write the `filings.parsed` event's data). The filings are those `scripts/bench-pipeline.sh`
// copies: the plain-text fixtures under 100 kB with an SEC header, one filer, item 2.02.
// Synchronous from start to end, so that it also runs under valgrind (`--tool=callgrind`).
import FilingEvents
import FilingParser
import FilingsCore
import Foundation
import ParseService

func benchParseService(fixtures: String, rounds: Int) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { $0.hasSuffix(".txt") }.sorted()
    var events: [[UInt8]] = []
    for name in names {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name))
        let text = FilingText.decode(bytes)
        guard bytes.count <= 100_000, text.range(of: "<html", options: .caseInsensitive) == nil,
              text.contains("ITEM INFORMATION:\t\tResults of Operations and Financial Condition"),
              text.components(separatedBy: "CENTRAL INDEX KEY:").count == 2 else { continue }
        let header = FilingParser.parse(text, checks: false).header
        let id = header.accession ?? name
        let ingested = FilingIngested(filingID: id, companyKey: "cik:" + (header.cik ?? name), cik: header.cik, accession: header.accession,
                                      company: header.company, form: header.form, filedDate: header.filedDate,
                                      sha256: String(repeating: "0", count: 64), sizeBytes: bytes.count, source: "folder",
                                      filename: name, contentType: "text/plain", document: text, format: "submission",
                                      items: header.items, reportDate: header.reportDate)
        events.append(try JSONCoding.encoder.encodeBytes(ingested))
    }
    var times: [Double] = [], outBytes = 0
    // FNV-1a of the events written in the first round: equal across revisions that write the same bytes.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for round in 0..<rounds {
        let start = cpuSeconds()
        for data in events {
            let out = try parsedEventData(ingestedData: data)
            outBytes &+= out.count
            if round == 0 { for byte in out { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 } }
        }
        times.append((cpuSeconds() - start) / Double(events.count))
    }
    print(String(format: "parse service work: %d filings x %d rounds, %d event bytes (FNV-1a %016llx): median %.3f ms CPU per filing",
                 events.count, rounds, outBytes / rounds, hash, median(times) * 1000))
}

/// The `filings.parsed` event data of one `filings.ingested` event data, as `ParseHandler.prepare`
/// makes it (callgrind: `--toggle-collect='*parsedEventData*'` counts this alone).
@inline(never) func parsedEventData(ingestedData data: [UInt8]) throws -> [UInt8] {
    guard let ingested = FilingIngested.read(json: data) else { throw CocoaError(.coderReadCorrupt) }
    let parsed = FilingParser.parse(ingested.document, checks: false)
    let payload = FilingParsed(filingID: ingested.filingID, companyKey: ingested.companyKey,
                               header: parsed.header, statements: parsed.statements, facts: parsed.facts,
                               guidance: parsed.guidance, claims: parsed.claims, parserVersion: ParserVersion.current)
    return try ParseHandler.eventData(payload)
}
