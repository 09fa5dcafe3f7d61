import Assurance
import Forecasting
import KPIEngine
import PMIR
import Returns

// What each result's workbook cover says of it: a title and its rules, one paragraph each (the DocC
// articles hold the whole rules).

extension KPIReport {
    public static let published = PublishedResult(title: "KPI figures per provider, contract, KPI, month and window", rules: [
        ("Item status", "Each measured item is met (done by its deadline, in working days of the provider's division), missed (done late, or not done when the deadline passed), pending (open, deadline not passed) or excluded (case withdrawn on or before the deadline), as of the as-of date."),
        ("Windows", "in_month counts the items of the month; rolling_3 and rolling_12 the month and the 2 or 11 before; cumulative from the provider's service start; HA-6 is reported per calendar quarter. NATIONAL and REGION rows pool the providers' counts."),
        ("Ratings", "The rate is met / (met + missed). Target met when the rate is at least the target, compared exactly. Cabinet Office tiers and RAG bands are inclusive bounds on the exact rate."),
    ])
}

extension RiskForecast {
    public static let published = PublishedResult(title: "Next-month KPI risk per series", rules: [
        ("Forecast", "Each series is forecast by the candidate method that scored best on its own rolling-origin backtest over the months before the as-of date (simplest within 5% of the best); p_below_target is the probability that the window's rate falls below target, from a beta-binomial over the items still to be decided."),
        ("Known items", "Items already decided in the month in progress count as they are; rolling windows add their known months."),
    ])

    public static let publishedExplanation = PublishedResult(title: "How each series' forecast method was chosen", rules: [
        ("Choice", "Each candidate forecasts the month after each of up to 12 inner origins from what was recorded by then; its score is the squared error over binomial variance, shrunk toward the KPI family's mean with 24 rows' weight; the simplest candidate within 5% of the best is chosen."),
    ])
}

extension ForecastBacktest {
    public static let published = PublishedResult(title: "Rolling-origin backtest of the forecast", rules: [
        ("Origins", "For each origin month the dataset is evaluated as of its last day (later data invisible), the next month is forecast, and each series and window is scored against that month's figures as of the actuals date."),
        ("Scores", "Brier score of p_below_target (0 best), mean absolute error and bias of the expected rate in percentage points, calibration by decile; the baselines are last month's rate and the long-run rate at binomial noise, the reference an EWMA of the monthly counts."),
    ])
}

extension SPCAnalysis {
    public static let published = PublishedResult(title: "Statistical process control per series and month", rules: [
        ("Charts", "Laney p' charts by default: the centre is the baseline months' pooled rate, the limits 3 standard deviations of a binomial rate at the month's items, widened by the baseline's over-dispersion (never narrowed)."),
        ("Rules", "Special causes in Making Data Count's order: a trend of 7 points, a shift of 7 points on one side, two of three near a limit, a point outside the limits. Variation is common_cause, improvement or concern; assurance compares the limits with the target."),
    ])
}

extension PMIRTimeline {
    public static let published = PublishedResult(title: "PMIR escalation level per provider, contract and month", rules: [
        ("Levels", PMIRLevel.legend + ", month by month under the chosen policy; every reason names the KPI, window, months, figures and evidence."),
        ("Evidence", "Under the default policy a KPI below target counts against a provider only with statistical evidence of a shortfall; the strict-contract policy counts any month below target."),
    ])
}

extension MIReturns {
    public static let published = PublishedResult(title: "Management-information returns", rules: [
        ("Returns", "mmir (HA monthly MI), mhss-monthly and mhss-yearly, customer-insight, due-dates and cabinet-office, each for the month given; year_to_date runs from the reporting year's first month."),
        ("Due dates", "Monthly returns by the 3rd working day of the next month; customer insight by the 15th of the next month and social value by the 15th of the month after the quarter, moved to the next working day; the Cabinet Office return's inputs by the same 15th."),
    ])
}

extension PerformanceNotice {
    public static let published = PublishedResult(title: "Contract performance notice (Procurement Act 2023, s.52 and s.71)", rules: [
        ("Ratings", "Each KPI's items over the period are pooled; the pooled rate's Cabinet Office tier or RAG status maps to Good, Approaching target, Requires improvement or Inadequate as the contract definition says (tier 4/3/2/1 and G/A/R by default; Inadequate below a stated lower bound); Other when nothing, or fewer items than the definition's minimum, was measured."),
        ("Summary", "The overall line carries the lowest rating among the KPIs rated and the count of each rating."),
    ])
}

extension ItemListing {
    public static let published = PublishedResult(title: "The items behind a KPI figure", rules: [
        ("Items", "Every item the KPI measured for the provider, with its dates, deadline, status as of the as-of date and the working days it took."),
    ])
}

extension BankHolidayColumns {
    public static let published = PublishedResult(title: "Bank holidays of a division", rules: [
        ("Calendar", "England and Wales, Scotland or Northern Ireland holidays computed from their rules (Easter, substitute days when a holiday falls at a weekend, one-off holidays), with any overrides given."),
    ])
}
