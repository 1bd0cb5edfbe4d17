import ArgumentParser
import FilingEvents
import FilingsCore
import Foundation
import IngestService

extension FilingIngested.Replay.Stage: ExpressibleByArgument {}

/// `filings replay`: asks ingest (`POST /replay`) to emit stored filings again.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Emit accepted filings again from ingest's kept raw copies, so the pipeline runs them again.",
        discussion: """
            Select by filing date (--from and --to, inclusive; a filing without a filing date counts with \
            the day ingest accepted it), by company (--company, a company key or CIK) or by filing id \
            (--accession, accession numbers or sha256:<hex>). --stage ingest (default) has parse parse \
            them again with its current parser; --stage parse has parse re-emit its stored results. \
            Replayed events are duplicates downstream unless something changed: an identical re-parse \
            has no metric effect and sends no webhook. Talks to ingest at --ingest-url (or INGEST_URL, \
            default http://127.0.0.1:8081) with INGEST_API_TOKEN when set. See docs/operations.md.
            """)

    @Option(help: "First filing date, yyyy-mm-dd (with --to).") var from: String?
    @Option(help: "Last filing date, yyyy-mm-dd (with --from).") var to: String?
    @Option(help: "A company key or CIK.") var company: String?
    @Option(parsing: .upToNextOption, help: "Filing ids: accession numbers (or sha256:<hex>).") var accession: [String] = []
    @Option(help: "ingest: parse again; parse: re-emit the stored parse results.") var stage: FilingIngested.Replay.Stage = .ingest
    @Option(name: .customLong("ingest-url"), help: "Base URL of ingest (default INGEST_URL or http://127.0.0.1:8081).") var ingestURL: String?

    var request: ReplayRequest {
        ReplayRequest(from: from, to: to, company: company, filings: accession.isEmpty ? nil : accession, stage: stage)
    }

    func validate() throws {
        do { try request.validate() } catch { throw ValidationError(error.description) }
    }

    func run() async throws {
        try await Self.send(request, ingest: .ingest(ingestURL))
    }

    /// Sends `request` to ingest and prints what it did; exits 1 when some filing was not replayed.
    static func send(_ request: ReplayRequest, ingest: ServiceClient) async throws {
        let body = try JSONCoding.encoder.encode(request)
        let result = try ingest.decode(ReplayResult.self, try await ingest.send("POST", "/replay", body: body))
        for id in result.replayed { print("replayed \(id)") }
        for skipped in result.notReplayed { print("not replayed \(skipped.filingID): \(skipped.reason)") }
        print("replay: \(result.replayed.count) filings queued (stage \(result.stage.rawValue), request \(result.request)), "
              + "\(result.notReplayed.count) not replayed")
        if !result.notReplayed.isEmpty { throw ExitCode(1) }
    }
}
