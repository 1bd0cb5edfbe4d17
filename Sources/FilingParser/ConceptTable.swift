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
    /// Statement kinds the rule maps in; nil for all.
    var kinds: Set<String>?
    var groups: [[String]]
    var unless: [String]

    init(_ concepts: [String], kinds: Set<String>? = nil, _ groups: [String]..., unless: [String] = []) {
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
    private static let basicAndDiluted = ["basic and diluted", "diluted and basic", "basic and fully diluted"]
    private static let netIncome = ["^net income", "^net loss", "^net earnings"]
    private static let notBalance: Set<String> = ["income", "cashflow", "other"]
    private static let balance: Set<String> = ["balance"]

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
        ConceptRule([basic, diluted], perShare, ["earning", "income", "loss", " eps ", "net", " basic ", " diluted "], basicAndDiluted),
        ConceptRule([diluted], perShare, ["earning", "income", "loss", " eps ", "net", " basic ", " diluted "],
                    [" diluted ", " dilution ", "per diluted share", " fully "]),
        ConceptRule([basic], perShare, ["earning", "income", "loss", " eps ", "net", " basic ", " diluted "]),
        ConceptRule([], perShare),

        // Income statement.
        ConceptRule(["Revenues"], kinds: notBalance, [
            "=sales", "=net sales", "=revenue", "=revenues", "=net revenue", "=net revenues", "=total revenue", "=total revenues",
            "=total net revenue", "=total net revenues", "=operating revenues", "=operating revenue", "=total operating revenues",
            "=total operating revenue", "=net sales and revenues", "=sales and revenues", "=total net sales", "=revenues net",
            "=net operating revenues", "=total sales and revenues", "=sales net", "=net product sales",
            "=revenues total", "=revenue total", "=net revenues total", "=net sales total", "=sales total",
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
        ConceptRule([], netIncome, ["^net income on ", "^net loss on ", "^net earnings on "],
                    unless: ["^net income on a ", "^net loss on a ", "^net earnings on a "]),
        ConceptRule([], netIncome, ["investment", "securities", "sale of", "sales of", "disposal", "derivative", "hedg", "foreign",
                                    "unrealized", "realized"]),
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
        let padded = Array((" " + normalized + " ").utf8)
        let label = Label(padded: padded, bigrams: bigramMask(padded))
        let exactRules = compiled.exact[normalized] ?? []
        // Neighbouring rules share their first group ("mentions shares", "per share"): it is tested once.
        var firstGroupMatches = false
        for (index, rule) in compiled.rules.enumerated() {
            if rule.onlyExact {
                guard exactRules.contains(index) else { continue }
            } else {
                if !rule.firstGroupAsBefore { firstGroupMatches = rule.groups[0].contains { $0.matches(label) } }
                guard firstGroupMatches, rule.matchesAfterFirstGroup(label) else { continue }
            }
            let source = rules[index]
            return source.kinds.map { $0.contains(kind) } ?? true ? source.concepts : []
        }
        return []
    }

    // MARK: Matching

    /// A label padded with one space on each side, with the set of its byte pairs.
    private struct Label {
        var padded: [UInt8]
        var bigrams: UInt64
    }

    /// A 64-bit set of the adjacent byte pairs of `b`: a pattern whose pairs are not all in a
    /// label's set cannot occur in it.
    private static func bigramMask(_ b: [UInt8]) -> UInt64 {
        var mask: UInt64 = 0
        var i = 1
        while i < b.count {
            mask |= 1 << UInt64((Int(b[i - 1]) &* 31 &+ Int(b[i])) & 63)
            i += 1
        }
        return mask
    }

    /// A pattern as bytes to look for in the label padded with one space on each side.
    private struct Pattern {
        var bytes: [UInt8]
        var anchoredStart: Bool
        var whole: Bool
        var bigrams: UInt64 = 0

        init(_ text: String) {
            if text.hasPrefix("=") {
                bytes = Array((" " + text.dropFirst() + " ").utf8)
                anchoredStart = true
                whole = true
            } else if text.hasPrefix("^") {
                bytes = Array((" " + text.dropFirst()).utf8)
                anchoredStart = true
                whole = false
            } else {
                bytes = Array(text.utf8)
                anchoredStart = false
                whole = false
            }
            bigrams = ConceptTable.bigramMask(bytes)
        }

        func matches(_ label: Label) -> Bool {
            guard bigrams & ~label.bigrams == 0 else { return false }
            let padded = label.padded
            if whole { return padded == bytes }
            if anchoredStart { return padded.hasPrefix(bytes, at: 0) }
            return padded.find(bytes) != nil
        }
    }

    private struct CompiledRule {
        var groups: [[Pattern]]
        var unless: [Pattern]
        /// The first group is the one of the previous rule tested by patterns (so its result stands).
        var firstGroupAsBefore: Bool
        /// A single group of whole-label patterns: looked up in `Compiled.exact` instead.
        var onlyExact: Bool

        func matchesAfterFirstGroup(_ label: Label) -> Bool {
            groups.dropFirst().allSatisfy { $0.contains { $0.matches(label) } } && !unless.contains { $0.matches(label) }
        }
    }

    private struct Compiled {
        var rules: [CompiledRule]
        /// Whole labels → the rules that list them.
        var exact: [String: [Int]]
    }

    private static let compiled: Compiled = {
        var exact: [String: [Int]] = [:]
        var previousFirstGroup: [String]?
        let compiledRules = rules.enumerated().map { index, rule -> CompiledRule in
            let groups = rule.groups.map { $0.map(Pattern.init) }
            let onlyExact = groups.count == 1 && rule.unless.isEmpty && groups[0].allSatisfy(\.whole)
            if onlyExact {
                for p in rule.groups[0] { exact[String(p.dropFirst()), default: []].append(index) }
            }
            let first = rule.groups.first ?? []
            let asBefore = !onlyExact && first == previousFirstGroup
            if !onlyExact { previousFirstGroup = first }
            return CompiledRule(groups: groups, unless: rule.unless.map(Pattern.init), firstGroupAsBefore: asBefore, onlyExact: onlyExact)
        }
        return Compiled(rules: compiledRules, exact: exact)
    }()
}
