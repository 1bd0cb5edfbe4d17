import FilingEvents
import FilingParser
import FilingsCore
import Foundation
@testable import ParseService
import Testing

/// The direct readers of a `filings.parsed` event's members (`JSONReadable`) give what Foundation's
/// decoder gives, or `JSONReader.Unsupported` (then Foundation decodes) for what they do not take.
struct FilingParsedReadingTests {
    func direct<T: JSONReadable>(_ type: T.Type, _ json: String) throws -> T {
        try Array(json.utf8).withUnsafeBufferPointer { try T(json: $0) }
    }

    func foundation<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONCoding.decoder.decode(type, from: Data(json.utf8))
    }

    /// The members the metrics read of every fixture's event, as the parse service writes it.
    @Test(.fixtures) func readsWhatFoundationReadsOfEveryFixturesEvent() throws {
        let names = EventEncodingTests.fixtureNames()
        #expect(names.count >= 20)
        var facts = 0
        for name in names {
            let parsed = FilingParser.parse(String(decoding: try fixture(name), as: UTF8.self))
            let payload = FilingParsed(filingID: name, companyKey: "k", header: parsed.header, statements: parsed.statements,
                                       facts: parsed.facts, guidance: parsed.guidance, claims: parsed.claims)
            let bytes = try ParsedEventJSON.bytes(payload)
            let reference = try JSONCoding.decoder.decode(FilingParsed.self, from: Data(bytes))
            var read = FilingParsed(filingID: "", companyKey: "", header: FilingHeader(), statements: [], facts: [])
            try bytes.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer)
                try reader.object { reader, key in
                    switch key {
                    case "facts": read.facts = try [Fact](reading: &reader)
                    case "guidance": read.guidance = try [Guidance](reading: &reader)
                    case "claims": read.claims = try [Claim](reading: &reader)
                    case "header": read.header = try FilingHeader(reading: &reader)
                    default: try reader.skipValue()
                    }
                }
            }
            #expect(read.facts == reference.facts, "\(name)")
            #expect(read.guidance == reference.guidance, "\(name)")
            #expect(read.claims == reference.claims, "\(name)")
            #expect(read.header == reference.header, "\(name)")
            facts += read.facts.count
        }
        #expect(facts > 500)
    }

    @Test(arguments: [
        #"{"concept":"Revenues","label":"Net \"sales\" \u00e9","statement":"income","value":1.5e3,"unit":"USD","period":{"start":"2003-01-01","end":"2003-03-31"},"basis":"gaap"}"#,
        #"{ "basis" : "gaap", "value" : -0, "unit":"USD/share", "period":{"instant":"2003-03-31","end":null}, "concept":"A", "label":"", "statement":"other", "extra":[1,{"x":null}] }"#,
        #"{"concept":"A","label":"l","statement":"s","value":0.1,"unit":"pure","period":{},"basis":"non-gaap"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":-12345678901234567890.125E-2,"unit":"u","period":{},"basis":"b"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":2.2250738585072014e-308,"unit":"u","period":{},"basis":"b"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":123,"unit":"u","period":{},"basis":"b"}"#,
    ])
    func factsAsFoundationReadsThem(_ json: String) throws {
        #expect(try direct(Fact.self, json) == foundation(Fact.self, json))
    }

    @Test func guidanceAndClaimsWithEveryOptionalSetAndNil() throws {
        let guidance = [
            #"{"basis":"gaap","fiscal_quarter":3,"fiscal_year":2003,"high":0.48,"low":0.475,"metric":"gross_margin","period":{"end":"2003-09-30","start":"2003-07-01"},"period_label":"Q3","text":"t","unit":"pure"}"#,
            #"{"basis":"non-gaap","fiscal_quarter":null,"high":null,"metric":"revenue","period":null,"text":"t\n","unit":"USD"}"#,
        ]
        for json in guidance { #expect(try direct(Guidance.self, json) == foundation(Guidance.self, json), "\(json)") }
        let claims = [
            #"{"basis":"gaap","metric":"revenue_growth_qoq","period":{"end":"2003-06-30","start":"2003-04-01"},"rounding":0.01,"text":"14%","unit":"pure","value":0.14}"#,
            #"{"basis":"gaap","metric":"revenue","period":null,"rounding":null,"text":"t","unit":"USD","value":13100000}"#,
        ]
        for json in claims { #expect(try direct(Claim.self, json) == foundation(Claim.self, json), "\(json)") }
        let header = #"{"cik":"1","exhibits":[{"type":"EX-99.1","description":null},{"type":"EX-99.2"}],"items":null,"irs_ein":"12-3","unknown":7}"#
        #expect(try direct(FilingHeader.self, header) == foundation(FilingHeader.self, header))
        #expect(try direct(FilingHeader.self, "{}") == foundation(FilingHeader.self, "{}"))
    }

    /// Each is left to Foundation: what Foundation decodes of it (or refuses) is what the caller gets.
    @Test(arguments: [
        #"{"concept":"A","concept":"B","label":"l","statement":"s","value":1,"unit":"u","period":{},"basis":"b"}"#,  // a key twice
        #"{"concept":"A","label":"l","statement":"s","value":1,"unit":"u","period":{"end":"2003-03-31","end":null},"basis":"b"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":01,"unit":"u","period":{},"basis":"b"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":1.,"unit":"u","period":{},"basis":"b"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":.5,"unit":"u","period":{},"basis":"b"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":1e,"unit":"u","period":{},"basis":"b"}"#,
        #"{"concept":"A","label":"l","statement":"s","value":1e999,"unit":"u","period":{},"basis":"b"}"#,  // out of range
        #"{"concept":"A","label":"l","statement":"s","value":"1","unit":"u","period":{},"basis":"b"}"#,  // a string
        #"{"concept":"A","label":"l","statement":"s","value":1,"unit":"u","period":null,"basis":"b"}"#,  // required period null
        #"{"concept":"A","label":"l","statement":"s","value":1,"unit":"u","basis":"b"}"#,  // no period
        #"{"concept":"A","label":"l","statement":"s","value":1,"unit":"u","period":{},"basis":"b"} x"#,  // trailing text
    ])
    func factsLeftToFoundation(_ json: String) throws {
        #expect(throws: JSONReader.Unsupported.self) { try direct(Fact.self, json) }
    }

    @Test func claimDefaultsAndFractionalYearsAreLeftToFoundation() throws {
        // Foundation supplies basis and unit; the direct reader does not repeat the rule.
        let claim = #"{"metric":"revenue_growth_yoy","value":0.1,"text":"t"}"#
        #expect(throws: JSONReader.Unsupported.self) { try direct(Claim.self, claim) }
        #expect(try foundation(Claim.self, claim).unit == "pure")
        let guidance = #"{"basis":"gaap","fiscal_year":2003.0,"metric":"m","text":"t","unit":"USD"}"#
        #expect(throws: JSONReader.Unsupported.self) { try direct(Guidance.self, guidance) }
    }
}
