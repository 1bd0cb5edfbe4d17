// The label → US-GAAP concept table. Labels are normalized first (`ConceptMap.normalize`: lower
// case, no punctuation, no "(loss)"-style sign words). Rules are tried in order and the first one
// whose patterns match decides: a rule with no concepts, or one for other statement kinds, means
// "not mapped" and stops the search (so "Dividends per share" never reaches the EPS rules).
//
// Patterns: "=text" is the whole label, "^text" its start, " word " a whole word, and anything
// else a substring. A rule matches when each of its groups has a matching pattern and none of
// its `unless` patterns matches.

struct ConceptRule: Sendable {
    var concepts: [String]
    /// Statement kinds the rule maps in; nil for all. (A short list: compared without hashing.)
    var kinds: [String]?
    var groups: [[String]]
    var unless: [String]

    init(_ concepts: [String], kinds: [String]? = nil, _ groups: [String]..., unless: [String] = []) {
        self.concepts = concepts
        self.kinds = kinds
        self.groups = groups
        self.unless = unless
    }
}

enum ConceptTable {
    private static let basic = ConceptMap.epsBasic, diluted = ConceptMap.epsDiluted
    private static let sharesBasic = ConceptMap.sharesBasic, sharesDiluted = ConceptMap.sharesDiluted

    private static let mentionsShares = [" shares ", "weighted average", "number of shares"]
    private static let shareCount = ["^shares used", "weighted average", "^average shares", "shares outstanding", "equivalent shares",
                                     " basic ", " diluted "]
    private static let perShare = ["per share", "per common share", "per diluted share", "per basic share", " eps "]
    /// What a per-share label names besides "per share" when it is earnings per share ("Profit per
    /// common share", "Net income per share - basic").
    private static let earningsWords = ["earning", "income", "loss", "profit", " eps ", "net", " basic ", " diluted "]
    private static let basicAndDiluted = ["basic and diluted", "diluted and basic", "basic and fully diluted"]
    private static let netIncome = ["^net income", "^net loss", "^net earnings", "^net profit", "=profit", "=profit for the period",
                                    "^profit attributable to"]
    private static let notBalance = ["income", "cashflow", "other"]
    private static let balance = ["balance"]

    static let rules: [ConceptRule] = [
        // Share counts before per-share amounts: "Shares used in computing basic earnings per share".
        ConceptRule([], mentionsShares, ["end of period", "at end", "authorized", "issued", "par value", "treasury", "repurchase", "dividend"],
                    unless: ["per share outstanding"]),
        ConceptRule([sharesBasic, sharesDiluted], mentionsShares, shareCount, basicAndDiluted, unless: ["per share outstanding"]),
        ConceptRule([sharesDiluted], mentionsShares, shareCount, [" diluted ", " dilution ", "equivalent", "dilutive"],
                    unless: ["per share outstanding"]),
        ConceptRule([sharesBasic], mentionsShares, shareCount, unless: ["per share outstanding"]),
        ConceptRule([], mentionsShares, unless: ["per share outstanding"]),

        // Earnings per share; per-share amounts of parts of net income have their own concepts.
        ConceptRule([], perShare, ["dividend", "book value", "cash flow", "price", "distribution", "continuing", "discontinued",
                                   "extraordinary", "cumulative effect", "before"]),
        ConceptRule([basic, diluted], perShare, earningsWords, basicAndDiluted),
        ConceptRule([diluted], perShare, earningsWords, [" diluted ", " dilution ", "per diluted share", " fully "]),
        ConceptRule([basic], perShare, earningsWords),
        ConceptRule([], perShare),

        // Income statement.
        ConceptRule(["Revenues"], kinds: notBalance, [
            "=sales", "=net sales", "=revenue", "=revenues", "=net revenue", "=net revenues", "=total revenue", "=total revenues",
            "=total net revenue", "=total net revenues", "=operating revenues", "=operating revenue", "=total operating revenues",
            "=total operating revenue", "=net sales and revenues", "=sales and revenues", "=total net sales", "=revenues net",
            "=net operating revenues", "=total sales and revenues", "=sales net", "=net product sales",
            "=revenues total", "=revenue total", "=net revenues total", "=net sales total", "=sales total",
            "=total net sales and revenues", "=sales net of returns and allowances", "=net sales net of returns and allowances",
        ]),
        ConceptRule(["CostOfRevenue"], ["^cost of goods sold", "^cost of sales", "^cost of revenue", "^costs of revenue", "^cost of products sold",
                                        "^total cost of revenue", "^cost of net revenue", "^total cost of sales"]),
        ConceptRule(["GrossProfit"], ["=gross profit", "=gross margin", "=gross profit margin", "=total gross profit"]),
        ConceptRule(["ResearchAndDevelopmentInProcess"], ["research and development"], ["in-process", "in process", "acquired", "purchased"]),
        ConceptRule(["ResearchAndDevelopmentExpense"], ["research and development", "=engineering and development", "=product development"]),
        ConceptRule(["SellingGeneralAndAdministrativeExpense"], ["^selling general and administrative", "^sales general and administrative",
                                                                 "^selling general administrative", "^marketing general and administrative"]),
        ConceptRule(["SellingAndMarketingExpense"], ["^selling and marketing", "^sales and marketing", "^marketing and selling"]),
        ConceptRule(["GeneralAndAdministrativeExpense"], ["^general and administrative"]),
        ConceptRule(["RestructuringCharges"], ["^restructuring charge", "^restructuring costs", "^restructuring expense", "=restructuring"]),
        ConceptRule(["OperatingExpenses"], ["=total operating expenses", "=operating expenses", "=operating expenses total",
                                            "=total operating costs and expenses"]),
        ConceptRule(["CostsAndExpenses"], ["=total costs and expenses", "=costs and expenses", "=total expenses", "=expenses total",
                                           "=costs and expenses total"]),
        ConceptRule(["OperatingIncomeLoss"], [
            "=income from operations", "=loss from operations", "=operating income", "=operating loss", "=operating profit",
            "=earnings from operations", "=operating earnings", "=income loss from operations", "=operating income loss",
            "=total operating income", "=income from operations before", "=profit from operations",
        ]),
        ConceptRule(["IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"],
                    ["^income before", "^loss before", "^earnings before", "^income loss before", "^profit before"], ["tax"]),
        ConceptRule(["IncomeTaxExpenseBenefit"], ["^provision for income tax", "^benefit for income tax", "^income tax", "^provision for taxes",
                                                  "^provision benefit for income tax", "=taxes on income", "^federal and state income tax"],
                    unless: ["before", "payable", "receivable", "deferred", "net of", "rate"]),
        // "Net loss on investment securities", "Net gain (loss) on sale ..." are line items.
        ConceptRule([], netIncome, ["^net income on ", "^net loss on ", "^net earnings on ", "^net profit on "],
                    unless: ["^net income on a ", "^net loss on a ", "^net earnings on a ", "^net profit on a "]),
        ConceptRule([], netIncome, ["investment", "securities", "sale of", "sales of", "disposal", "derivative", "hedg", "foreign",
                                    "unrealized", "realized"]),
        // Ratios: "Net income to average total assets (ROA)".
        ConceptRule([], netIncome, [" to average ", "return on", " roa ", " roe "]),
        ConceptRule(["NetIncomeLossAvailableToCommonStockholdersBasic"], netIncome,
                    ["available to common", "applicable to common", "attributable to common"]),
        ConceptRule([], netIncome, ["noncontrolling", "minority", "before", "margin", "percent", "change", "per ", "from discontinued",
                                    "from continuing"]),
        ConceptRule(["NetIncomeLoss"], netIncome),

        // Banks.
        ConceptRule(["InterestAndDividendIncomeOperating"], ["=total interest income", "=interest income total", "=total interest and dividend income"]),
        ConceptRule(["InterestExpense"], ["=total interest expense"]),
        ConceptRule(["InterestExpense"], kinds: notBalance, ["=interest expense"]),
        ConceptRule(["InterestIncomeExpenseNet"], ["=net interest income"]),
        ConceptRule(["InterestIncomeExpenseAfterProvisionForLoanLoss"], ["^net interest income after provision"]),
        ConceptRule(["ProvisionForLoanAndLeaseLosses"], ["=provision for loan losses", "=provision for credit losses",
                                                         "=provision for loan and lease losses"]),
        ConceptRule(["NoninterestIncome"], ["=total non-interest income", "=total noninterest income"]),
        ConceptRule(["NoninterestIncome"], kinds: ["income"], ["=total other income"]),
        ConceptRule(["NoninterestExpense"], ["=total non-interest expense", "=total noninterest expense", "=total non-interest expenses",
                                             "=total noninterest expenses"]),
        ConceptRule(["DepreciationDepletionAndAmortization"], ["=depreciation and amortization"]),

        // Cash flow.
        ConceptRule(["NetCashProvidedByUsedInOperatingActivities"], ["net cash"], ["operating activities"]),
        ConceptRule(["NetCashProvidedByUsedInInvestingActivities"], ["net cash"], ["investing activities"]),
        ConceptRule(["NetCashProvidedByUsedInFinancingActivities"], ["net cash"], ["financing activities"]),

        // Balance sheet.
        ConceptRule(["CashAndCashEquivalentsAtCarryingValue"], kinds: balance, ["=cash and cash equivalents", "=cash and equivalents",
                                                                                 "=cash and cash equivalents at end of period"]),
        ConceptRule(["CashAndDueFromBanks"], kinds: balance, ["=cash and due from banks"]),
        ConceptRule(["AssetsCurrent"], kinds: balance, ["=total current assets", "=current assets total"]),
        ConceptRule(["Assets"], kinds: balance, ["=total assets", "=assets total"]),
        ConceptRule(["LiabilitiesCurrent"], kinds: balance, ["=total current liabilities", "=current liabilities total"]),
        ConceptRule(["Liabilities"], kinds: balance, ["=total liabilities", "=liabilities total"]),
        // Minority (noncontrolling) interest: printed between liabilities and equity before 2009, in
        // equity since. A total that adds it to the liabilities is not the liabilities.
        ConceptRule(["LiabilitiesAndMinorityInterest"], kinds: balance, ["^total liabilities and minority interest",
                                                                          "^total liabilities and noncontrolling interest",
                                                                          "^total liabilities and non-controlling interest"],
                    unless: ["equity", "capital", "investment"]),
        ConceptRule(["MinorityInterest"], kinds: balance, ["^minority interest", "^noncontrolling interest", "^non-controlling interest",
                                                           "^minority interests", "^total minority interest"],
                    unless: [" and ", "liabilities"]),
        ConceptRule(["StockholdersEquity"], kinds: balance, ["^total stockholders equity", "^total shareholders equity",
                                                             "^total stockholders investment", "^total shareowners equity",
                                                             "=stockholders equity total", "=total equity"], unless: ["liabilities"]),
        ConceptRule(["LiabilitiesAndStockholdersEquity"], kinds: balance, ["^total liabilities and"], ["equity", "investment", "capital"]),
        ConceptRule(["AccountsReceivableNetCurrent"], kinds: balance, ["=accounts receivable", "^accounts receivable net", "^trade accounts receivable"]),
        ConceptRule(["InventoryNet"], kinds: balance, ["=inventories", "=inventory", "^inventories net"]),
        ConceptRule(["AccountsPayableCurrent"], kinds: balance, ["=accounts payable", "=trade accounts payable"]),
        ConceptRule(["AccruedLiabilitiesCurrent"], kinds: balance, ["=accrued liabilities", "=accrued expenses"]),
        ConceptRule(["RetainedEarningsAccumulatedDeficit"], kinds: balance, ["=retained earnings", "=accumulated deficit"]),
        ConceptRule(["Goodwill"], kinds: balance, ["=goodwill"]),
        ConceptRule(["ShortTermInvestments"], kinds: balance, ["=short-term investments", "=short term investments"]),
        ConceptRule(["PropertyPlantAndEquipmentNet"], kinds: balance, ["^property and equipment", "^property plant and equipment",
                                                                       "^property equipment and"]),
        ConceptRule(["Deposits"], kinds: balance, ["=deposits", "=total deposits"]),
        ConceptRule(["LoansAndLeasesReceivableNetReportedAmount"], kinds: balance, ["=net loans receivable", "=loans receivable net"]),
        ConceptRule(["LongTermDebtNoncurrent"], kinds: balance, ["=long-term debt", "=long term debt"]),
    ]

    /// The concepts of the first rule that matches `label` (normalized), or none.
    static func match(_ normalized: String, kind: String) -> [String] {
        match(LabelBytes(normalized), kind: kind)
    }

    /// The concepts of the first rule that matches `label`, or none.
    static func match(_ label: LabelBytes, kind: String) -> [String] {
        guard let index = firstMatchingRule(label) else { return [] }
        let rule = rules[index]
        return rule.kinds.map { $0.contains(kind) } ?? true ? rule.concepts : []
    }

    /// Index of the first rule whose patterns match `label`.
    static func firstMatchingRule(_ label: LabelBytes) -> Int? {
        // Whole-label rules are looked up by the label; a pattern rule wins only when it comes first.
        let exact = compiled.firstExactRule(label)
        // Neighbouring rules share their first group ("mentions shares", "per share"): it is tested once.
        var testedGroup = -1, groupMatches = false
        for block in compiled.blocks {
            var candidates = block.candidates(label)
            while candidates != 0 {
                let rule = compiled.patternRules[block.firstRule + candidates.trailingZeroBitCount]
                candidates &= candidates - 1
                if let e = exact, rule.index > e { return exact }
                if rule.firstGroup != testedGroup {
                    testedGroup = rule.firstGroup
                    groupMatches = rule.groups[0].contains { label.matches($0) }
                }
                if groupMatches && rule.matchesAfterFirstGroup(label) { return rule.index }
            }
        }
        return exact
    }

    // MARK: Matching

    private struct CompiledRule {
        /// Position in `rules`.
        var index: Int
        var groups: [[LabelPattern]]
        var unless: [LabelPattern]
        /// Neighbouring rules with the same first group have the same number here.
        var firstGroup: Int

        func matchesAfterFirstGroup(_ label: LabelBytes) -> Bool {
            groups.dropFirst().allSatisfy { $0.contains { label.matches($0) } } && !unless.contains { label.matches($0) }
        }
    }

    /// Up to 64 consecutive pattern rules, screened together: a rule can only match a label that
    /// has all the byte pairs of some pattern of its first group.
    private struct RuleBlock {
        /// Position in `Compiled.patternRules` of the rule of bit 0.
        var firstRule: Int
        /// Byte pairs of each first-group pattern, with the rules (bits) whose first group has it.
        var screens: [(bigrams: UInt64, rules: UInt64)] = []

        /// Adds rules screened by the byte pairs of one pattern. Rules sharing a first group have
        /// the same pairs: one screen serves them all.
        mutating func addScreen(_ bigrams: UInt64, rules: UInt64) {
            if let k = screens.firstIndex(where: { $0.bigrams == bigrams }) {
                screens[k].rules |= rules
            } else {
                screens.append((bigrams, rules))
            }
        }

        /// The rules of the block that may match `label`, as bits.
        func candidates(_ label: LabelBytes) -> UInt64 {
            let have = label.bigrams
            var bits: UInt64 = 0
            for s in screens where s.bigrams & ~have == 0 { bits |= s.rules }
            return bits
        }
    }

    private struct Compiled {
        /// Rules tested pattern by pattern, in order.
        var patternRules: [CompiledRule]
        /// `patternRules` in blocks of 64.
        var blocks: [RuleBlock]
        /// Rules made of one group of whole-label patterns, as (padded label, rule index) by padded
        /// length, in rule order.
        var exactByLength: [[(bytes: [UInt8], bigrams: UInt64, rule: Int)]]

        /// The first whole-label rule that lists `label` (equal labels have equal byte pairs:
        /// only those are compared byte by byte).
        func firstExactRule(_ label: LabelBytes) -> Int? {
            let n = label.padded.count
            guard n < exactByLength.count else { return nil }
            return exactByLength[n].first { $0.bigrams == label.bigrams && $0.bytes == label.padded }?.rule
        }
    }

    private static let compiled: Compiled = {
        var exactByLength: [[(bytes: [UInt8], bigrams: UInt64, rule: Int)]] = []
        var patternRules: [CompiledRule] = []
        var blocks: [RuleBlock] = []
        var previousFirstGroup: [String]?
        for (index, rule) in rules.enumerated() {
            let groups = rule.groups.map { $0.map(LabelPattern.init) }
            if groups.count == 1 && rule.unless.isEmpty && groups[0].allSatisfy(\.whole) {
                for p in groups[0] {
                    while exactByLength.count <= p.bytes.count { exactByLength.append([]) }
                    exactByLength[p.bytes.count].append((p.bytes, p.bigrams, index))
                }
                continue
            }
            let first = rule.groups.first ?? []
            let firstGroup = (patternRules.last?.firstGroup ?? -1) + (first == previousFirstGroup ? 0 : 1)
            let position = patternRules.count
            patternRules.append(CompiledRule(index: index, groups: groups, unless: rule.unless.map(LabelPattern.init), firstGroup: firstGroup))
            previousFirstGroup = first
            if position % 64 == 0 { blocks.append(RuleBlock(firstRule: position)) }
            let bit: UInt64 = 1 << UInt64(position % 64)
            for p in groups[0] { blocks[blocks.count - 1].addScreen(p.bigrams, rules: bit) }
        }
        return Compiled(patternRules: patternRules, blocks: blocks, exactByLength: exactByLength)
    }()
}

/// A normalized label as the concept patterns see it: its bytes padded with one space on each
/// side ("=text" and " word " patterns need no special case at the ends), and the set of its byte pairs.
struct LabelBytes {
    private(set) var padded: [UInt8]
    private(set) var bigrams: UInt64

    init(padded: [UInt8]) {
        self.padded = padded
        bigrams = LabelPattern.bigramMask(padded)
    }

    init(_ normalized: String) { self.init(padded: Array((" " + normalized + " ").utf8)) }

    /// The normalized label.
    var text: String { stringFrom(padded[1..<(padded.count - 1)]) }

    /// The label as a per-share amount: "label per share".
    var perShare: LabelBytes { LabelBytes(padded: padded + Array("per share ".utf8)) }

    /// The label qualified by its heading: "heading label".
    func qualified(by heading: LabelBytes) -> LabelBytes {
        LabelBytes(padded: heading.padded + padded.dropFirst())
    }

    func matches(_ p: LabelPattern) -> Bool {
        guard p.bigrams & ~bigrams == 0 else { return false }
        if p.whole { return padded == p.bytes }
        if p.anchoredStart { return padded.hasPrefix(p.bytes, at: 0) }
        return padded.find(p.bytes) != nil
    }
}

/// A label pattern of the concept table as bytes to look for in a padded label: "=text" the whole
/// label, "^text" its start, anything else a substring (" word " a whole word).
struct LabelPattern {
    private(set) var bytes: [UInt8]
    private(set) var anchoredStart: Bool
    private(set) var whole: Bool
    private(set) var bigrams: UInt64 = 0

    init(_ text: String) {
        // Built on bytes: the patterns are ASCII ("=" and "^" are one byte).
        let u = Array(text.utf8)
        switch u.first {
        case UInt8(ascii: "="):
            bytes = [ASCII.space] + u.dropFirst() + [ASCII.space]
            anchoredStart = true
            whole = true
        case UInt8(ascii: "^"):
            bytes = [ASCII.space] + u.dropFirst()
            anchoredStart = true
            whole = false
        default:
            bytes = u
            anchoredStart = false
            whole = false
        }
        bigrams = LabelPattern.bigramMask(bytes)
    }

    /// A 64-bit set of the adjacent byte pairs of `b`: a pattern whose pairs are not all in a
    /// label's set cannot occur in it.
    static func bigramMask(_ b: [UInt8]) -> UInt64 { b.withUnsafeBufferPointer(bigramMask) }

    static func bigramMask(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var mask: UInt64 = 0
        var i = 1
        while i < b.count {
            mask |= 1 << UInt64((Int(b[i - 1]) &* 31 &+ Int(b[i])) & 63)
            i += 1
        }
        return mask
    }
}
