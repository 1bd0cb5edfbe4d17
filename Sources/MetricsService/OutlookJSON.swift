import FilingEvents
import FilingParser
import FilingsCore

/// Guidance and claims as `metric_guidance` and `metric_claims` store them (`item`): written by
/// the same writers as `filings.parsed` carries them (`JSONByteWriter.guidance`, `.claim`), byte
/// for byte what `JSONCoding.encoder` writes (`OutlookJSONTests` compares them on the fixtures'
/// items and on values with every optional set and nil). Through `Encodable` they were an eighth
/// of storing a filing's inputs.
enum OutlookJSON {
    /// The JSON of `guidance`; throws only for a number JSON cannot hold (the encoder's own error).
    static func json(_ guidance: Guidance) throws -> [UInt8] {
        try JSONCoding.encoder.encodeBytes(guidance) { try $0.guidance(guidance) }
    }

    /// The JSON of `claim`; throws only for a number JSON cannot hold (the encoder's own error).
    static func json(_ claim: Claim) throws -> [UInt8] {
        try JSONCoding.encoder.encodeBytes(claim) { try $0.claim(claim) }
    }
}
