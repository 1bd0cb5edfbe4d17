/// Parses the rule language (case-insensitive keywords, `and` binds tighter than `or`):
///
/// ```
/// rule       = or
/// or         = and { "or" and }
/// and        = unary { "and" unary }
/// unary      = "not" unary | "(" or ")" | condition
/// condition  = metric cmp number                      revenue_growth_yoy > 0.5
///            | metric "turns" ("positive"|"negative")  net_income turns positive
///            | "guidance" "." name eq position        guidance.revenue = above
///            | "cik" eq (digits | string)             cik = 320193
///            | "company" eq (string | word)           company = 'file-0-27460'
///            | "form" eq (word | string)              form = 8-K
/// metric     = [ ("quarter"|"ytd"|"year"|"annual"|"instant") "." ] name
/// cmp        = ">" | ">=" | "<" | "<=" | "=" | "==" | "!="
/// eq         = "=" | "==" | "!="
/// number     = [-+] digits [ "." digits ] [ e [-+] digits ] [ "%" ]    (50% is 0.5)
/// position   = "above" | "within" | "below"
/// string     = '...' | "..."
/// ```
public struct RuleParser {
    /// Parses `text`; throws a `RuleError` that names the column and what was expected.
    public static func parse(_ text: String) throws(RuleError) -> Rule {
        var parser = RuleParser(text)
        let rule = try parser.parseOr()
        let token = try parser.peek()
        guard token.kind == .end else {
            throw parser.error(at: token, expected: token.kind == .rparen ? "no ')' without a matching '('" : "'and', 'or' or the end of the rule")
        }
        return rule
    }

    private let source: [Unicode.Scalar]
    private var position = 0
    private var lookahead: Token?

    private init(_ text: String) { source = Array(text.unicodeScalars) }

    private func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: source[range])
        return String(view)
    }

    // MARK: grammar

    private mutating func parseOr() throws(RuleError) -> Rule {
        var rule = try parseAnd()
        while try peekKeyword("or") {
            _ = try next()
            rule = .or(rule, try parseAnd())
        }
        return rule
    }

    private mutating func parseAnd() throws(RuleError) -> Rule {
        var rule = try parseUnary()
        while try peekKeyword("and") {
            _ = try next()
            rule = .and(rule, try parseUnary())
        }
        return rule
    }

    private mutating func parseUnary() throws(RuleError) -> Rule {
        if try peekKeyword("not") {
            _ = try next()
            return .not(try parseUnary())
        }
        let token = try peek()
        if token.kind == .lparen {
            _ = try next()
            let inner = try parseOr()
            let close = try next()
            guard close.kind == .rparen else { throw error(at: close, expected: "')' to close the '(' at column \(token.column)") }
            return inner
        }
        return try parseCondition()
    }

    private mutating func parseCondition() throws(RuleError) -> Rule {
        let first = try next()
        guard first.kind == .word else {
            throw error(at: first, expected: "a condition (a metric such as revenue_growth_yoy, guidance.<metric>, cik, company, form) or '('")
        }
        switch first.text.lowercased() {
        case "cik":
            let op = try equality(after: "cik")
            let value = try next()
            guard (value.kind == .number && value.text.allSatisfy(\.isNumber)) || value.kind == .string else {
                throw error(at: value, expected: "a CIK (digits, e.g. 320193)")
            }
            return .cik(op, value.text)
        case "company":
            let op = try equality(after: "company")
            let value = try bareValue(expected: "a company key or name in quotes, e.g. 'file-0-27460'")
            return .company(op, value)
        case "form":
            let op = try equality(after: "form")
            let value = try bareValue(expected: "a form type, e.g. 8-K")
            return .form(op, value)
        case "guidance":
            try expectDot(after: "guidance", expected: "'.' and a metric after 'guidance', e.g. guidance.revenue")
            let name = try metricName()
            let op = try equality(after: "guidance.\(name)")
            let value = try next()
            guard value.kind == .word, let position = GuidancePosition(rawValue: value.text.lowercased()) else {
                throw error(at: value, expected: "a guidance position: above, within or below")
            }
            return .guidance(metric: name, op, position)
        default:
            let ref: MetricRef
            if let kind = RuleVocabulary.periodKind(first.text), try peek().kind == .dot {
                _ = try next()
                ref = MetricRef(kind: kind, name: try metricName())
            } else {
                ref = MetricRef(name: try checkMetric(first))
            }
            let opToken = try next()
            if opToken.kind == .word && opToken.text.lowercased() == "turns" {
                let sign = try next()
                guard sign.kind == .word, let value = Sign(rawValue: sign.text.lowercased()) else {
                    throw error(at: sign, expected: "'positive' or 'negative' after 'turns'")
                }
                return .turns(ref, value)
            }
            guard opToken.kind == .op, let op = ComparisonOperator(rawValue: opToken.text == "==" ? "=" : opToken.text) else {
                throw error(at: opToken, expected: "a comparison (>, >=, <, <=, =, !=) or 'turns' after \(ref)")
            }
            let number = try next()
            guard number.kind == .number, let value = number.number else {
                throw error(at: number, expected: "a number after '\(opToken.text)', e.g. 0.5 or 50%")
            }
            return .compare(ref, op, value)
        }
    }

    private mutating func metricName() throws(RuleError) -> String {
        try checkMetric(try next())
    }

    private func checkMetric(_ token: Token) throws(RuleError) -> String {
        guard token.kind == .word else { throw error(at: token, expected: "a metric name, e.g. revenue_growth_yoy") }
        let name = token.text.lowercased()
        guard RuleVocabulary.metrics.contains(name) else {
            let keywords = ["and", "or", "not", "turns"]
            let what = keywords.contains(name) ? "a metric name, e.g. revenue_growth_yoy" :
                "a known metric (\(RuleVocabulary.metrics.sorted().joined(separator: ", ")))"
            throw error(at: token, expected: what)
        }
        return name
    }

    private mutating func expectDot(after: String, expected: String) throws(RuleError) {
        let token = try next()
        guard token.kind == .dot else { throw error(at: token, expected: expected) }
    }

    private mutating func equality(after what: String) throws(RuleError) -> EqualityOperator {
        let token = try next()
        switch (token.kind, token.text) {
        case (.op, "="), (.op, "=="): return .equal
        case (.op, "!="): return .notEqual
        default: throw error(at: token, expected: "'=' or '!=' after \(what)")
        }
    }

    /// A quoted string, or an unquoted run of characters up to whitespace or ')'.
    private mutating func bareValue(expected: String) throws(RuleError) -> String {
        if lookahead == nil {
            skipSpaces()
            if position < source.count, source[position] != "'", source[position] != "\"", source[position] != "(",
               source[position] != ")" {
                let start = position
                while position < source.count, !isSpace(source[position]), source[position] != ")" { position += 1 }
                return text(start..<position)
            }
        }
        let token = try next()
        guard token.kind == .string || token.kind == .word || token.kind == .number else { throw error(at: token, expected: expected) }
        return token.text
    }

    private mutating func peekKeyword(_ keyword: String) throws(RuleError) -> Bool {
        let token = try peek()
        return token.kind == .word && token.text.lowercased() == keyword
    }

    // MARK: tokens

    struct Token {
        enum Kind: Equatable { case word, number, string, op, lparen, rparen, dot, end }
        var kind: Kind
        var text: String
        var column: Int
        var number: Double?
    }

    private mutating func peek() throws(RuleError) -> Token {
        if let lookahead { return lookahead }
        let token = try scan()
        lookahead = token
        return token
    }

    private mutating func next() throws(RuleError) -> Token {
        let token = try peek()
        lookahead = nil
        return token
    }

    private mutating func skipSpaces() {
        while position < source.count, isSpace(source[position]) { position += 1 }
    }

    private mutating func scan() throws(RuleError) -> Token {
        skipSpaces()
        let start = position
        let column = start + 1
        guard position < source.count else { return Token(kind: .end, text: "", column: column) }
        let c = source[position]
        if isLetter(c) || c == "_" {
            while position < source.count, isWordChar(source[position]) { position += 1 }
            return Token(kind: .word, text: text(start..<position), column: column)
        }
        let signed = (c == "-" || c == "+") && position + 1 < source.count && (isDigit(source[position + 1]) || source[position + 1] == ".")
        if isDigit(c) || signed || (c == "." && position + 1 < source.count && isDigit(source[position + 1])) {
            position += signed ? 1 : 0
            while position < source.count, isDigit(source[position]) || source[position] == "." { position += 1 }
            if position < source.count, source[position] == "e" || source[position] == "E" {
                var p = position + 1
                if p < source.count, source[p] == "-" || source[p] == "+" { p += 1 }
                if p < source.count, isDigit(source[p]) {
                    position = p
                    while position < source.count, isDigit(source[position]) { position += 1 }
                }
            }
            var literal = text(start..<position)
            guard var value = Double(literal) else {
                throw RuleError(column: column, expected: "a number", found: "'\(literal)'")
            }
            if position < source.count, source[position] == "%" {
                position += 1
                value /= 100
                literal += "%"
            }
            if position < source.count, isWordChar(source[position]) {
                throw RuleError(column: position + 1, expected: "a space or an operator after the number \(literal)",
                                found: "'\(source[position])'")
            }
            return Token(kind: .number, text: literal, column: column, number: value)
        }
        if c == "'" || c == "\"" {
            position += 1
            while position < source.count, source[position] != c { position += 1 }
            guard position < source.count else {
                throw RuleError(column: column, expected: "a closing \(c) for the string started here", found: "end of rule")
            }
            position += 1
            return Token(kind: .string, text: text((start + 1)..<(position - 1)), column: column)
        }
        position += 1
        switch c {
        case "(": return Token(kind: .lparen, text: "(", column: column)
        case ")": return Token(kind: .rparen, text: ")", column: column)
        case ".": return Token(kind: .dot, text: ".", column: column)
        case ">", "<", "=", "!":
            if position < source.count, source[position] == "=" { position += 1 }
            let op = text(start..<position)
            if op == "!" { throw RuleError(column: column, expected: "'!=' (not a lone '!')", found: "'!'") }
            return Token(kind: .op, text: op, column: column)
        default:
            throw RuleError(column: column, expected: "a metric, a keyword, a number, an operator or a parenthesis",
                            found: "'\(c)'")
        }
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    private func isLetter(_ c: Unicode.Scalar) -> Bool { (c.value | 0x20) >= 97 && (c.value | 0x20) <= 122 }
    private func isWordChar(_ c: Unicode.Scalar) -> Bool { isLetter(c) || isDigit(c) || c == "_" }
    private func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }

    private func error(at token: Token, expected: String) -> RuleError {
        let found: String = switch token.kind {
        case .end: "end of rule"
        case .string: "'\(token.text)' (a string)"
        default: "'\(token.text)'"
        }
        return RuleError(column: token.column, expected: expected, found: found)
    }
}

/// Why a rule does not parse: where (1-based column), what was expected, what was found.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public let column: Int
    public let expected: String
    public let found: String

    public init(column: Int, expected: String, found: String) {
        self.column = column
        self.expected = expected
        self.found = found
    }

    public var description: String { "column \(column): expected \(expected), found \(found)" }

    /// The rule with a caret under the column, for people.
    public func pointer(in rule: String) -> String {
        rule + "\n" + String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}
