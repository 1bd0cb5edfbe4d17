import Foundation
import Hummingbird
@testable import IngestService
import Logging
import Synchronization

/// An EDGAR stand-in on 127.0.0.1 (Hummingbird): serves daily indexes, the current feed and
/// complete submissions from memory, can answer a path with scripted failure statuses first, and
/// records every request (path, User-Agent, arrival time).
final class FakeEDGAR: Sendable {
    struct Hit: Sendable {
        var path: String
        var userAgent: String?
        var status: Int
        var at: ContinuousClock.Instant
    }

    private let files = Mutex<[String: [UInt8]]>([:])
    private let failures = Mutex<[String: [Int]]>([:])
    private let log = Mutex<[Hit]>([])

    /// Serves `body` at `path` (relative, query included, e.g. `Archives/edgar/data/1/x.txt`).
    func serve(_ path: String, _ body: [UInt8]) { files.withLock { $0[path] = body } }
    func serve(_ path: String, text: String) { serve(path, Array(text.utf8)) }
    /// The next requests of `path` get these statuses, one each, before it is served normally.
    func fail(_ path: String, with statuses: [Int]) { failures.withLock { $0[path, default: []] += statuses } }

    var hits: [Hit] { log.withLock { $0 } }
    func hits(_ path: String) -> [Hit] { hits.filter { $0.path == path } }
    /// Paths of complete submissions requested (any status).
    var submissionRequests: [String] { hits.map(\.path).filter { $0.hasPrefix("Archives/edgar/data/") } }

    /// A daily index with the standard header and these `CIK|Company|Form|Date|Filename` lines.
    static func dailyIndex(_ lines: [String]) -> String {
        """
        Description:           Master Index of EDGAR Dissemination Feed
        Last Data Received:    November 7, 2005
        Comments:              webmaster@sec.gov
        Anonymous FTP:         ftp://ftp.sec.gov/edgar/

        CIK|Company Name|Form Type|Date Filed|Filename
        --------------------------------------------------------------------------------
        \(lines.joined(separator: "\n"))

        """
    }

    /// A current-filings Atom feed with these entries (form, company, CIK, accession, date, items).
    static func feed(_ entries: [(form: String, company: String, cik: String, accession: String, date: String, items: [String])]) -> String {
        let body: String = entries.map { e -> String in
            let padded = String(repeating: "0", count: max(0, 10 - e.cik.count)) + e.cik
            let items: String = e.items.map { (item: String) -> String in "&lt;br&gt;Item \(item): something" }.joined()
            return """
            <entry>
            <title>\(e.form) - \(e.company) (\(padded)) (Filer)</title>
            <link rel="alternate" type="text/html" href="https://www.sec.gov/Archives/edgar/data/\(e.cik)/x-index.htm"/>
            <summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; \(e.date) &lt;b&gt;AccNo:&lt;/b&gt; \(e.accession) &lt;b&gt;Size:&lt;/b&gt; 30 KB\(items)</summary>
            <updated>\(e.date)T16:05:12-04:00</updated>
            <category scheme="https://www.sec.gov/" label="form type" term="\(e.form)"/>
            <id>urn:tag:sec.gov,2008:accession-number=\(e.accession)</id>
            </entry>
            """
        }.joined(separator: "\n")
        return """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <feed xmlns="http://www.w3.org/2005/Atom">
        <title>Latest Filings</title>
        \(body)
        </feed>
        """
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("**") { [self] request, _ -> Response in
            var key = String(request.uri.path.dropFirst())
            if let query = request.uri.query, !query.isEmpty { key += "?" + query }
            let userAgent = request.headers[.userAgent]
            let failure: Int? = failures.withLock { failures in
                guard var queue = failures[key], !queue.isEmpty else { return nil }
                let status = queue.removeFirst()
                failures[key] = queue
                return status
            }
            let body = files.withLock { $0[key] }
            let status = failure ?? (body == nil ? 404 : 200)
            log.withLock { $0.append(Hit(path: key, userAgent: userAgent, status: status, at: .now)) }
            guard status == 200, let body else { return Response(status: .init(code: status)) }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return router
    }

    /// Runs `body` with the server listening on 127.0.0.1 (a free port); its base URL is passed in.
    func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-edgar")
        logger.logLevel = .critical
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        guard let port = await ports.first(where: { _ in true }), port > 0 else { throw SetupFailure("fake EDGAR did not start") }
        return try await body("http://127.0.0.1:\(port)/")
    }
}

struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Records the waits asked for and returns at once.
final class RecordingSleep: Sendable {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    var sleep: EDGARClient.Sleep { { [self] duration in waits.withLock { $0.append(duration) } } }
}

/// A synthetic complete submission (SEC header plus one 8-K document) with the given items.
func syntheticSubmission(accession: String, cik: String, company: String, form: String = "8-K",
                         filed: String = "20051107", items: [String] = ["Departure of Directors or Principal Officers"]) -> String {
    let itemLines = items.map { "ITEM INFORMATION:\t\t\($0)" }.joined(separator: "\n")
    return """
    <SEC-DOCUMENT>\(accession).txt : \(filed)
    <SEC-HEADER>\(accession).hdr.sgml : \(filed)
    ACCESSION NUMBER:\t\t\(accession)
    CONFORMED SUBMISSION TYPE:\t\(form)
    PUBLIC DOCUMENT COUNT:\t\t1
    CONFORMED PERIOD OF REPORT:\t\(filed)
    \(itemLines)
    FILED AS OF DATE:\t\t\(filed)

    FILER:

    \tCOMPANY DATA:\t
    \t\tCOMPANY CONFORMED NAME:\t\t\t\(company)
    \t\tCENTRAL INDEX KEY:\t\t\t\(String(repeating: "0", count: max(0, 10 - cik.count)) + cik)

    </SEC-HEADER>
    <DOCUMENT>
    <TYPE>\(form)
    <SEQUENCE>1
    <FILENAME>doc.txt
    <TEXT>
    \(company) reports a change of officers. Nothing about results.
    </TEXT>
    </DOCUMENT>
    </SEC-DOCUMENT>

    """
}

let testUserAgent = "Filings Pipeline Tests tests@example.com"
