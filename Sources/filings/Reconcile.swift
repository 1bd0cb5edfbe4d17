import ArgumentParser
import FilingEvents
import FilingsCore
import Foundation
import IngestService

/// `filings reconcile`: accepted filings (ingest `GET /filings/accepted`) that never produced a
/// metric event (metrics `GET /filings/processed`), optionally replayed.
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List accepted filings that never produced a metric event; --replay emits them again.",
        discussion: """
            Compares what ingest accepted (since --since, default all) with what metrics processed. \
            Filings accepted less than --min-age seconds ago are not counted (they may still be on their \
            way). Prints one line per missing filing and `reconcile: N accepted, M processed, K missing`; \
            exits 1 when filings are missing and were not replayed. Ingest at --ingest-url (INGEST_URL), \
            metrics at --metrics-url (METRICS_URL).
            """)

    @Option(help: "Only filings accepted since then: yyyy-mm-dd or an RFC 3339 time.") var since: String?
    @Option(name: .customLong("min-age"), help: "Ignore filings accepted less than this many seconds ago.") var minAge = 60
    @Flag(help: "Replay the missing filings (by id, see `filings replay`).") var replay = false
    @Option(help: "With --replay: ingest (parse again) or parse (re-emit stored parse results).") var stage: FilingIngested.Replay.Stage = .ingest
    @Option(name: .customLong("ingest-url"), help: "Base URL of ingest (default INGEST_URL or http://127.0.0.1:8081).") var ingestURL: String?
    @Option(name: .customLong("metrics-url"), help: "Base URL of metrics (default METRICS_URL or http://127.0.0.1:8083).") var metricsURL: String?

    func validate() throws {
        if let since, QueryRule.parseInstant(since) == nil {
            throw ValidationError("--since must be a date yyyy-mm-dd or an RFC 3339 time; got '\(since)'")
        }
        guard minAge >= 0 else { throw ValidationError("--min-age must be 0 or more seconds") }
    }

    private struct Processed: Decodable {
        struct Filing: Decodable { var filing_id: String; var processed_at: Date }
        var filings: [Filing]
        var truncated: Bool
    }

    func run() async throws {
        let ingest = ServiceClient.ingest(ingestURL), metrics = ServiceClient.metrics(metricsURL)
        let now = Date()
        var accepted: [AcceptedFiling] = []
        var cursor = since
        while true {  // pages: the next starts at the last one's time (repeats at that instant are dropped)
            let page = try ingest.decode(AcceptedList.self, try await ingest.send("GET", "/filings/accepted" + query(cursor)))
            let known = Set(accepted.map(\.filingID))
            let new = page.filings.filter { !known.contains($0.filingID) }
            accepted += new
            guard page.truncated, !new.isEmpty, let last = accepted.last else { break }
            cursor = JSONCoding.rfc3339.format(last.acceptedAt)
        }
        var processed = Set<String>()
        cursor = since
        while true {
            let page = try metrics.decode(Processed.self, try await metrics.send("GET", "/filings/processed" + query(cursor)))
            let before = processed.count
            for filing in page.filings { processed.insert(filing.filing_id) }
            guard page.truncated, processed.count > before, let last = page.filings.last else { break }
            cursor = JSONCoding.rfc3339.format(last.processed_at)
        }
        let missing = Reconciliation.missing(accepted, processedIDs: processed, acceptedBefore: now.addingTimeInterval(-Double(minAge)))
        for filing in missing {
            print("missing \(filing.filingID) company \(filing.companyKey ?? "-") filed \(filing.filedDate ?? "-") "
                  + "accepted \(JSONCoding.rfc3339.format(filing.acceptedAt))\(filing.rawKept ? "" : " (no raw copy: cannot be replayed)")")
        }
        print("reconcile: \(accepted.count) accepted, \(processed.count) processed, \(missing.count) missing")
        guard !missing.isEmpty else { return }
        guard replay else { throw ExitCode(1) }
        try await ReplayCommand.send(ReplayRequest(filings: missing.map(\.filingID), stage: stage), ingest: ingest)
    }

    private func query(_ since: String?) -> String {
        guard let since else { return "" }
        return "?since=" + (since.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-.:"))) ?? since)
    }
}
