import FilingsCore
import Foundation
import GRDB

/// A webhook subscription: where to send, how to sign, and when.
public struct Subscription: Codable, Sendable, Equatable {
    public var id: String
    public var url: String
    /// The `whsec_` signing secret: returned once at creation, never listed or logged.
    public var secret: String?
    public var rule: String
    public var description: String?
    /// `active`, or `disabled` (the target answered 410 Gone).
    public var status: String
    public var disabledReason: String?
    /// `api` or `file`.
    public var origin: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, url, secret, rule, description, status, disabledReason = "disabled_reason", origin, createdAt = "created_at"
    }

    /// The same without its secret.
    public var redacted: Subscription {
        var copy = self
        copy.secret = nil
        return copy
    }

    init(row: Row) {
        id = row["id"]
        url = row["url"]
        secret = row["secret"]
        rule = row["rule"]
        description = row["description"]
        status = row["status"]
        disabledReason = row["disabled_reason"]
        origin = row["origin"]
        createdAt = row["created_at"]
    }

    public init(id: String, url: String, secret: String, rule: String, description: String? = nil, status: String = "active",
                origin: String = "api", createdAt: Date = Date()) {
        self.id = id
        self.url = url
        self.secret = secret
        self.rule = rule
        self.description = description
        self.status = status
        self.origin = origin
        self.createdAt = createdAt
    }
}

/// What a new subscription needs (API body and file entry).
public struct SubscriptionRequest: Codable, Sendable {
    public var id: String?
    public var url: String
    public var rule: String
    public var secret: String?
    public var description: String?

    public init(id: String? = nil, url: String, rule: String, secret: String? = nil, description: String? = nil) {
        self.id = id
        self.url = url
        self.rule = rule
        self.secret = secret
        self.description = description
    }
}

/// A subscription that cannot be created, with the field and the reason (and the rule error, if any).
public struct SubscriptionRejection: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String
    public var ruleError: RuleError?
    public var description: String { "\(field): \(reason)" }
}

/// Subscriptions in `notify.sqlite`.
public enum SubscriptionStore {
    /// Validates `request` (rule, secret, target policy) and stores it; `origin` is `api` or `file`.
    /// With an `id` already present the subscription is replaced (file loading is idempotent).
    public static func create(_ request: SubscriptionRequest, origin: String, store: Store,
                              policy: TargetPolicy, now: Date = Date()) async throws -> Subscription {
        let subscription = try await validate(request, origin: origin, policy: policy, now: now)
        try await store.writer.write { db in try upsert(db, subscription) }
        return subscription
    }

    static func validate(_ request: SubscriptionRequest, origin: String, policy: TargetPolicy, now: Date) async throws(SubscriptionRejection) -> Subscription {
        let subscription = try validateFields(request, origin: origin, now: now)
        do { try await policy.check(request.url) } catch {
            throw SubscriptionRejection(field: "url", reason: error.description)
        }
        return subscription
    }

    /// Everything but the target policy: rule, secret (generated when absent), id.
    static func validateFields(_ request: SubscriptionRequest, origin: String, now: Date) throws(SubscriptionRejection) -> Subscription {
        do { _ = try RuleParser.parse(request.rule) } catch {
            throw SubscriptionRejection(field: "rule", reason: error.description, ruleError: error)
        }
        let secret = request.secret ?? WebhookSignature.generateSecret()
        do { _ = try WebhookSignature.key(fromSecret: secret) } catch {
            throw SubscriptionRejection(field: "secret", reason: error.description)
        }
        let id = request.id ?? "sub_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        guard !id.isEmpty, id.count <= 100, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw SubscriptionRejection(field: "id", reason: "use 1 to 100 letters, digits, '-', '_' or '.'")
        }
        return Subscription(id: id, url: request.url, secret: secret, rule: request.rule, description: request.description,
                            origin: origin, createdAt: now)
    }

    static func upsert(_ db: Database, _ subscription: Subscription) throws {
        try db.execute(sql: """
            INSERT INTO subscriptions (id, url, secret, rule, description, status, origin, created_at)
            VALUES (?, ?, ?, ?, ?, 'active', ?, ?)
            ON CONFLICT(id) DO UPDATE SET url = excluded.url, secret = excluded.secret, rule = excluded.rule,
                description = excluded.description, origin = excluded.origin,
                status = CASE WHEN subscriptions.url = excluded.url THEN subscriptions.status ELSE 'active' END,
                disabled_reason = CASE WHEN subscriptions.url = excluded.url THEN subscriptions.disabled_reason ELSE NULL END
            """, arguments: [subscription.id, subscription.url, subscription.secret, subscription.rule,
                             subscription.description, subscription.origin, subscription.createdAt])
    }

    public static func list(_ db: Database) throws -> [Subscription] {
        try Row.fetchAll(db, sql: "SELECT * FROM subscriptions ORDER BY created_at, id").map(Subscription.init(row:))
    }

    public static func find(_ db: Database, id: String) throws -> Subscription? {
        try Row.fetchOne(db, sql: "SELECT * FROM subscriptions WHERE id = ?", arguments: [id]).map(Subscription.init(row:))
    }

    public static func active(_ db: Database) throws -> [Subscription] {
        try Row.fetchAll(db, sql: "SELECT * FROM subscriptions WHERE status = 'active' ORDER BY id").map(Subscription.init(row:))
    }

    /// Removes the subscription and cancels its pending deliveries; false when there was none.
    public static func delete(_ db: Database, id: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM subscriptions WHERE id = ?", arguments: [id])
        guard db.changesCount == 1 else { return false }
        try db.execute(sql: "UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE subscription_id = ? AND status = 'pending'",
                       arguments: [id])
        try db.execute(sql: "DELETE FROM rule_matches WHERE subscription_id = ?", arguments: [id])
        return true
    }

    /// Marks the subscription disabled (410 Gone) and cancels its other pending deliveries.
    static func disable(_ db: Database, id: String, reason: String) throws {
        try db.execute(sql: "UPDATE subscriptions SET status = 'disabled', disabled_reason = ? WHERE id = ?", arguments: [reason, id])
        try db.execute(sql: "UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE subscription_id = ? AND status = 'pending'",
                       arguments: [id])
    }

    /// The file format of `NOTIFY_SUBSCRIPTIONS_FILE`: `{"subscriptions": [...]}` or a bare array of
    /// `{"id", "url", "rule", "secret", "description"}` (id and secret required). Loaded at start,
    /// synchronously: every entry is validated first, then all are upserted in one transaction.
    public static func loadFile(_ path: String, store: Store, policy: TargetPolicy) throws -> [Subscription] {
        func fail(_ reason: String) -> SubscriptionRejection {
            SubscriptionRejection(field: "NOTIFY_SUBSCRIPTIONS_FILE", reason: reason)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw fail("cannot read \(path): \(error.localizedDescription)")
        }
        struct Wrapper: Decodable { var subscriptions: [SubscriptionRequest] }
        let requests: [SubscriptionRequest]
        if let wrapped = try? JSONDecoder().decode(Wrapper.self, from: data) {
            requests = wrapped.subscriptions
        } else {
            do { requests = try JSONDecoder().decode([SubscriptionRequest].self, from: data) } catch {
                throw fail("\(path) is not a JSON list of subscriptions: \(error)")
            }
        }
        var loaded: [Subscription] = []
        for (index, request) in requests.enumerated() {
            guard request.id != nil, request.secret != nil else { throw fail("entry \(index + 1) needs an id and a secret") }
            do {
                let subscription = try validateFields(request, origin: "file", now: Date())
                do { try policy.checkBlocking(request.url) } catch {
                    throw SubscriptionRejection(field: "url", reason: error.description)
                }
                loaded.append(subscription)
            } catch let rejection as SubscriptionRejection {
                throw fail("entry \(index + 1) (\(request.id ?? "")): \(rejection.description)")
            }
        }
        try store.writer.write { db in for subscription in loaded { try upsert(db, subscription) } }
        return loaded
    }
}
