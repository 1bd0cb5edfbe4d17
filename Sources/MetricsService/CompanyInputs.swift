import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import Synchronization

/// A filing's analysis inputs as `metric_facts`, `metric_guidance` and `metric_claims` hold them:
/// its GAAP facts (cut down to what the analysis reads), its guidance with a period end and its
/// claims with a period end, each with its position in the filing.
struct StoredInputs: Sendable {
    struct FactRow: Sendable {
        var seq: Int
        var fact: Fact
        /// Day numbers: end (or instant), start (the end for an instant), span; nil when malformed.
        var start: Int?, end: Int?, span: Int?
    }

    var filingID: String
    var date: String
    var facts: [FactRow] = []
    /// The least start day and the greatest end day of the facts that have both (the others are
    /// always read); set by `boundDays()` once the facts are in, with `hasUndatedFacts`.
    private(set) var dayBounds: ClosedRange<Int>?
    private(set) var hasUndatedFacts = false
    var guidance: [(seq: Int, end: Int, item: Guidance)] = []
    var claims: [(seq: Int, end: Int, item: Claim)] = []

    init(filingID: String, date: String) {
        self.filingID = filingID
        self.date = date
    }

    /// The rows `filing` is stored as.
    init(_ filing: FilingRecord) {
        self.init(filingID: filing.filingID, date: filing.date)
        for (seq, fact) in filing.facts.enumerated() where fact.basis == "gaap" {
            facts.append(Self.row(seq: seq, concept: fact.concept, period: fact.period, value: fact.value, unit: fact.unit))
        }
        for (seq, item) in filing.guidance.enumerated() {
            if let end = item.period?.endDay { guidance.append((seq, end, item)) }
        }
        for (seq, item) in filing.claims.enumerated() {
            if let end = item.period?.end.flatMap(dayNumber) { claims.append((seq, end, item)) }
        }
        boundDays()
    }

    mutating func boundDays() {
        var low = Int.max, high = Int.min
        for row in facts {
            guard let start = row.start, let end = row.end else { continue }
            low = min(low, start)
            high = max(high, end)
        }
        dayBounds = low <= high ? low...high : nil
        hasUndatedFacts = facts.contains { $0.end == nil }
    }

    /// A `metric_facts` row: the fact as the analysis reads it back (no label or statement).
    static func row(seq: Int, concept: String, period: Period, value: Double, unit: String) -> FactRow {
        let end = period.endDay, start = period.startDay ?? end
        return FactRow(seq: seq, fact: Fact(concept: concept, label: "", statement: "", value: value, unit: unit, period: period, basis: "gaap"),
                       start: start, end: end, span: end.flatMap { e in start.map { e - $0 + 1 } })
    }

    /// Every stored filing of `company`.
    static func load(_ db: Database, company: String) throws -> [String: StoredInputs] {
        var filings: [String: StoredInputs] = [:]
        func add(_ row: Row, _ body: (inout StoredInputs) throws -> Void) rethrows {
            let id: String = row[0]
            var filing = filings[id] ?? StoredInputs(filingID: id, date: row[1])
            try body(&filing)
            filings[id] = filing
        }
        let facts = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT filing_id, date, seq, concept, period_start, period_end, period_instant, value, unit
            FROM metric_facts WHERE company_key = ? ORDER BY filing_id, seq
            """), arguments: [company])
        while let row = try facts.next() {
            add(row) { $0.facts.append(Self.row(seq: row[2], concept: row[3], period: Period(start: row[4], end: row[5], instant: row[6]),
                                           value: row[7], unit: row[8])) }
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT filing_id, date, seq, end_day, item FROM metric_guidance WHERE company_key = ? ORDER BY filing_id, seq"),
                                    arguments: [company]) {
            try add(row) { $0.guidance.append((row[2], row[3], try JSONCoding.decoder.decode(Guidance.self, from: row[4] as Data))) }
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT filing_id, date, seq, end_day, item FROM metric_claims WHERE company_key = ? ORDER BY filing_id, seq"),
                                    arguments: [company]) {
            try add(row) { $0.claims.append((row[2], row[3], try JSONCoding.decoder.decode(Claim.self, from: row[4] as Data))) }
        }
        for id in filings.keys { filings[id]!.boundDays() }
        return filings
    }

    /// The filing cut down to what the analysis of periods near `factDays` reads (nil when nothing):
    /// the facts whose periods overlap `factDays` (and those without a readable end date), the
    /// guidance ending in `guidanceEnds`, the claims ending in `claimEnds`.
    func near(factDays: DayRanges, guidanceEnds: DayRanges, claimEnds: DayRanges) -> FilingRecord? {
        let long = MetricsStore.longSpanDays
        // A fact read starts by a range's last day and ends after its first: none when the filing's days miss every range.
        let mayMatch = hasUndatedFacts || dayBounds.map { days in
            factDays.ranges.contains { $0.upperBound >= days.lowerBound && days.upperBound >= $0.lowerBound }
        } ?? false
        func isRead(start: Int?, end: Int?, span: Int?) -> Bool {
            guard let end else { return true }
            guard let start else { return false }
            return factDays.ranges.contains { range in
                let low = range.lowerBound, high = range.upperBound
                return start <= high && ((low...(high + long)).contains(end) || (span ?? 0) > long && end > high + long)
            }
        }
        // The facts taken straight from the rows read (not the rows copied first, nor the array grown);
        // a row's days read in place (passing the row copied it, its fact's strings retained and released).
        var facts: [Fact] = []
        if mayMatch {
            facts.reserveCapacity(self.facts.count)
            for index in self.facts.indices
            where isRead(start: self.facts[index].start, end: self.facts[index].end, span: self.facts[index].span) {
                facts.append(self.facts[index].fact)
            }
        }
        let guidance = guidance.filter { guidanceEnds.contains($0.end) }
        let claims = claims.filter { claimEnds.contains($0.end) }
        guard !facts.isEmpty || !guidance.isEmpty || !claims.isEmpty else { return nil }
        return FilingRecord(filingID: filingID, date: date, facts: facts, guidance: guidance.map(\.item), claims: claims.map(\.item))
    }
}

/// One company's stored filings, indexed by the days they can be read for (`near`), so a filing
/// of a company with a long history visits its neighbours only, not every filing it ever had.
struct CompanyFilings: Sendable {
    private(set) var filings: [String: StoredInputs] = [:]
    /// Filing ids by bucket of days (`bucket(_:)`): every bucket that its facts' day bounds overlap,
    /// and those of its guidance and claim ends.
    private var byBucket: [Int: Set<String>] = [:]
    /// Filings with facts without a readable end date: read with any range.
    private var undated: Set<String> = []
    /// Facts, guidance and claims held (what the cache's capacity counts).
    private(set) var items = 0
    /// The durations of the facts held (start and end days of the facts whose period has a start
    /// date, as `metric_facts` has them), each with the number of filings that have one: `partners(of:)`.
    private var durations: [Duration: Int] = [:]
    private var startsByEnd: [Int: Set<Int>] = [:], endsByStart: [Int: Set<Int>] = [:]

    private struct Duration: Hashable {
        var start: Int, end: Int
    }

    init(_ filings: [String: StoredInputs] = [:]) {
        for filing in filings.values { insert(filing) }
    }

    /// Adds `filing`, replacing a stored version.
    mutating func insert(_ filing: StoredInputs) {
        remove(filing.filingID)
        filings[filing.filingID] = filing
        items += Self.items(filing)
        if filing.hasUndatedFacts { undated.insert(filing.filingID) }
        for bucket in Self.buckets(filing) { byBucket[bucket, default: []].insert(filing.filingID) }
        for duration in Self.durations(filing) {
            durations[duration, default: 0] += 1
            if durations[duration] == 1 {
                startsByEnd[duration.end, default: []].insert(duration.start)
                endsByStart[duration.start, default: []].insert(duration.end)
            }
        }
    }

    private mutating func remove(_ filingID: String) {
        guard let old = filings.removeValue(forKey: filingID) else { return }
        items -= Self.items(old)
        undated.remove(filingID)
        for bucket in Self.buckets(old) {
            byBucket[bucket]?.remove(filingID)
            if byBucket[bucket]?.isEmpty == true { byBucket[bucket] = nil }
        }
        for duration in Self.durations(old) {
            durations[duration]! -= 1
            guard durations[duration] == 0 else { continue }
            durations[duration] = nil
            startsByEnd[duration.end]?.remove(duration.start)
            if startsByEnd[duration.end]?.isEmpty == true { startsByEnd[duration.end] = nil }
            endsByStart[duration.start]?.remove(duration.end)
            if endsByStart[duration.start]?.isEmpty == true { endsByStart[duration.start] = nil }
        }
    }

    /// Start and end days of the durations held that share a start or an end day with `period`
    /// (what `MetricsStore.partners` reads from `metric_facts`, in no particular order).
    func partners(of period: Period) -> [(start: Int, end: Int)] {
        guard period.instant == nil, let start = period.startDay, let end = period.endDay else { return [] }
        let sharingEnd = (startsByEnd[end] ?? []).map { (start: $0, end: end) }
        let sharingStart = (endsByStart[start] ?? []).filter { $0 != end }.map { (start: start, end: $0) }
        return sharingEnd + sharingStart
    }

    /// The filings near the given days (see `StoredInputs.near`), `filing` excluded.
    func near(excluding filing: String, factDays: DayRanges, guidanceEnds: DayRanges, claimEnds: DayRanges) -> [FilingRecord] {
        var candidates = undated
        for range in factDays.ranges + guidanceEnds.ranges + claimEnds.ranges {
            let low = Self.bucket(range.lowerBound), high = Self.bucket(range.upperBound)
            if high - low < byBucket.count {
                for bucket in low...high { if let ids = byBucket[bucket] { candidates.formUnion(ids) } }
            } else {
                for (bucket, ids) in byBucket where (low...high).contains(bucket) { candidates.formUnion(ids) }
            }
        }
        candidates.remove(filing)
        return candidates.compactMap { id in
            filings[id]?.near(factDays: factDays, guidanceEnds: guidanceEnds, claimEnds: claimEnds)
        }
    }

    /// Days in 128-day buckets.
    private static func bucket(_ day: Int) -> Int { day >> 7 }

    private static func buckets(_ filing: StoredInputs) -> Set<Int> {
        var buckets = Set<Int>()
        if let days = filing.dayBounds { buckets.formUnion(bucket(days.lowerBound)...bucket(days.upperBound)) }
        for item in filing.guidance { buckets.insert(bucket(item.end)) }
        for item in filing.claims { buckets.insert(bucket(item.end)) }
        return buckets
    }

    /// The filing's distinct durations (`durations`).
    private static func durations(_ filing: StoredInputs) -> Set<Duration> {
        var out = Set<Duration>()
        for row in filing.facts where row.fact.period.start != nil {
            if let start = row.start, let end = row.end { out.insert(Duration(start: start, end: end)) }
        }
        return out
    }

    private static func items(_ filing: StoredInputs) -> Int {
        filing.facts.count + filing.guidance.count + filing.claims.count
    }
}

/// The stored analysis inputs of the companies handled lately, so a filing of a company with a
/// long history does not read its neighbours' facts back from SQLite and decode their guidance
/// again. One per store (`of(_:)`), kept equal to its tables: the handler updates it in the
/// transaction that writes them and forgets the company when that transaction fails; a restore
/// from the changelog forgets what it replaces. Holds at most `capacity` facts; the companies used
/// least recently go first.
final class CompanyInputs: Sendable {
    private struct State {
        var companies: [String: (filings: CompanyFilings, used: Int)] = [:]
        var facts = 0
        var tick = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The filings of `company` near the given days, `filing` (just stored) excluded.
    func near(_ db: Database, company: String, excluding filing: String, factDays: DayRanges, guidanceEnds: DayRanges,
              claimEnds: DayRanges) throws -> [FilingRecord] {
        try withCompany(db, company) { filings in
            filings.near(excluding: filing, factDays: factDays, guidanceEnds: guidanceEnds, claimEnds: claimEnds)
        }
    }

    /// The durations of `company`'s stored facts that share a start or an end day with `period`
    /// (`MetricsStore.partners`, without reading every fact of those days again).
    func partners(_ db: Database, company: String, of period: Period) throws -> [(start: Int, end: Int)] {
        try withCompany(db, company) { filings in filings.partners(of: period) }
    }

    /// Records that `filing` of `company` is stored (replacing an earlier version); call in the
    /// transaction that stores it, after an earlier version's rows were removed and before its own
    /// are written (a company not held is read from the store then: nothing for a new company).
    func stored(_ db: Database, company: String, _ filing: StoredInputs) throws {
        try withCompany(db, company) { filings in filings.insert(filing) }
    }

    func forget(company: String) {
        state.withLock { state in
            if let gone = state.companies.removeValue(forKey: company) { state.facts -= gone.filings.items }
        }
    }

    func forgetAll() {
        state.withLock { $0 = State() }
    }

    /// Runs `body` on the company's filings, loading them from the store when not held.
    private func withCompany<T>(_ db: Database, _ company: String, _ body: (inout CompanyFilings) throws -> T) throws -> T {
        let held = state.withLock { state -> CompanyFilings? in
            guard let entry = state.companies.removeValue(forKey: company) else { return nil }
            state.facts -= entry.filings.items
            return entry.filings
        }
        var filings = try held ?? CompanyFilings(StoredInputs.load(db, company: company))
        let result = try body(&filings)
        state.withLock { state in
            state.tick += 1
            state.companies[company] = (filings, state.tick)
            state.facts += filings.items
            guard state.facts > capacity else { return }
            // Least recently used first, down to three quarters of the capacity.
            for (key, entry) in state.companies.sorted(by: { $0.value.used < $1.value.used }) where state.facts > capacity * 3 / 4 {
                state.companies.removeValue(forKey: key)
                state.facts -= entry.filings.items
            }
        }
        return result
    }

    /// The cache of `store`: every handler and replica over one store shares it.
    static func of(_ store: Store) -> CompanyInputs {
        registry.withLock { entries in
            entries.removeAll { $0.writer == nil }
            if let entry = entries.first(where: { $0.writer === store.writer as AnyObject }) { return entry.cache }
            let entry = Entry(writer: store.writer as AnyObject, cache: CompanyInputs())
            entries.append(entry)
            return entry.cache
        }
    }

    private final class Entry: @unchecked Sendable {
        weak var writer: AnyObject?
        let cache: CompanyInputs
        init(writer: AnyObject, cache: CompanyInputs) {
            self.writer = writer
            self.cache = cache
        }
    }

    private static let registry = Mutex<[Entry]>([])
}
