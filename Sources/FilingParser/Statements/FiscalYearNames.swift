// Which calendar year a fiscal year named by a year alone ends in.

/// A fiscal year is named by a year: "Fiscal 2004", "Fourth Quarter 2004". One ending in December
/// or mid-year is named by the calendar year it ends in. One ending in January or the first week
/// of February (retailers' 52/53-week years ending near January 31, as the header's fiscal year
/// end "0129" says) is named by the year it begins in: "Fourth Quarter 2004" ends in January
/// 2005. Some such companies name it by the year it ends in instead ("Fiscal 2005" ending January
/// 31, 2005); the filing tells them apart, since no quarter it reports ends after it was filed
/// (`FilingParser.fiscalYearsNamedByStart`).
enum FiscalYearNames {
    /// The fiscal year end falls in January or in the first seven days of February.
    static func endsEarlyInYear(_ fye: (Int, Int)) -> Bool { fye.0 == 1 || fye.0 == 2 && fye.1 <= 7 }

    /// The calendar year in which the fiscal year named `y` ends.
    static func endYear(ofFiscalYear y: Int, fiscalYearEnd fye: (Int, Int), byStartYear: Bool) -> Int {
        byStartYear && endsEarlyInYear(fye) ? y + 1 : y
    }
}
