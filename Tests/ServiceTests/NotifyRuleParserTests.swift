@testable import NotifyService
import Testing

/// The rule language: what parses to what, and what each invalid rule is told.
struct NotifyRuleParserTests {
    @Test(arguments: [
        ("revenue_growth_yoy > 0.5", Rule.compare(MetricRef(name: "revenue_growth_yoy"), .greater, 0.5)),
        ("revenue_growth_yoy >= 50%", .compare(MetricRef(name: "revenue_growth_yoy"), .greaterOrEqual, 0.5)),
        ("ytd.revenue_growth_yoy < -0.1", .compare(MetricRef(kind: .ytd, name: "revenue_growth_yoy"), .less, -0.1)),
        ("eps_diluted == 1e-1", .compare(MetricRef(name: "eps_diluted"), .equal, 0.1)),
        ("guidance.revenue = above", .guidance(metric: "revenue", .equal, .above)),
        ("GUIDANCE.Revenue != Below", .guidance(metric: "revenue", .notEqual, .below)),
        ("net_income turns positive", .turns(MetricRef(name: "net_income"), .positive)),
        ("annual.net_income turns negative", .turns(MetricRef(kind: .year, name: "net_income"), .negative)),
        ("instant.cash < 1000", .compare(MetricRef(kind: .instant, name: "cash"), .less, 1000)),
        ("cik = 320193", .cik(.equal, "320193")),
        ("company = 'file-0-27460'", .company(.equal, "file-0-27460")),
        ("company = \"Apple Inc.\"", .company(.equal, "Apple Inc.")),
        ("form = 8-K", .form(.equal, "8-K")),
        ("form != 8-K/A", .form(.notEqual, "8-K/A")),
    ])
    func validRuleParses(_ text: String, _ expected: Rule) throws {
        #expect(try RuleParser.parse(text) == expected)
    }

    @Test func andBindsTighterThanOrAndParenthesesGroup() throws {
        let a = Rule.compare(MetricRef(name: "revenue"), .greater, 1)
        let b = Rule.form(.equal, "8-K")
        let c = Rule.cik(.equal, "1")
        #expect(try RuleParser.parse("revenue > 1 or form = 8-K and cik = 1") == .or(a, .and(b, c)))
        #expect(try RuleParser.parse("(revenue > 1 or form = 8-K) and cik = 1") == .and(.or(a, b), c))
        #expect(try RuleParser.parse("not (revenue > 1) AND (form = 8-K)") == .and(.not(a), b))
        #expect(try RuleParser.parse("revenue_growth_yoy > 0.5 and (guidance.revenue = above or net_income turns positive) and cik = 320193")
                == .and(.and(.compare(MetricRef(name: "revenue_growth_yoy"), .greater, 0.5),
                             .or(.guidance(metric: "revenue", .equal, .above), .turns(MetricRef(name: "net_income"), .positive))),
                        .cik(.equal, "320193")))
    }

    @Test(arguments: [
        ("", "column 1: expected a condition (a metric such as revenue_growth_yoy, guidance.<metric>, cik, company, form) or '(', found end of rule"),
        ("revenue_growth_yoy >", "column 21: expected a number after '>', e.g. 0.5 or 50%, found end of rule"),
        ("revenue_growth_yoy > high", "column 22: expected a number after '>', e.g. 0.5 or 50%, found 'high'"),
        ("revenue_growth_yoy 0.5", "column 20: expected a comparison (>, >=, <, <=, =, !=) or 'turns' after revenue_growth_yoy, found '0.5'"),
        ("revenu_growth > 1", "column 1: expected a known metric (cash, current_ratio, effective_tax_rate, eps_basic, eps_diluted, eps_diluted_change_yoy, equity_to_assets, gross_margin, gross_profit, net_income, net_income_growth_yoy, net_margin, operating_income, operating_margin, rd_to_revenue, revenue, revenue_growth_qoq, revenue_growth_yoy, working_capital), found 'revenu_growth'"),
        ("guidance.revenue = higher", "column 20: expected a guidance position: above, within or below, found 'higher'"),
        ("guidance revenue = above", "column 10: expected '.' and a metric after 'guidance', e.g. guidance.revenue, found 'revenue'"),
        ("net_income turns up", "column 18: expected 'positive' or 'negative' after 'turns', found 'up'"),
        ("cik > 5", "column 5: expected '=' or '!=' after cik, found '>'"),
        ("cik = apple", "column 7: expected a CIK (digits, e.g. 320193), found 'apple'"),
        ("company = 'file-0-27460", "column 11: expected a closing ' for the string started here, found end of rule"),
        ("(revenue > 1", "column 13: expected ')' to close the '(' at column 1, found end of rule"),
        ("revenue > 1)", "column 12: expected no ')' without a matching '(', found ')'"),
        ("revenue > 1 and", "column 16: expected a condition (a metric such as revenue_growth_yoy, guidance.<metric>, cik, company, form) or '(', found end of rule"),
        ("revenue > 1 form = 8-K", "column 13: expected 'and', 'or' or the end of the rule, found 'form'"),
        ("revenue > 1 && cik = 1", "column 13: expected a metric, a keyword, a number, an operator or a parenthesis, found '&'"),
        ("revenue ! 1", "column 9: expected '!=' (not a lone '!'), found '!'"),
        ("revenue > 12abc", "column 13: expected a space or an operator after the number 12, found 'a'"),
        ("ytd.revenu > 1", "column 5: expected a known metric (cash, current_ratio, effective_tax_rate, eps_basic, eps_diluted, eps_diluted_change_yoy, equity_to_assets, gross_margin, gross_profit, net_income, net_income_growth_yoy, net_margin, operating_income, operating_margin, rd_to_revenue, revenue, revenue_growth_qoq, revenue_growth_yoy, working_capital), found 'revenu'"),
    ])
    func invalidRuleIsRejectedWithWhereAndWhat(_ text: String, _ message: String) {
        do {
            let rule = try RuleParser.parse(text)
            Issue.record("'\(text)' parsed as \(rule)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func errorPointsAtTheColumn() {
        let rule = "revenue_growth_yoy >"
        do { _ = try RuleParser.parse(rule) } catch {
            #expect(error.pointer(in: rule) == "revenue_growth_yoy >\n                    ^")
        }
    }
}
