import FilingEvents
import FilingParser
import FilingsCore
import Foundation
@testable import MetricsService
import Testing

/// The metrics handler reads a `filings.parsed` event without decoding (or scanning with
/// `JSONDecoder`) its statements: what it reads must be what the full decode gives.
struct ParsedInputsTests {
    @Test func readsWhatTheFullDecodeReadsOfTheSampleEvents() async throws {
        for message in try await PipelineHandlerTests().parsed(PipelineHandlerTests.samples) {
            let event = try CloudEvent(message: message)
            var full = try event.decode(FilingParsed.self)
            #expect(!full.statements.isEmpty && !full.facts.isEmpty)
            let inputs = try ParsedInputs(event)
            full.statements = []
            #expect(inputs.filing == full)
            // The kept JSON is the event's own and reads back as the same items.
            #expect(try JSONCoding.decoder.decode([Fact].self, from: Data(inputs.factsJSON)) == full.facts)
            #expect(try JSONCoding.decoder.decode([Guidance].self, from: Data(inputs.guidanceJSON)) == full.guidance)
            #expect(try JSONCoding.decoder.decode([Claim].self, from: Data(inputs.claimsJSON)) == full.claims)
            #expect(String(decoding: event.data, as: UTF8.self).contains(String(decoding: inputs.factsJSON, as: UTF8.self)))
        }
    }

    static let header = #"{"form":"8-K","company":"A \"quoted\" {brace} [co]","cik":"1"}"#

    @Test func membersInAnyOrderWithSpacesAndTrickyStrings() throws {
        let json = """
             { "statements" : [ {"label": "x\\\\", "rows": [[1, 2], {"a": "]}"}]} ] ,
              "claims": null, "parser_version": "9", "header": \(Self.header),
              "company_key" :"k", "filing_id":"f", "facts": [ {"concept":"Revenues","label":"Revenue","statement":"income",
              "value":1.5e3,"unit":"USD","period":{"start":"2003-01-01","end":"2003-03-31"},"basis":"gaap"} ] }
            """
        let inputs = try ParsedInputs(json: Array(json.utf8))
        #expect(inputs.filing.filingID == "f" && inputs.filing.companyKey == "k" && inputs.filing.parserVersion == "9")
        #expect(inputs.filing.header.company == #"A "quoted" {brace} [co]"#)
        #expect(inputs.filing.facts.map(\.value) == [1500])
        #expect(inputs.filing.guidance.isEmpty && inputs.guidanceJSON == Array("[]".utf8))
        #expect(inputs.filing.claims.isEmpty && inputs.claimsJSON == Array("[]".utf8))
        #expect(String(decoding: inputs.factsJSON, as: UTF8.self).hasPrefix("[ {\"concept\""))
    }

    @Test func malformedOrIncompleteDataIsAnUndecodableEvent() throws {
        let cases = [
            "",
            "[]",
            #"{"filing_id":"f","company_key":"k","header":\#(Self.header),"facts":[{"a":1}"#,  // not closed
            #"{"filing_id":"f","company_key":"k","header":\#(Self.header),"facts":[}]}"#,  // brackets crossed
            #"{"filing_id":"f","company_key":"k","header":\#(Self.header)} x"#,  // trailing text
            #"{"filing_id":"f","header":\#(Self.header)}"#,  // no company_key
            #"{"filing_id":"f","company_key":"k","header":\#(Self.header),"facts":{"a":1}}"#,  // facts not an array
        ]
        for json in cases {
            let event = CloudEvent(id: "e", source: "test", type: EventTypes.filingParsed, data: Array(json.utf8))
            #expect(throws: CloudEventError.self, "\(json)") { try ParsedInputs(event) }
        }
    }
}
