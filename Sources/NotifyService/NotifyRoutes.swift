import FilingsCore
import Foundation
import GRDB
import Hummingbird
import Logging

/// The subscription and delivery API, behind `Authorization: Bearer <NOTIFY_API_TOKEN>`:
///
/// - `POST /subscriptions` `{"url", "rule", "secret"?, "id"?, "description"?}` → 201 with the
///   subscription and its secret (the only time it is shown); 422 with `field`, `reason` (and for a
///   rule `column`, `expected`, `found`, `pointer`) when invalid; 409 when the id exists.
/// - `GET /subscriptions` → `{"subscriptions": [...]}` (no secrets); `GET /subscriptions/{id}`.
/// - `DELETE /subscriptions/{id}` → 204 (its pending deliveries are cancelled), 404.
/// - `GET /deliveries?subscription=&status=&limit=` → `{"deliveries": [...]}`, newest first;
///   `GET /deliveries/{id}` → the delivery with its `attempts`.
public enum NotifyRoutes {
    /// A rejected subscription, as answered.
    public struct Rejection: Codable, Sendable {
        public var error: String
        public var field: String
        public var reason: String
        public var column: Int?
        public var expected: String?
        public var found: String?
        public var pointer: String?
    }

    public struct SubscriptionList: Codable, Sendable { public var subscriptions: [Subscription] }
    public struct DeliveryList: Codable, Sendable { public var deliveries: [Delivery] }
    public struct DeliveryDetail: Codable, Sendable {
        public var delivery: Delivery
        public var attempts: [DeliveryAttempt]
    }

    public static func add(to router: Router<BasicRequestContext>, store: Store, apiToken: String?, policy: TargetPolicy,
                           logger: Logger) {
        let auth = BearerAuth(token: apiToken, setting: "NOTIFY_API_TOKEN", whenUnset: .closed)
        router.post("/subscriptions") { request, _ -> Response in
            if let denied = auth.deny(request) { return denied }
            let body = try await request.body.collect(upTo: 1_048_576)
            let input: SubscriptionRequest
            do { input = try JSONDecoder().decode(SubscriptionRequest.self, from: Data(body.readableBytesView)) } catch {
                return errorResponse(.badRequest, "invalid request", "expected a JSON object with url and rule: \(error)")
            }
            if let id = input.id, try await store.writer.read({ db in try SubscriptionStore.find(db, id: id) }) != nil {
                return errorResponse(.conflict, "subscription exists", "a subscription with id \(id) exists; delete it first")
            }
            do {
                let created = try await SubscriptionStore.create(input, origin: "api", store: store, policy: policy)
                logger.info("subscription created", metadata: ["subscription": "\(created.id)", "rule": "\(created.rule)"])
                return try jsonResponse(created, status: .created)
            } catch let rejection as SubscriptionRejection {
                let ruleError = rejection.ruleError
                return try jsonResponse(Rejection(error: "invalid \(rejection.field)", field: rejection.field, reason: rejection.reason,
                                                  column: ruleError?.column, expected: ruleError?.expected, found: ruleError?.found,
                                                  pointer: ruleError?.pointer(in: input.rule)),
                                        status: .unprocessableContent)
            }
        }
        router.get("/subscriptions") { request, _ -> Response in
            if let denied = auth.deny(request) { return denied }
            let all = try await store.writer.read { db in try SubscriptionStore.list(db) }
            return try jsonResponse(SubscriptionList(subscriptions: all.map(\.redacted)))
        }
        router.get("/subscriptions/:id") { request, context -> Response in
            if let denied = auth.deny(request) { return denied }
            let id = try context.parameters.decoded("id")
            guard let found = try await store.writer.read({ db in try SubscriptionStore.find(db, id: id) }) else {
                return errorResponse(.notFound, "not found", "no subscription \(id)")
            }
            return try jsonResponse(found.redacted)
        }
        router.delete("/subscriptions/:id") { request, context -> Response in
            if let denied = auth.deny(request) { return denied }
            let id = try context.parameters.decoded("id")
            guard try await store.writer.write({ db in try SubscriptionStore.delete(db, id: id) }) else {
                return errorResponse(.notFound, "not found", "no subscription \(id)")
            }
            logger.info("subscription deleted", metadata: ["subscription": "\(id)"])
            return Response(status: .noContent)
        }
        router.get("/deliveries") { request, _ -> Response in
            if let denied = auth.deny(request) { return denied }
            let query = request.uri.queryParameters
            let subscription = try QueryRule.text("subscription", query["subscription"])
            let status = try QueryRule.oneOf("status", query["status"], DeliveryStore.statuses)
            let limit = try QueryRule.integer("limit", query["limit"], in: 1...1000) ?? 100
            let deliveries = try await store.writer.read { db in
                try DeliveryStore.list(db, subscription: subscription, status: status, limit: limit)
            }
            return try jsonResponse(DeliveryList(deliveries: deliveries))
        }
        router.get("/deliveries/:id") { request, context -> Response in
            if let denied = auth.deny(request) { return denied }
            let id = try context.parameters.decoded("id")
            let detail = try await store.writer.read { db -> DeliveryDetail? in
                guard let delivery = try DeliveryStore.list(db, limit: 1_000_000).first(where: { $0.id == id }) else { return nil }
                return DeliveryDetail(delivery: delivery, attempts: try DeliveryStore.attempts(db, delivery: id))
            }
            guard let detail else { return errorResponse(.notFound, "not found", "no delivery \(id)") }
            return try jsonResponse(detail)
        }
    }
}
