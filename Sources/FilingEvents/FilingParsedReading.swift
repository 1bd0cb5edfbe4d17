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

/// How a type's JSON object is read: a table with one entry per member, each saying whether the
/// member is required and how its value is read into the value being built (which starts as
/// `blank`). Members not in the table are skipped; a key twice, or a required member missing, is
/// `JSONReader.Unsupported` (Foundation then decides). One table per type, so every reader takes
/// its members the same way.
public struct JSONFields<Value: Sendable>: Sendable {
    public typealias Read = @Sendable (inout JSONReader, inout Value) throws -> Void

    /// One member: its key, whether it must be there, and how its value is read into the value built.
    public struct Field: Sendable {
        let key: String
        let required: Bool
        let read: Read

        public static func required(_ key: String, _ read: @escaping Read) -> Field { Field(key: key, required: true, read: read) }
        public static func optional(_ key: String, _ read: @escaping Read) -> Field { Field(key: key, required: false, read: read) }
    }

    private let blank: Value
    /// Each key's position in the table (its bit in `seen`) and reader.
    private let fields: [String: (index: Int, read: Read)]
    private let required: UInt64

    /// At most 64 `fields`.
    public init(blank: Value, _ fields: [Field]) {
        precondition(fields.count <= 64, "a JSONFields table holds at most 64 members")
        self.blank = blank
        var table: [String: (index: Int, read: Read)] = [:], required: UInt64 = 0
        for (index, field) in fields.enumerated() {
            table[field.key] = (index, field.read)
            if field.required { required |= 1 << index }
        }
        self.fields = table
        self.required = required
    }

    public func read(_ reader: inout JSONReader) throws -> Value {
        var value = blank, seen: UInt64 = 0
        try reader.object { reader, key in
            guard let field = fields[key] else { return try reader.skipValue() }
            let bit: UInt64 = 1 << field.index
            guard seen & bit == 0 else { throw JSONReader.Unsupported() }
            seen |= bit
            try field.read(&reader, &value)
        }
        guard seen & required == required else { throw JSONReader.Unsupported() }
        return value
    }
}

extension Period: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<Period>(blank: Period(), [
        .optional("start") { $1.start = try $0.optionalString() },
        .optional("end") { $1.end = try $0.optionalString() },
        .optional("instant") { $1.instant = try $0.optionalString() },
    ])
}

extension Fact: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<Fact>(blank: Fact(concept: "", label: "", statement: "", value: 0, unit: "", period: Period(), basis: ""), [
        .required("concept") { $1.concept = try $0.string() },
        .required("label") { $1.label = try $0.string() },
        .required("statement") { $1.statement = try $0.string() },
        .required("value") { $1.value = try $0.double() },
        .required("unit") { $1.unit = try $0.string() },
        .required("period") { $1.period = try Period(reading: &$0) },
        .required("basis") { $1.basis = try $0.string() },
    ])
}

extension Guidance: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<Guidance>(blank: Guidance(metric: "", period: nil, periodLabel: nil, low: nil, high: nil, unit: "", basis: "", text: ""), [
        .required("metric") { $1.metric = try $0.string() },
        .optional("fiscal_year") { $1.fiscalYear = try $0.optionalInteger() },
        .optional("fiscal_quarter") { $1.fiscalQuarter = try $0.optionalInteger() },
        .optional("period") { $1.period = try $0.null() ? nil : try Period(reading: &$0) },
        .optional("period_label") { $1.periodLabel = try $0.optionalString() },
        .optional("low") { $1.low = try $0.optionalDouble() },
        .optional("high") { $1.high = try $0.optionalDouble() },
        .required("unit") { $1.unit = try $0.string() },
        .required("basis") { $1.basis = try $0.string() },
        .required("text") { $1.text = try $0.string() },
    ])
}

extension Claim: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    /// `basis` and `unit` are required here: their defaults are `Claim`'s decoder's (Foundation).
    static let fields = JSONFields<Claim>(blank: Claim(metric: "", value: 0, period: nil, text: "", basis: "", unit: "", rounding: nil), [
        .required("metric") { $1.metric = try $0.string() },
        .required("value") { $1.value = try $0.double() },
        .optional("period") { $1.period = try $0.null() ? nil : try Period(reading: &$0) },
        .required("text") { $1.text = try $0.string() },
        .required("basis") { $1.basis = try $0.string() },
        .required("unit") { $1.unit = try $0.string() },
        .optional("rounding") { $1.rounding = try $0.optionalDouble() },
    ])
}

extension Exhibit: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<Exhibit>(blank: Exhibit(type: ""), [
        .required("type") { $1.type = try $0.string() },
        .optional("description") { $1.description = try $0.optionalString() },
    ])
}

extension FilingHeader: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<FilingHeader>(blank: FilingHeader(), [
        .optional("form") { $1.form = try $0.optionalString() },
        .optional("company") { $1.company = try $0.optionalString() },
        .optional("cik") { $1.cik = try $0.optionalString() },
        .optional("accession") { $1.accession = try $0.optionalString() },
        .optional("filed_date") { $1.filedDate = try $0.optionalString() },
        .optional("report_date") { $1.reportDate = try $0.optionalString() },
        .optional("period_of_report") { $1.periodOfReport = try $0.optionalString() },
        .optional("commission_file_number") { $1.commissionFileNumber = try $0.optionalString() },
        .optional("irs_ein") { $1.irsEIN = try $0.optionalString() },
        .optional("state_of_incorporation") { $1.stateOfIncorporation = try $0.optionalString() },
        .optional("items") { $1.items = try $0.null() ? [] : try [String](reading: &$0) },
        .optional("exhibits") { $1.exhibits = try $0.null() ? [] : try [Exhibit](reading: &$0) },
    ])
}
