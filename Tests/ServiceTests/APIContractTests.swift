import FilingsCore
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IngestService
@testable import MetricsService
@testable import NotifyService
import Testing

/// The OpenAPI documents compiled into the services are docs/*-api.yaml byte for byte (run
/// scripts/gen-openapi-swift.sh after editing one), and the query rules the documents state:
/// a bad query parameter is a 400 with a reason, a percent-encoded path parameter is decoded.
struct APIContractTests {
    static func document(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func compiledDocumentsMatchDocs() throws {
        #expect(IngestAPIDocument.yaml == (try Self.document("ingest-api.yaml")), "run scripts/gen-openapi-swift.sh")
        #expect(MetricsAPIDocument.yaml == (try Self.document("metrics-api.yaml")), "run scripts/gen-openapi-swift.sh")
        #expect(NotifyAPIDocument.yaml == (try Self.document("notify-api.yaml")), "run scripts/gen-openapi-swift.sh")
    }

    @Test func openAPIRouteServesTheDocument() async throws {
        let router = Router()
        OpenAPIRoute.add(to: router, document: MetricsAPIDocument.yaml)
        try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0\n"))
        }
    }

    @Test func aServedPathUnderAnotherMethodIs405WithAllow() async throws {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let router = Router()
        MetricsQueries(store: store).addRoutes(to: router)
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        try await Application(router: router).test(.router) { client in
            let trace = try await client.execute(uri: "/companies/x/metrics", method: .trace)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET")
            #expect(try await client.execute(uri: "/companies", method: .post).status == .methodNotAllowed)
            #expect(try await client.execute(uri: "/companies/x/metrics", method: .get).status == .notFound, "an unknown company")
            #expect(try await client.execute(uri: "/nothing/here", method: .trace).status == .notFound)
            #expect(try await client.execute(uri: "/companies/x/y/metrics", method: .trace).status == .notFound)
        }
    }

    /// The three PTIX samples through parse and metrics, then the query API over that store.
    func withMetricsAPI(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let (store, _) = try await MetricsServiceTests().run(MetricsServiceTests.samples)
        let router = Router()
        MetricsQueries(store: store).addRoutes(to: router)
        try await Application(router: router).test(.router, body)
    }

    static func reason(_ response: TestResponse) throws -> String {
        try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView)).reason
    }

    @Test func metricsQueryRejectsBadParametersWithAReason() async throws {
        try await withMetricsAPI { client in
            let cases: [(String, String)] = [
                ("from=notadate", "from must be a date yyyy-MM-dd; got 'notadate'"),
                ("to=", "to is empty; leave it out or give a value"),
                ("kind=bogus", "kind is one of quarter, ytd, year, instant, other; got 'bogus'"),
                ("from=2003-02-30", "from must be a date yyyy-MM-dd; got '2003-02-30'"),
                ("to=2003-6-30", "to must be a date yyyy-MM-dd; got '2003-6-30'"),
                ("format=xml", "format is one of json, csv; got 'xml'"),
                ("name=", "name is empty; leave it out or give a value"),
            ]
            for (query, reason) in cases {
                let response = try await client.execute(uri: "/companies/file-0-27460/metrics?\(query)", method: .get)
                #expect(response.status == .badRequest, "\(query)")
                #expect(try Self.reason(response) == reason, "\(query)")
            }
            let facts = try await client.execute(uri: "/companies/file-0-27460/facts?concept=", method: .get)
            #expect(facts.status == .badRequest)
            // Valid values still answer: the quarter ended 2003-06-30 and the two after it.
            let good = try await client.execute(uri: "/companies/file-0-27460/metrics?name=revenue&kind=quarter&from=2003-06-30&to=2003-12-31",
                                                method: .get)
            #expect(good.status == .ok)
            let list = try JSONDecoder().decode(MetricsQueries.MetricList.self, from: Data(good.body.readableBytesView))
            #expect(list.metrics.map(\.value) == [12_636_000, 13_060_000, 13_257_000])
        }
    }

    @Test func metricsPathParametersArePercentDecoded() async throws {
        try await withMetricsAPI { client in
            // The July 2003 sample has no SEC header: its filing id is the SHA-256 of its bytes.
            let id = "sha256:9f09f87d547edcf8c96ab15141667f86b972479661412433dc96f753b59c3dc5"
            let plain = try await client.execute(uri: "/filings/\(id)/metrics", method: .get)
            #expect(plain.status == .ok)
            let encoded = try await client.execute(uri: "/filings/\(id.replacingOccurrences(of: ":", with: "%3A"))/metrics", method: .get)
            #expect(encoded.status == .ok, "sha256%3A... is the same filing")
            let company = try await client.execute(uri: "/companies/file%2D0%2D27460/metrics?kind=quarter", method: .get)
            #expect(company.status == .ok)
            let malformed = try await client.execute(uri: "/companies/file%zz/metrics", method: .get)
            #expect(malformed.status == .badRequest)
            #expect(try Self.reason(malformed) == "company is not valid percent-encoding: file%zz")
        }
    }

    @Test func notifyDeliveriesRejectBadParametersAndDecodeIDs() async throws {
        let store = try Store.inMemory(migrations: NotifyService.migrations)
        let router = Router()
        NotifyRoutes.add(to: router, store: store, apiToken: "t0ken", policy: TargetPolicy(allowance: .loopback), logger: quietLogger)
        let auth: HTTPFields = [.authorization: "Bearer t0ken", .contentType: "application/json"]
        try await Application(router: router).test(.router) { client in
            for (query, reason) in [("limit=abc", "limit must be an integer from 1 to 1000; got 'abc'"),
                                    ("limit=0", "limit must be an integer from 1 to 1000; got '0'"),
                                    ("limit=1001", "limit must be an integer from 1 to 1000; got '1001'"),
                                    ("status=", "status is empty; leave it out or give a value"),
                                    ("subscription=", "subscription is empty; leave it out or give a value")] {
                let response = try await client.execute(uri: "/deliveries?\(query)", method: .get, headers: auth)
                #expect(response.status == .badRequest, "\(query)")
                #expect(try Self.reason(response) == reason, "\(query)")
            }
            #expect(try await client.execute(uri: "/deliveries?limit=1000", method: .get, headers: auth).status == .ok)
            let body = ByteBuffer(string: #"{"id": "a.b", "url": "http://127.0.0.1:9/hook", "rule": "revenue > 1"}"#)
            #expect(try await client.execute(uri: "/subscriptions", method: .post, headers: auth, body: body).status == .created)
            #expect(try await client.execute(uri: "/subscriptions/a%2Eb", method: .get, headers: auth).status == .ok)
            #expect(try await client.execute(uri: "/subscriptions/a%2Eb", method: .delete, headers: auth).status == .noContent)
            #expect(try await client.execute(uri: "/subscriptions/a.b", method: .get, headers: auth).status == .notFound)
        }
    }
}
