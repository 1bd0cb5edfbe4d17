import Foundation
import KafkaKit

/// A CloudEvent (spec 1.0) carried in Kafka binary content mode: attributes as `ce_*` headers,
/// `content-type` for the data's media type, the data as the record value.
public struct CloudEvent: Sendable, Equatable {
    public var id: String
    public var source: String
    public var type: String
    public var time: Date
    public var subject: String?
    public var dataContentType: String
    public var data: [UInt8]

    public init(id: String, source: String, type: String, time: Date = Date(), subject: String? = nil,
                dataContentType: String = "application/json", data: [UInt8]) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataContentType = dataContentType
        self.data = data
    }

    /// An event whose data is `payload` encoded as JSON.
    public init<T: Encodable>(id: String, source: String, type: String, subject: String?, payload: T) throws {
        self.init(id: id, source: source, type: type, subject: subject, data: try JSONCoding.encoder.encodeBytes(payload))
    }

    /// Same input, stage and schema version give the same id, so a re-processed input produces
    /// an event every consumer recognises as a duplicate.
    public static func deterministicID(stage: String, type: String, subject: String, discriminator: String = "") -> String {
        String(sha256Hex("\(stage)\u{0}\(type)\u{0}\(subject)\u{0}\(discriminator)".utf8).prefix(32))
    }

    /// The Kafka headers of this event.
    public var headers: [KafkaHeader] {
        var headers = [
            KafkaHeader(name: "ce_specversion", string: "1.0"),
            KafkaHeader(name: "ce_id", string: id),
            KafkaHeader(name: "ce_source", string: source),
            KafkaHeader(name: "ce_type", string: type),
            KafkaHeader(name: "ce_time", string: Self.timeFormat.format(time)),
            KafkaHeader(name: "content-type", string: dataContentType),
        ]
        if let subject { headers.append(KafkaHeader(name: "ce_subject", string: subject)) }
        return headers
    }

    /// Reads an event from a record; fails when a required attribute is missing or malformed.
    public init(message: KafkaMessage) throws {
        let headers = message.headers
        func required(_ name: String) throws -> String {
            guard let value = headers.string(name), !value.isEmpty else { throw CloudEventError.missingAttribute(name) }
            return value
        }
        let version = try required("ce_specversion")
        guard version == "1.0" else { throw CloudEventError.unsupportedVersion(version) }
        id = try required("ce_id")
        source = try required("ce_source")
        type = try required("ce_type")
        if let timeText = headers.string("ce_time") {
            guard let parsed = try? Self.timeFormat.parse(timeText) else { throw CloudEventError.malformedTime(timeText) }
            time = parsed
        } else {
            time = Date(timeIntervalSince1970: Double(message.timestampMillis ?? 0) / 1000)
        }
        subject = headers.string("ce_subject")
        dataContentType = headers.string("content-type") ?? "application/json"
        data = message.value
    }

    /// Reads an event of type `type` from a record; any other type is a `CloudEventError`.
    public init(message: KafkaMessage, expecting type: String) throws {
        try self.init(message: message)
        guard self.type == type else { throw CloudEventError.unexpectedType(expected: type, got: self.type) }
    }

    /// Decodes the JSON data.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONCoding.decoder.decode(type, from: Data(data))
        } catch {
            throw CloudEventError.undecodableData(type: self.type, reason: "\(error)")
        }
    }

    static var timeFormat: Date.ISO8601FormatStyle { JSONCoding.rfc3339 }
}

public enum CloudEventError: Error, CustomStringConvertible, Equatable {
    case missingAttribute(String)
    case unsupportedVersion(String)
    case malformedTime(String)
    case unexpectedType(expected: String, got: String)
    case undecodableData(type: String, reason: String)

    public var description: String {
        switch self {
        case .missingAttribute(let name): "CloudEvent header \(name) is missing"
        case .unsupportedVersion(let v): "CloudEvent specversion \(v) is not supported (expected 1.0)"
        case .malformedTime(let t): "CloudEvent ce_time '\(t)' is not an RFC 3339 time"
        case .unexpectedType(let expected, let got): "expected event type \(expected), got \(got)"
        case .undecodableData(let type, let reason): "data of \(type) cannot be decoded: \(reason)"
        }
    }
}

/// The JSON settings every event, API answer and stored JSON uses: snake_case keys come from
/// explicit CodingKeys, sorted keys make output stable, dates are RFC 3339 in UTC with
/// milliseconds (`2026-12-06T11:57:36.123Z`), like the events' `ce_time`.
public enum JSONCoding {
    /// The one date format: RFC 3339, UTC, fractional seconds.
    public static let rfc3339 = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let rfc3339Seconds = Date.ISO8601FormatStyle()

    public static let encoder = EventJSONEncoder(foundation: foundationEncoder)

    /// Foundation's encoder with the same settings: what `encoder` must equal byte for byte, and
    /// what it falls back to.
    static let foundationEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(rfc3339.format(date))
        }
        return encoder
    }()

    /// Reads RFC 3339 dates with or without fractional seconds; a number is read as Foundation's
    /// old default (seconds since 2001), for JSON stored before dates were RFC 3339.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) { return Date(timeIntervalSinceReferenceDate: seconds) }
            let text = try container.decode(String.self)
            if let date = (try? rfc3339.parse(text)) ?? (try? rfc3339Seconds.parse(text)) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 date")
        }
        return decoder
    }()
}

extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}
