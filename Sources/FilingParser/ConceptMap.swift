import Foundation

// Maps printed row labels to US-GAAP element names.

enum ConceptMap {
    static let epsBasic = "EarningsPerShareBasic"
    static let epsDiluted = "EarningsPerShareDiluted"
    static let sharesBasic = "WeightedAverageNumberOfSharesOutstandingBasic"
    static let sharesDiluted = "WeightedAverageNumberOfDilutedSharesOutstanding"

    static func isPerShare(_ concept: String) -> Bool { concept.has("PerShare") }
    static func isShares(_ concept: String) -> Bool { concept == sharesBasic || concept == sharesDiluted }

    /// Lower-cases a label and removes what does not change its meaning: sign words in parentheses
    /// ("(loss)", "(benefit)"), note references, apostrophes, bullets and punctuation.
    static let noiseGroups: Set<String> = [
        "loss", "losses", "benefit", "income", "expense", "deficit", "gain", "decrease", "see notes", "see note", "notes",
        "note", "unaudited", "restated", "in millions", "in thousands", "000s", "000's", "1", "2", "3", "a", "b", "c", "*",
    ]

    static func normalize(_ label: String) -> String {
        let chars = Array(label.lowercased())
        var out = ""
        out.reserveCapacity(chars.count)
        var prev: Character = " "
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "(" {
                // Drop "(loss)", "(benefit)", "(note 4)", "(see notes)"...
                var j = i + 1
                while j < chars.count && j - i <= 24 && chars[j] != ")" { j += 1 }
                if j < chars.count && chars[j] == ")" {
                    let inner = String(chars[(i + 1)..<j]).trimmingSpaces
                    if noiseGroups.contains(inner) || inner.hasPrefix("note ") || inner.hasPrefix("see note") {
                        i = j + 1
                        if prev != " " { out.append(" "); prev = " " }
                        continue
                    }
                }
            }
            var c = ch
            if ch == "'" || ch == "\u{2019}" { i += 1; continue }
            if ch == "&" {
                out.append(contentsOf: " and ")
                prev = " "
                i += 1
                continue
            }
            if ch == "-" {
                // Keep hyphens inside words ("non-interest"), drop dashes used as bullets or separators.
                let nextIsLetter = i + 1 < chars.count && chars[i + 1].isLetter
                c = prev.isLetter && nextIsLetter ? "-" : " "
            } else if !(ch.isLetter || ch.isNumber || ch == " " || ch == "/") {
                c = " "
            }
            out.append(c)
            prev = c
            i += 1
        }
        return collapseSpaces(out)
    }

    /// Labels that only mean something with their heading ("Basic", "Total", "- As Reported").
    static func isAmbiguous(_ normalized: String, raw: String) -> Bool {
        if raw.trimmingLeadingSpaces.hasPrefix("-") { return true }
        let short: Set<String> = [
            "basic", "diluted", "total", "as reported", "assuming dilution", "basic and diluted", "fully diluted",
            "primary", "net", "excluding one-time items", "excluding one time items", "reported", "gaap", "non-gaap",
        ]
        return short.contains(normalized)
    }

    /// Concepts for a row. `n` is the normalized label (already qualified by its heading when
    /// ambiguous); `kind` is the statement kind.
    static func concepts(_ n: String, kind: String) -> [String] {
        let found = conceptsExact(n, kind: kind)
        if found.isEmpty && n.has("-") {
            // "total liabil-ities" (a word wrapped with a hyphen), "non-interest" vs "noninterest".
            return conceptsExact(String(n.filter { $0 != "-" }), kind: kind)
        }
        return found
    }

    private static func conceptsExact(_ n: String, kind: String) -> [String] {
        let words = Set(n.split(separator: " ").map(String.init))
        func has(_ s: String) -> Bool { n.has(s) }
        func starts(_ s: String) -> Bool { n.hasPrefix(s) }

        // Shares before per-share: "Shares used in computing basic earnings per share".
        let mentionsShares = words.contains("shares") || has("weighted average") || has("number of shares")
        if mentionsShares && !has("per share outstanding") {
            if has("end of period") || has("at end") || has("authorized") || has("issued") || has("par value")
                || has("treasury") || has("repurchase") || has("dividend") { return [] }
            if starts("shares used") || has("weighted average") || starts("average shares") || has("shares outstanding")
                || has("equivalent shares") || words.contains("basic") || words.contains("diluted") {
                return shareConcepts(n, words)
            }
            return []
        }
        let perShare = has("per share") || has("per common share") || has("per diluted share") || has("per basic share")
            || words.contains("eps") || has("per share data")
        if perShare {
            if has("dividend") || has("book value") || has("cash flow") || has("price") || has("distribution") { return [] }
            // Per-share amounts of parts of net income have their own concepts.
            if has("continuing") || has("discontinued") || has("extraordinary") || has("cumulative effect") || has("before") {
                return []
            }
            if !(has("earning") || has("income") || has("loss") || words.contains("eps") || has("net") || words.contains("basic") || words.contains("diluted")) {
                return []
            }
            return perShareConcepts(n, words)
        }

        // Income statement.
        let revenueLabels: Set<String> = [
            "sales", "net sales", "revenue", "revenues", "net revenue", "net revenues", "total revenue", "total revenues",
            "total net revenue", "total net revenues", "operating revenues", "operating revenue", "total operating revenues",
            "total operating revenue", "net sales and revenues", "sales and revenues", "total net sales", "revenues net",
            "net operating revenues", "total sales and revenues", "sales net", "net product sales",
            "revenues total", "revenue total", "net revenues total", "net sales total", "sales total",
        ]
        if revenueLabels.contains(n) { return kind == "balance" ? [] : ["Revenues"] }
        if starts("cost of goods sold") || starts("cost of sales") || starts("cost of revenue") || starts("costs of revenue")
            || starts("cost of products sold") || starts("total cost of revenue") || starts("cost of net revenue")
            || starts("total cost of sales") {
            return ["CostOfRevenue"]
        }
        if n == "gross profit" || n == "gross margin" || n == "gross profit margin" || n == "total gross profit" { return ["GrossProfit"] }
        if has("research and development") || n == "engineering and development" || n == "product development" {
            if has("in-process") || has("in process") || has("acquired") || has("purchased") { return ["ResearchAndDevelopmentInProcess"] }
            return ["ResearchAndDevelopmentExpense"]
        }
        if starts("selling general and administrative") || starts("sales general and administrative")
            || starts("selling general administrative") || starts("marketing general and administrative") {
            return ["SellingGeneralAndAdministrativeExpense"]
        }
        if starts("selling and marketing") || starts("sales and marketing") || starts("marketing and selling") {
            return ["SellingAndMarketingExpense"]
        }
        if starts("general and administrative") { return ["GeneralAndAdministrativeExpense"] }
        if starts("restructuring charge") || starts("restructuring costs") || starts("restructuring expense") || n == "restructuring" {
            return ["RestructuringCharges"]
        }
        if n == "total operating expenses" || n == "operating expenses" || n == "operating expenses total"
            || n == "operating expenses total" || n == "total operating costs and expenses" {
            return ["OperatingExpenses"]
        }
        if n == "total costs and expenses" || n == "costs and expenses" || n == "total expenses" || n == "expenses total"
            || n == "costs and expenses total" {
            return ["CostsAndExpenses"]
        }
        let operatingIncome: Set<String> = [
            "income from operations", "loss from operations", "operating income", "operating loss", "operating profit",
            "earnings from operations", "operating earnings", "income loss from operations", "operating income loss",
            "total operating income", "income from operations before", "profit from operations",
        ]
        if operatingIncome.contains(n) { return ["OperatingIncomeLoss"] }
        if (starts("income before") || starts("loss before") || starts("earnings before") || starts("income loss before")
            || starts("profit before")) && has("tax") {
            return ["IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"]
        }
        if (starts("provision for income tax") || starts("benefit for income tax") || starts("income tax")
            || starts("provision for taxes") || starts("provision benefit for income tax") || n == "taxes on income"
            || starts("federal and state income tax"))
            && !has("before") && !has("payable") && !has("receivable") && !has("deferred") && !has("net of") && !has("rate") {
            return ["IncomeTaxExpenseBenefit"]
        }
        if starts("net income") || starts("net loss") || starts("net earnings") || n == "net income loss" {
            // "Net loss on investment securities", "Net gain (loss) on sale ..." are line items.
            let rest = n.drop(while: { $0 != " " }).dropFirst().drop(while: { $0 != " " })
            if rest.hasPrefix(" on ") && !rest.hasPrefix(" on a ") { return [] }
            if ["investment", "securities", "sale of", "sales of", "disposal", "derivative", "hedg", "foreign", "unrealized",
                "realized"].contains(where: { String(rest).has($0) }) {
                return []
            }
            if has("available to common") || has("applicable to common") || has("attributable to common") {
                return ["NetIncomeLossAvailableToCommonStockholdersBasic"]
            }
            if has("noncontrolling") || has("minority") || has("before") || has("margin") || has("percent") || has("change")
                || has("per ") || has("from discontinued") || has("from continuing") {
                return []
            }
            return ["NetIncomeLoss"]
        }
        // Banks.
        if n == "total interest income" || n == "interest income total" || n == "total interest and dividend income" {
            return ["InterestAndDividendIncomeOperating"]
        }
        if n == "total interest expense" || (n == "interest expense" && kind != "balance") { return ["InterestExpense"] }
        if n == "net interest income" { return ["InterestIncomeExpenseNet"] }
        if starts("net interest income after provision") { return ["InterestIncomeExpenseAfterProvisionForLoanLoss"] }
        if n == "provision for loan losses" || n == "provision for credit losses" || n == "provision for loan and lease losses" {
            return ["ProvisionForLoanAndLeaseLosses"]
        }
        if n == "total non-interest income" || n == "total noninterest income" || n == "total other income" && kind == "income" {
            return ["NoninterestIncome"]
        }
        if n == "total non-interest expense" || n == "total noninterest expense" || n == "total non-interest expenses"
            || n == "total noninterest expenses" {
            return ["NoninterestExpense"]
        }
        if n == "depreciation and amortization" { return ["DepreciationDepletionAndAmortization"] }

        // Cash flow.
        if has("net cash") && has("operating activities") { return ["NetCashProvidedByUsedInOperatingActivities"] }
        if has("net cash") && has("investing activities") { return ["NetCashProvidedByUsedInInvestingActivities"] }
        if has("net cash") && has("financing activities") { return ["NetCashProvidedByUsedInFinancingActivities"] }

        // Balance sheet.
        guard kind == "balance" else { return [] }
        if n == "cash and cash equivalents" || n == "cash and equivalents" || n == "cash and cash equivalents at end of period" {
            return ["CashAndCashEquivalentsAtCarryingValue"]
        }
        if n == "cash and due from banks" { return ["CashAndDueFromBanks"] }
        if n == "total current assets" || n == "current assets total" { return ["AssetsCurrent"] }
        if n == "total assets" || n == "assets total" { return ["Assets"] }
        if n == "total current liabilities" || n == "current liabilities total" { return ["LiabilitiesCurrent"] }
        if n == "total liabilities" || n == "liabilities total" { return ["Liabilities"] }
        if (starts("total stockholders equity") || starts("total shareholders equity") || starts("total stockholders investment")
            || starts("total shareowners equity") || n == "stockholders equity total" || n == "total equity") && !has("liabilities") {
            return ["StockholdersEquity"]
        }
        if starts("total liabilities and") && (has("equity") || has("investment") || has("capital")) {
            return ["LiabilitiesAndStockholdersEquity"]
        }
        if n == "accounts receivable" || starts("accounts receivable net") || starts("trade accounts receivable") {
            return ["AccountsReceivableNetCurrent"]
        }
        if n == "inventories" || n == "inventory" || starts("inventories net") { return ["InventoryNet"] }
        if n == "accounts payable" || n == "trade accounts payable" { return ["AccountsPayableCurrent"] }
        if n == "accrued liabilities" || n == "accrued expenses" { return ["AccruedLiabilitiesCurrent"] }
        if n == "retained earnings" || n == "accumulated deficit" { return ["RetainedEarningsAccumulatedDeficit"] }
        if n == "goodwill" { return ["Goodwill"] }
        if n == "short-term investments" || n == "short term investments" { return ["ShortTermInvestments"] }
        if starts("property and equipment") || starts("property plant and equipment") || starts("property equipment and") {
            return ["PropertyPlantAndEquipmentNet"]
        }
        if n == "deposits" || n == "total deposits" { return ["Deposits"] }
        if n == "net loans receivable" || n == "loans receivable net" { return ["LoansAndLeasesReceivableNetReportedAmount"] }
        if n == "long-term debt" || n == "long term debt" { return ["LongTermDebtNoncurrent"] }
        return []
    }

    private static func shareConcepts(_ n: String, _ words: Set<String>) -> [String] {
        let basic = words.contains("basic") || words.contains("primary")
        let diluted = words.contains("diluted") || words.contains("dilution") || n.has("equivalent") || n.has("dilutive")
        if basic && diluted && (n.has("basic and diluted") || n.has("diluted and basic") || n.has("basic and fully diluted")) {
            return [sharesBasic, sharesDiluted]
        }
        if diluted { return [sharesDiluted] }
        return [sharesBasic]
    }

    private static func perShareConcepts(_ n: String, _ words: Set<String>) -> [String] {
        if n.has("basic and diluted") || n.has("diluted and basic") || n.has("basic and fully diluted") {
            return [epsBasic, epsDiluted]
        }
        if words.contains("diluted") || words.contains("dilution") || n.has("per diluted share") || words.contains("fully") {
            return [epsDiluted]
        }
        return [epsBasic]
    }

    /// Basis stated by the row label itself, if any.
    static func rowBasis(_ n: String) -> String? {
        if n.has("non-gaap") || n.has("non gaap") || n.has("pro forma") || n.has("proforma")
            || n.has("excluding") || n.has("adjusted") || n.has("before special") || n.has("one-time items") {
            return "non-gaap"
        }
        if n.has("gaap") || n.has("as reported") { return "gaap" }
        return nil
    }
}

extension String {
    var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
}
