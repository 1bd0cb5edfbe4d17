import FilingEvents
import FilingParser
import FilingsCore
import Foundation

/// What the metrics read of a `filings.parsed` event: everything but the statements, which are
/// the bulk of the event and are neither decoded nor scanned by `JSONDecoder` (`JSONMembers`
/// finds the members read, `JSONReadable` reads them, Foundation's decoder only what that does not
/// take). The JSON of the facts, guidance and claims is kept as it came, for the `filings` row, so
/// it is not encoded again.
struct ParsedInputs: Sendable {
    let filing: FilingParsed
    /// The event's `facts`, `guidance` and `claims` arrays as JSON (`[]` when missing or null).
    let factsJSON: [UInt8], guidanceJSON: [UInt8], claimsJSON: [UInt8]

    /// Reads the data of event `event`; anything unreadable is a `CloudEventError.undecodableData`.
    init(_ event: CloudEvent) throws {
        do {
            try self.init(json: event.data)
        } catch {
            throw CloudEventError.undecodableData(type: event.type, reason: "\(error)")
        }
    }

    init(json bytes: [UInt8]) throws {
        let members = try JSONMembers(bytes)
        func slice(_ key: String) -> ArraySlice<UInt8>? {
            guard let range = members.values[key] else { return nil }
            let value = bytes[range]
            return value.elementsEqual("null".utf8) ? nil : value
        }
        func required<T: Decodable & JSONReadable>(_ type: T.Type, _ key: String) throws -> T {
            guard let value = slice(key) else {
                throw DecodingError.keyNotFound(Key(key), .init(codingPath: [], debugDescription: "no value for key '\(key)'"))
            }
            return try decode(type, value, key)
        }
        /// Read directly (`JSONReadable`), or by Foundation's decoder when the direct reader does not take it.
        func decode<T: Decodable & JSONReadable>(_ type: T.Type, _ value: ArraySlice<UInt8>, _ key: String) throws -> T {
            if let direct = try? value.withUnsafeBufferPointer({ try T(json: $0) }) { return direct }
            do { return try JSONCoding.decoder.decode(type, from: Data(value)) } catch { throw MemberError(key: key, error: error) }
        }
        func array<T: Decodable & JSONReadable>(_ type: T.Type, _ key: String) throws -> ([T], [UInt8]) {
            guard let value = slice(key) else { return ([], Array("[]".utf8)) }
            return (try decode([T].self, value, key), Array(value))
        }
        let (facts, factsJSON) = try array(Fact.self, "facts")
        let (guidance, guidanceJSON) = try array(Guidance.self, "guidance")
        let (claims, claimsJSON) = try array(Claim.self, "claims")
        filing = FilingParsed(filingID: try required(String.self, "filing_id"), companyKey: try required(String.self, "company_key"),
                              header: try required(FilingHeader.self, "header"), statements: [], facts: facts,
                              guidance: guidance, claims: claims,
                              parserVersion: try slice("parser_version").map { try decode(String.self, $0, "parser_version") })
        self.factsJSON = factsJSON
        self.guidanceJSON = guidanceJSON
        self.claimsJSON = claimsJSON
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ key: String) { stringValue = key }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A member's value that `JSONDecoder` could not read, named by its key.
    struct MemberError: Error, CustomStringConvertible {
        let key: String
        let error: any Error
        var description: String { "member '\(key)': \(error)" }
    }
}
