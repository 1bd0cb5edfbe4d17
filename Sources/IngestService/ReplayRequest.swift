import FilingEvents
import FilingsCore
import Foundation

/// Which accepted filings to emit again, and from which stage (`POST /replay`, `filings replay`).
///
/// Exactly one selector: a range of filing dates (`from` and `to`, inclusive; a filing without a
/// filing date counts with the day ingest accepted it), a company (company key or CIK), or filing
/// ids (accession numbers, or `sha256:<hex>` for filings without one).
public struct ReplayRequest: Codable, Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var company: String?
    public var filings: [String]?
    public var stage: FilingIngested.Replay.Stage

    public init(from: String? = nil, to: String? = nil, company: String? = nil, filings: [String]? = nil,
                stage: FilingIngested.Replay.Stage = .ingest) {
        self.from = from
        self.to = to
        self.company = company
        self.filings = filings
        self.stage = stage
    }

    enum CodingKeys: String, CodingKey { case from, to, company, filings, stage }

    /// Like the synthesized decoder, except that an explicit `null` is an error, not "absent".
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.from, .to, .company, .filings] where c.contains(key) {
            if try c.decodeNil(forKey: key) {
                throw DecodingError.valueNotFound(String.self, .init(codingPath: [key], debugDescription: "\(key.rawValue) is null; leave it out"))
            }
        }
        from = try c.decodeIfPresent(String.self, forKey: .from)
        to = try c.decodeIfPresent(String.self, forKey: .to)
        company = try c.decodeIfPresent(String.self, forKey: .company)
        filings = try c.decodeIfPresent([String].self, forKey: .filings)
        stage = try c.decode(FilingIngested.Replay.Stage.self, forKey: .stage)
    }

    /// Throws a `ReplayRequestError` naming what is wrong: no selector or more than one, a date
    /// that is not `yyyy-MM-dd`, `from` after `to`, an empty company or filing id.
    public func validate() throws(ReplayRequestError) {
        let dates = from != nil || to != nil
        let selectors = [dates, company != nil, filings != nil].filter { $0 }.count
        guard selectors == 1 else {
            throw ReplayRequestError(selectors == 0
                ? "say which filings: a date range (from and to), a company, or filing ids"
                : "give only one of: a date range (from and to), a company, filing ids")
        }
        if dates {
            guard let from, let to else { throw ReplayRequestError("a date range needs both from and to (yyyy-MM-dd)") }
            for (name, value) in [("from", from), ("to", to)] where !QueryRule.isCalendarDate(value) {
                throw ReplayRequestError("\(name) must be a date yyyy-MM-dd; got '\(value)'")
            }
            guard from <= to else { throw ReplayRequestError("from (\(from)) is after to (\(to))", inconsistent: true) }
        }
        if let company, company.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReplayRequestError("the company is empty")
        }
        if let filings {
            guard !filings.isEmpty else { throw ReplayRequestError("give at least one filing id") }
            guard !filings.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw ReplayRequestError("a filing id is empty")
            }
        }
    }
}

public struct ReplayRequestError: Error, CustomStringConvertible, Equatable {
    public var description: String
    /// Well-formed but contradictory (`from` after `to`): HTTP 422 rather than 400.
    public var inconsistent: Bool
    public init(_ description: String, inconsistent: Bool = false) {
        self.description = description
        self.inconsistent = inconsistent
    }
}

/// What `POST /replay` did: the filings whose event was queued again, and those it could not replay.
public struct ReplayResult: Codable, Sendable, Equatable {
    public struct Skipped: Codable, Sendable, Equatable {
        public var filingID: String
        public var reason: String
        enum CodingKeys: String, CodingKey { case filingID = "filing_id", reason }
    }

    /// The request's id, part of every replayed event's id.
    public var request: String
    public var stage: FilingIngested.Replay.Stage
    public var replayed: [String]
    public var notReplayed: [Skipped]

    enum CodingKeys: String, CodingKey { case request, stage, replayed, notReplayed = "not_replayed" }
}
