import FilingsCore
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import NotifyService
import Testing

/// `/subscriptions` and `/deliveries` through the router.
struct NotifyAPITests {
    func withAPI(_ body: @escaping @Sendable (any TestClientProtocol, Store) async throws -> Void) async throws {
        let store = try Store.inMemory(migrations: NotifyService.migrations)
        let router = Router()
        NotifyRoutes.add(to: router, store: store, apiToken: "t0ken", policy: TargetPolicy(allowance: .loopback), logger: quietLogger)
        try await Application(router: router).test(.router) { client in try await body(client, store) }
    }

    let auth: HTTPFields = [.authorization: "Bearer t0ken", .contentType: "application/json"]

    func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    @Test func withoutTheTokenEveryEndpointAnswers401() async throws {
        try await withAPI { client, _ in
            for (uri, method) in [("/subscriptions", HTTPRequest.Method.get), ("/subscriptions", .post), ("/subscriptions/x", .delete),
                                  ("/deliveries", .get)] {
                for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "t0ken"]] {
                    let response = try await client.execute(uri: uri, method: method, headers: headers)
                    #expect(response.status == .unauthorized, "\(method) \(uri) \(headers)")
                }
            }
        }
    }

    @Test func createListDeleteAndDeliveries() async throws {
        let auth = self.auth
        try await withAPI { client, store in
            let body = ByteBuffer(string: #"{"url": "http://127.0.0.1:9/hook", "rule": "revenue_growth_yoy > 1.0"}"#)
            let created = try await client.execute(uri: "/subscriptions", method: .post, headers: auth, body: body)
            #expect(created.status == .created)
            let object = try self.json(created)
            let id = try #require(object["id"] as? String)
            #expect((object["secret"] as? String)?.hasPrefix("whsec_") == true)

            let list = try await client.execute(uri: "/subscriptions", method: .get, headers: auth)
            let subscriptions = try self.json(list)["subscriptions"] as? [[String: Any]] ?? []
            #expect(subscriptions.count == 1 && subscriptions[0]["id"] as? String == id)
            #expect(subscriptions[0]["secret"] == nil, "secrets are never listed")

            // Timestamps are RFC 3339 strings (UTC, milliseconds), not seconds since 2001.
            let rfc3339 = #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/#
            let createdAt = try #require(subscriptions[0]["created_at"] as? String, "\(subscriptions[0])")
            #expect(createdAt.wholeMatch(of: rfc3339) != nil, "\(createdAt)")

            let handler = NotifyHandler(store: store, logger: quietLogger, clock: VirtualDeliveryClock())
            try await handler.handle(try metricsRecord(id: "q3", metrics: ["revenue_growth_yoy": 2.3]))
            let pending = try await client.execute(uri: "/deliveries?subscription=\(id)&status=pending", method: .get, headers: auth)
            #expect((try self.json(pending)["deliveries"] as? [[String: Any]])?.count == 1)
            let delivery = try #require((try self.json(pending)["deliveries"] as? [[String: Any]])?.first)
            for key in ["created_at", "next_attempt_at"] {
                let text = try #require(delivery[key] as? String, "\(key) in \(delivery)")
                #expect(text.wholeMatch(of: rfc3339) != nil, "\(key): \(text)")
            }
            let none = try await client.execute(uri: "/deliveries?status=succeeded", method: .get, headers: auth)
            #expect((try self.json(none)["deliveries"] as? [[String: Any]])?.count == 0)
            let badStatus = try await client.execute(uri: "/deliveries?status=whatever", method: .get, headers: auth)
            #expect(badStatus.status == .badRequest)

            #expect(try await client.execute(uri: "/subscriptions/\(id)", method: .delete, headers: auth).status == .noContent)
            #expect(try await client.execute(uri: "/subscriptions/\(id)", method: .delete, headers: auth).status == .notFound)
            let cancelled = try await client.execute(uri: "/deliveries?status=cancelled", method: .get, headers: auth)
            #expect((try self.json(cancelled)["deliveries"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func invalidSubscriptionsAreRejectedWithTheReason() async throws {
        let auth = self.auth
        try await withAPI { client, _ in
            let badRule = try await client.execute(uri: "/subscriptions", method: .post, headers: auth,
                                                   body: ByteBuffer(string: #"{"url": "http://127.0.0.1:9/", "rule": "revenue_growth_yoy >"}"#))
            #expect(badRule.status == .unprocessableContent)
            let object = try self.json(badRule)
            #expect(object["field"] as? String == "rule")
            #expect(object["column"] as? Int == 21)
            #expect(object["reason"] as? String == "column 21: expected a number after '>', e.g. 0.5 or 50%, found end of rule")

            let privateTarget = try await client.execute(uri: "/subscriptions", method: .post, headers: auth,
                                                         body: ByteBuffer(string: #"{"url": "http://10.0.0.1/", "rule": "revenue > 1"}"#))
            #expect(privateTarget.status == .unprocessableContent)
            #expect(try self.json(privateTarget)["field"] as? String == "url")

            let badSecret = try await client.execute(uri: "/subscriptions", method: .post, headers: auth,
                                                     body: ByteBuffer(string: #"{"url": "http://127.0.0.1:9/", "rule": "revenue > 1", "secret": "hunter2"}"#))
            #expect(try self.json(badSecret)["field"] as? String == "secret")

            let notJSON = try await client.execute(uri: "/subscriptions", method: .post, headers: auth, body: ByteBuffer(string: "{"))
            #expect(notJSON.status == .badRequest)
        }
    }

    @Test func subscriptionsFileIsLoadedAndReloadingIsIdempotent() async throws {
        let store = try Store.inMemory(migrations: NotifyService.migrations)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("subs-\(UUID().uuidString).json")
        try Data("""
            {"subscriptions": [{"id": "growth", "url": "http://127.0.0.1:9/hook", "rule": "revenue_growth_yoy > 1.0", "secret": "\(testSecret)"}]}
            """.utf8).write(to: file)
        let policy = TargetPolicy(allowance: .loopback)
        #expect(try SubscriptionStore.loadFile(file.path, store: store, policy: policy).map(\.id) == ["growth"])
        _ = try SubscriptionStore.loadFile(file.path, store: store, policy: policy)
        #expect(try await count(store, "SELECT COUNT(*) FROM subscriptions") == 1)
        try Data(#"[{"id": "x", "url": "http://127.0.0.1:9/", "rule": "revenue >>", "secret": "\#(testSecret)"}]"#.utf8).write(to: file)
        #expect { try SubscriptionStore.loadFile(file.path, store: store, policy: policy) } throws: { error in
            "\(error)".contains("entry 1 (x): rule: column 10")
        }
    }
}
