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

    /// `text` as an RFC 3339 date-time (`T` or `t`, any fraction of a second, `Z` or an offset), or a
    /// date `yyyy-MM-dd` at 00:00 UTC; nil when it is neither.
    public static func parseInstant(_ text: String) -> Date? {
        let day = String(text.prefix(10))
        guard isCalendarDate(day) else { return nil }
        var rest = Substring(text.dropFirst(10))
        var components = DateComponents(year: Int(day.prefix(4)), month: Int(day.dropFirst(5).prefix(2)), day: Int(day.suffix(2)))
        var offset = 0
        if !rest.isEmpty {
            func digits(_ count: Int) -> Int? {
                let part = rest.prefix(count)
                guard part.count == count, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber) else { return nil }
                rest = rest.dropFirst(count)
                return Int(part)
            }
            func skip(_ characters: String) -> Bool {
                guard let first = rest.first, characters.contains(first) else { return false }
                rest = rest.dropFirst()
                return true
            }
            guard skip("Tt"), let hour = digits(2), hour < 24, skip(":"), let minute = digits(2), minute < 60, skip(":"),
                  let second = digits(2), second <= 60 else { return nil }
            var nanoseconds = 0
            if skip(".") {
                let fraction = rest.prefix { $0.isASCII && $0.isNumber }
                guard !fraction.isEmpty else { return nil }
                rest = rest.dropFirst(fraction.count)
                nanoseconds = Int((fraction + "000000000").prefix(9)) ?? 0
            }
            if !skip("Zz") {
                guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
                rest = rest.dropFirst()
                guard let hours = digits(2), hours < 24, skip(":"), let minutes = digits(2), minutes < 60 else { return nil }
                offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
            }
            guard rest.isEmpty else { return nil }
            (components.hour, components.minute, components.second, components.nanosecond) = (hour, minute, second, nanoseconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components).map { $0.addingTimeInterval(-Double(offset)) }
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
