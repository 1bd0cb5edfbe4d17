/// What a rule can ask about one metric event.
public protocol RuleContext {
    var cik: String? { get }
    var companyKey: String { get }
    var company: String? { get }
    var form: String? { get }
    /// The metric's value for the event's main period (`ref.kind == nil`) or for the period kind.
    func value(_ ref: MetricRef) -> Double?
    /// The metric's value for the period before (same length, ending earlier), for `turns`.
    func previousValue(_ ref: MetricRef) -> Double?
    /// The guidance position (`above`, `within`, `below`) reported for `metric`.
    func guidancePosition(_ metric: String) -> String?
}

extension Rule {
    /// True only when the rule holds. A condition on a value the event does not carry is unknown,
    /// and unknown combines as in SQL (`unknown and false` is false, `unknown or true` is true,
    /// `not unknown` is unknown): a rule never fires on missing data.
    public func matches(_ context: some RuleContext) -> Bool {
        evaluate(context) == true
    }

    /// Three-valued: nil is unknown.
    public func evaluate(_ context: some RuleContext) -> Bool? {
        switch self {
        case .and(let a, let b):
            let left = a.evaluate(context)
            if left == false { return false }
            let right = b.evaluate(context)
            if right == false { return false }
            return left == nil || right == nil ? nil : true
        case .or(let a, let b):
            let left = a.evaluate(context)
            if left == true { return true }
            let right = b.evaluate(context)
            if right == true { return true }
            return left == nil || right == nil ? nil : false
        case .not(let a):
            return a.evaluate(context).map { !$0 }
        case .compare(let ref, let op, let threshold):
            return context.value(ref).map { op.holds($0, threshold) }
        case .turns(let ref, let sign):
            guard let now = context.value(ref), let before = context.previousValue(ref) else { return nil }
            switch sign {
            case .positive: return now > 0 && before <= 0
            case .negative: return now < 0 && before >= 0
            }
        case .guidance(let metric, let op, let position):
            guard let reported = context.guidancePosition(metric) else { return nil }
            return (reported.lowercased() == position.rawValue) == (op == .equal)
        case .cik(let op, let cik):
            guard let eventCIK = context.cik ?? (context.companyKey.allSatisfy(\.isNumber) ? context.companyKey : nil) else {
                return op == .notEqual
            }
            return (Self.trimZeros(eventCIK) == Self.trimZeros(cik)) == (op == .equal)
        case .company(let op, let name):
            let wanted = name.lowercased()
            let same = context.companyKey.lowercased() == wanted || context.company?.lowercased() == wanted
            return same == (op == .equal)
        case .form(let op, let form):
            guard let eventForm = context.form else { return op == .notEqual }
            return (eventForm.uppercased() == form.uppercased()) == (op == .equal)
        }
    }

    private static func trimZeros(_ text: String) -> Substring {
        let trimmed = text.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : trimmed
    }
}
