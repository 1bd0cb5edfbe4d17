import FilingParser

/// A value `JSONReader` reads directly: what Foundation's decoder reads of the same JSON, or
/// `JSONReader.Unsupported` for anything else (a key twice, a missing member, a value of another
/// type, a member whose default the type's `Decodable` supplies), which the caller then decodes
/// with `JSONCoding.decoder`. The metrics service reads the facts, guidance and claims of every
/// `filings.parsed` event this way (`ParsedInputs`); `FilingParsedReadingTests` compares both
/// decoders on the fixtures' events and on crafted JSON.
public protocol JSONReadable {
    init(reading reader: inout JSONReader) throws
}

extension JSONReadable {
    /// Reads `bytes`, a whole document holding one value.
    public init(json bytes: UnsafeBufferPointer<UInt8>) throws {
        var reader = JSONReader(bytes)
        self = try Self(reading: &reader)
        try reader.end()
    }
}

extension String: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try reader.string() }
}

extension Array: JSONReadable where Element: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var list: [Element] = []
        try reader.array { reader in list.append(try Element(reading: &reader)) }
        self = list
    }
}

extension JSONReader {
    /// Reads an object's members with `field`, refusing a key twice (Foundation then decides).
    public mutating func members(_ field: (inout JSONReader, String) throws -> Void) throws {
        var seen: [String] = []  // a few keys each: a list costs less than a set's hashing
        seen.reserveCapacity(12)
        try object { reader, key in
            guard !seen.contains(key) else { throw Unsupported() }
            seen.append(key)
            try field(&reader, key)
        }
    }

    /// A required member's value, read.
    public static func required<T>(_ value: T?) throws -> T {
        guard let value else { throw Unsupported() }
        return value
    }
}

extension Period: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var start: String?, end: String?, instant: String?
        try reader.members { reader, key in
            switch key {
            case "start": start = try reader.optionalString()
            case "end": end = try reader.optionalString()
            case "instant": instant = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(start: start, end: end, instant: instant)
    }
}

extension Fact: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var concept: String?, label: String?, statement: String?, value: Double?, unit: String?, period: Period?, basis: String?
        try reader.members { reader, key in
            switch key {
            case "concept": concept = try reader.string()
            case "label": label = try reader.string()
            case "statement": statement = try reader.string()
            case "value": value = try reader.double()
            case "unit": unit = try reader.string()
            case "period": period = try Period(reading: &reader)
            case "basis": basis = try reader.string()
            default: try reader.skipValue()
            }
        }
        self.init(concept: try JSONReader.required(concept), label: try JSONReader.required(label),
                  statement: try JSONReader.required(statement), value: try JSONReader.required(value),
                  unit: try JSONReader.required(unit), period: try JSONReader.required(period), basis: try JSONReader.required(basis))
    }
}

extension Guidance: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var metric: String?, fiscalYear: Int?, fiscalQuarter: Int?, period: Period?, periodLabel: String?
        var low: Double?, high: Double?, unit: String?, basis: String?, text: String?
        try reader.members { reader, key in
            switch key {
            case "metric": metric = try reader.string()
            case "fiscal_year": fiscalYear = try reader.optionalInteger()
            case "fiscal_quarter": fiscalQuarter = try reader.optionalInteger()
            case "period": period = try reader.null() ? nil : try Period(reading: &reader)
            case "period_label": periodLabel = try reader.optionalString()
            case "low": low = try reader.optionalDouble()
            case "high": high = try reader.optionalDouble()
            case "unit": unit = try reader.string()
            case "basis": basis = try reader.string()
            case "text": text = try reader.string()
            default: try reader.skipValue()
            }
        }
        self.init(metric: try JSONReader.required(metric), fiscalYear: fiscalYear, fiscalQuarter: fiscalQuarter, period: period,
                  periodLabel: periodLabel, low: low, high: high, unit: try JSONReader.required(unit),
                  basis: try JSONReader.required(basis), text: try JSONReader.required(text))
    }
}

extension Claim: JSONReadable {
    /// `basis` and `unit` are required here: their defaults are `Claim`'s decoder's (Foundation).
    public init(reading reader: inout JSONReader) throws {
        var metric: String?, value: Double?, period: Period?, text: String?, basis: String?, unit: String?, rounding: Double?
        try reader.members { reader, key in
            switch key {
            case "metric": metric = try reader.string()
            case "value": value = try reader.double()
            case "period": period = try reader.null() ? nil : try Period(reading: &reader)
            case "text": text = try reader.string()
            case "basis": basis = try reader.string()
            case "unit": unit = try reader.string()
            case "rounding": rounding = try reader.optionalDouble()
            default: try reader.skipValue()
            }
        }
        self.init(metric: try JSONReader.required(metric), value: try JSONReader.required(value), period: period,
                  text: try JSONReader.required(text), basis: try JSONReader.required(basis), unit: try JSONReader.required(unit),
                  rounding: rounding)
    }
}

extension Exhibit: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var type: String?, description: String?
        try reader.members { reader, key in
            switch key {
            case "type": type = try reader.string()
            case "description": description = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(type: try JSONReader.required(type), description: description)
    }
}

extension FilingHeader: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var header = FilingHeader()
        try reader.members { reader, key in
            switch key {
            case "form": header.form = try reader.optionalString()
            case "company": header.company = try reader.optionalString()
            case "cik": header.cik = try reader.optionalString()
            case "accession": header.accession = try reader.optionalString()
            case "filed_date": header.filedDate = try reader.optionalString()
            case "report_date": header.reportDate = try reader.optionalString()
            case "period_of_report": header.periodOfReport = try reader.optionalString()
            case "commission_file_number": header.commissionFileNumber = try reader.optionalString()
            case "irs_ein": header.irsEIN = try reader.optionalString()
            case "state_of_incorporation": header.stateOfIncorporation = try reader.optionalString()
            case "items": header.items = try reader.null() ? [] : try [String](reading: &reader)
            case "exhibits": header.exhibits = try reader.null() ? [] : try [Exhibit](reading: &reader)
            default: try reader.skipValue()
            }
        }
        self = header
    }
}
