import FilingEvents
import FilingMetrics
import FilingParser

/// `MetricEvent` read with the project's `JSONReader` (no Foundation decoder, no tree of values):
/// what Foundation's decoder of `MetricEvent.Wire` reads of the same JSON, or
/// `JSONReader.Unsupported` for anything else (a key twice, a missing or mistyped member, a
/// guidance entry Foundation's lenient decoding would drop, a `period_kind` that is not a string),
/// and `MetricEvent(json:)` then decodes with Foundation. `MetricEventReadingTests` compares both.
extension MetricEvent: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var filingID: String?, companyKey: String?, cik: String?, company: String?, form: String?, kind: String?
        var period: Period?, metrics: [Value]?, guidance: [GuidanceEntry]?
        try reader.members { reader, key in
            switch key {
            case "filing_id": filingID = try reader.string()
            case "company_key": companyKey = try reader.string()
            case "cik": cik = try reader.optionalString()
            case "company": company = try reader.optionalString()
            case "form": form = try reader.optionalString()
            case "kind": kind = try reader.optionalString()
            case "period": period = try reader.null() ? nil : try Period(reading: &reader)
            case "metrics": metrics = try reader.null() ? nil : try [Value](reading: &reader)
            case "guidance": guidance = try reader.null() ? nil : try [GuidanceEntry](reading: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(filingID: try JSONReader.required(filingID), companyKey: try JSONReader.required(companyKey), cik: cik,
                  company: company, form: form, kind: kind, period: period, metrics: metrics ?? [], guidance: guidance ?? [])
    }
}

extension MetricEvent.Value: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var name: String?, value: Double?, period: Period?, periodKind: String?
        try reader.members { reader, key in
            switch key {
            case "name": name = try reader.string()
            case "value": value = try reader.double()
            case "period": period = try Period(reading: &reader)
            case "period_kind": periodKind = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(name: try JSONReader.required(name), value: try JSONReader.required(value), period: try JSONReader.required(period),
                  periodKind: periodKind.flatMap(PeriodKind.init(rawValue:)))
    }
}

extension MetricEvent.GuidanceEntry: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var metric: String?, position: String?, period: Period?
        try reader.members { reader, key in
            switch key {
            case "metric": metric = try reader.string()
            case "position": position = try reader.optionalString()
            case "period": period = try reader.null() ? nil : try Period(reading: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(metric: try JSONReader.required(metric), position: position, period: period)
    }
}
