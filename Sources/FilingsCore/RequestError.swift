import Foundation
import Hummingbird

/// A request the API refuses (a bad query or path parameter): answered as the JSON error body
/// `{"error", "reason"}` with its status, like every other error of the services.
public struct RequestError: HTTPResponseError, Equatable {
    public var status: HTTPResponse.Status
    public var error: String
    public var reason: String

    public init(_ status: HTTPResponse.Status = .badRequest, error: String, reason: String) {
        self.status = status
        self.error = error
        self.reason = reason
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        errorResponse(status, error, reason)
    }
}

extension Parameters {
    /// The path parameter `name`, percent-decoded (`sha256%3Aab` is `sha256:ab`); 400 when its
    /// percent-encoding is malformed.
    public func decoded(_ name: String) throws -> String {
        let raw = String(self.get(name) ?? "")
        guard let value = raw.removingPercentEncoding else {
            throw RequestError(error: "invalid \(name)", reason: "\(name) is not valid percent-encoding: \(raw)")
        }
        return value
    }
}

/// Rules for optional query parameters: absent is fine, present must be valid.
public enum QueryRule {
    /// A non-empty value, or nil when the parameter is absent.
    public static func text(_ name: String, _ value: Substring?) throws -> String? {
        guard let value else { return nil }
        guard !value.isEmpty else { throw RequestError(error: "invalid \(name)", reason: "\(name) is empty; leave it out or give a value") }
        return String(value)
    }

    /// One of `allowed`, or nil when absent.
    public static func oneOf(_ name: String, _ value: Substring?, _ allowed: [String]) throws -> String? {
        guard let value = try text(name, value) else { return nil }
        guard allowed.contains(value) else {
            throw RequestError(error: "invalid \(name)", reason: "\(name) is one of \(allowed.joined(separator: ", ")); got '\(value)'")
        }
        return value
    }

    /// A calendar date `yyyy-MM-dd` (RFC 3339 full-date), or nil when absent.
    public static func date(_ name: String, _ value: Substring?) throws -> String? {
        guard let value = try text(name, value) else { return nil }
        guard isCalendarDate(value) else {
            throw RequestError(error: "invalid \(name)", reason: "\(name) must be a date yyyy-MM-dd; got '\(value)'")
        }
        return value
    }

    /// A moment: an RFC 3339 date-time, or a date `yyyy-MM-dd` meaning its start (UTC); nil when absent.
    public static func instant(_ name: String, _ value: Substring?) throws -> Date? {
        guard let value = try text(name, value) else { return nil }
        guard let date = parseInstant(value) else {
            throw RequestError(error: "invalid \(name)",
                               reason: "\(name) must be an RFC 3339 date-time or a date yyyy-MM-dd; got '\(value)'")
        }
        return date
    }

    /// `text` as an RFC 3339 date-time, or a date `yyyy-MM-dd` at 00:00 UTC; nil when it is neither.
    public static func parseInstant(_ text: String) -> Date? {
        if isCalendarDate(text) { return try? JSONCoding.rfc3339.parse(text + "T00:00:00.000Z") }
        return (try? JSONCoding.rfc3339.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// An integer in `range`, or nil when absent.
    public static func integer(_ name: String, _ value: Substring?, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = try text(name, value) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw RequestError(error: "invalid \(name)",
                               reason: "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound); got '\(value)'")
        }
        return number
    }

    /// `yyyy-MM-dd` with a real month and a day that exists in it.
    public static func isCalendarDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for b in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) else { return nil }
                n = n * 10 + Int(b - UInt8(ascii: "0"))
            }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
