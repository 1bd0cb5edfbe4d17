@testable import FilingsCore
import Foundation
import KafkaKit
import Testing

struct CloudEventTests {
    @Test func binaryModeHeadersRoundTrip() throws {
        let event = CloudEvent(id: "abc", source: "/filings/test", type: "filings.test.v1",
                               time: Date(timeIntervalSince1970: 1_700_000_000.25), subject: "0000-1", data: Array("{}".utf8))
        let names = event.headers.map(\.name)
        #expect(names == ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type", "ce_subject"])
        #expect(event.headers.string("ce_specversion") == "1.0")
        #expect(event.headers.string("content-type") == "application/json")
        let message = KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: event.data, headers: event.headers)
        #expect(try CloudEvent(message: message) == event)
    }

    @Test func deterministicIDDependsOnEveryInput() {
        let id = CloudEvent.deterministicID(stage: "parse", type: "filings.parsed.v1", subject: "0001-03-1")
        #expect(id == CloudEvent.deterministicID(stage: "parse", type: "filings.parsed.v1", subject: "0001-03-1"))
        #expect(id.count == 32)
        #expect(id != CloudEvent.deterministicID(stage: "metrics", type: "filings.parsed.v1", subject: "0001-03-1"))
        #expect(id != CloudEvent.deterministicID(stage: "parse", type: "filings.parsed.v2", subject: "0001-03-1"))
        #expect(id != CloudEvent.deterministicID(stage: "parse", type: "filings.parsed.v1", subject: "0001-03-2"))
    }

    @Test func missingOrMalformedAttributesAreNamed() {
        let good = CloudEvent(id: "1", source: "s", type: "t", data: []).headers
        for required in ["ce_specversion", "ce_id", "ce_source", "ce_type"] {
            let message = KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: [],
                                       headers: good.filter { $0.name != required })
            #expect(throws: CloudEventError.missingAttribute(required)) { try CloudEvent(message: message) }
        }
        var badTime = good.filter { $0.name != "ce_time" }
        badTime.append(KafkaHeader(name: "ce_time", string: "yesterday"))
        #expect(throws: CloudEventError.malformedTime("yesterday")) {
            try CloudEvent(message: KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: [], headers: badTime))
        }
    }

    struct Stamped: Codable, Equatable {
        var at: Date
    }

    /// 1,700,000,000 s after 1970 is 2023-11-14 22:13:20 UTC.
    @Test func jsonDatesAreRFC3339AndOldNumbersStillRead() throws {
        let encoded = try JSONCoding.encoder.encode(Stamped(at: Date(timeIntervalSince1970: 1_700_000_000.25)))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"at":"2023-11-14T22:13:20.250Z"}"#)
        #expect(try JSONCoding.decoder.decode(Stamped.self, from: encoded) == Stamped(at: Date(timeIntervalSince1970: 1_700_000_000.25)))
        let seconds = try JSONCoding.decoder.decode(Stamped.self, from: Data(#"{"at":"2023-11-14T22:13:20Z"}"#.utf8))
        #expect(seconds.at == Date(timeIntervalSince1970: 1_700_000_000))
        let old = try JSONCoding.decoder.decode(Stamped.self, from: Data(#"{"at":0}"#.utf8))
        #expect(old.at == Date(timeIntervalSince1970: 978_307_200), "Foundation's old default: seconds since 2001-01-01")
        #expect(throws: DecodingError.self) { try JSONCoding.decoder.decode(Stamped.self, from: Data(#"{"at":"yesterday"}"#.utf8)) }
    }
}
