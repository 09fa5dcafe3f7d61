import Assurance
import Forecasting
import KPIEngine
import PMIR
import Returns
import Spreadsheets

// Every result's columns, declared once: the CSV header, the workbook's header and cell types, and the
// notes sheet all come from these lists.

/// A column declaration (shorthand).
private func column(_ name: String, _ kind: WorkbookColumnKind, _ note: String) -> WorkbookColumn {
    WorkbookColumn(name, kind, note)
}

private let seriesColumns = [
    column("provider_id", .text, "The provider's id, or NATIONAL (every provider of the contract) or REGION:<region> (the providers of a region)"),
    column("contract", .text, "The contract id (atw-ha, atw-mhss or a custom contract)"),
    column("kpi", .text, "The KPI id from the contract definition"),
]

extension KPIReport {
    /// The report's columns (CSV and workbook).
    public static let columns = seriesColumns + [
        column("month", .month, "The month the window ends in"),
        column("window", .text, "in_month, rolling_3 (the month and the two before), rolling_12, cumulative (from the service start) or quarter (HA-6, the calendar quarter ending in the month)"),
        column("met", .number, "Items met in the window (FTE of disabled staff for HA-6)"),
        column("missed", .number, "Items missed (for HA-6 the other FTE)"),
        column("pending", .number, "Items still open whose deadline has not passed by the as-of date"),
        column("excluded", .number, "Items excluded (case withdrawn on or before the deadline)"),
        column("rate", .decimal(4), "met / (met + missed) as a percentage 0-100, rounded half up to 4 decimals; empty when nothing was measured"),
        column("target", .decimal(4), "The KPI's target as a percentage 0-100"),
        column("target_met", .boolean, "Whether the rate is at least the target (exact comparison); empty when nothing was measured"),
        column("rating", .number, "Cabinet Office tier 4 (Good) to 1 (Inadequate) as a number, or G, A, R (text) for RAG-rated KPIs; empty without a rating"),
    ]
}

extension RiskForecast {
    /// The forecast's columns.
    public static let columns = seriesColumns + [
        column("month", .month, "The month forecast"),
        column("window", .text, "in_month, rolling_3 or rolling_12, ending in the month forecast"),
        column("expected_rate", .decimal(4), "Expected rate, percentage 0-100"),
        column("lower", .decimal(4), "10th percentile of the rate, percentage 0-100"),
        column("upper", .decimal(4), "90th percentile of the rate, percentage 0-100"),
        column("p_below_target", .decimal(4), "Probability (0-1) that the rate falls below target"),
        column("expected_volume", .decimal(1), "Expected items measured"),
        column("headroom", .integer, "How many more missed items the window can take at the expected volume (negative: the expected shortfall)"),
        column("method", .text, "The candidate that forecast the series, as --method names it (model, local-level, damped-trend, long-run, last-month, blend); empty when nothing could be forecast"),
        column("model_step", .text, "For the model: trend, cycle, conditions, or level (fewer than three months of data)"),
        column("uses", .text, "known: items already decided in the month in progress count as they are; pipeline: open items were forecast one by one; empty otherwise"),
        column("decided", .boolean, "Whether the known counts already decide the window (p_below_target is then exactly 0 or 1)"),
        column("note", .text, "Why a row has no probability, or that it is decided"),
    ]

    /// The `--explain` columns: the choice and every candidate's backtest score.
    public static let explainColumns = seriesColumns + [
        column("method", .text, "The candidate chosen for the series"),
        column("scored_origins", .integer, "The series' own inner backtest origins"),
    ] + ForecastCandidate.allCases.map {
        column("score_" + $0.rawValue.replacingOccurrences(of: "-", with: "_"), .decimal(4),
               "The \($0.rawValue) candidate's shrunk mean inner score (squared error over binomial variance; lower is better)")
    }
}

extension SPCAnalysis {
    /// The control charts' columns.
    public static let columns = seriesColumns + [
        column("month", .month, "The month charted"),
        column("met", .integer, "Items met in the month"),
        column("measured", .integer, "Items met or missed in the month"),
        column("rate", .decimal(4), "The month's rate, percentage 0-100"),
        column("centre", .decimal(4), "The chart's centre line, percentage 0-100"),
        column("lower", .decimal(4), "The lower control limit, percentage 0-100"),
        column("upper", .decimal(4), "The upper control limit, percentage 0-100"),
        column("rule", .text, "The special-cause rule the month triggers (trend, shift, two_of_three, outside_limits), or empty"),
        column("variation", .text, "common_cause, improvement or concern"),
        column("assurance", .text, "pass, fail or hit_and_miss against the target; empty for a KPI without a target"),
    ]
}

extension PMIRTimeline {
    /// The PMIR timeline's columns.
    public static let columns = [
        column("provider_id", .text, "The provider's id"),
        seriesColumns[1],
        column("month", .month, "The month"),
        column("level", .integer, "PMIR level: " + PMIRLevel.legend),
        column("reason", .text, "Why the provider is at that level: the KPI, window, months, figures and evidence"),
    ]
}

extension ItemListing {
    /// The item list's columns.
    public static let columns = seriesColumns + [
        column("month", .month, "The month the item counts in"),
        column("status", .text, "met, missed, pending or excluded as of the as-of date"),
        column("case_id", .text, "The case"),
        column("item", .text, "What the item is (the case, a report, a complaint, a return)"),
        column("start", .date, "When the clock started"),
        column("deadline", .date, "The deadline, or empty when the KPI has none"),
        column("end", .date, "When it was done, or empty while open"),
        column("counted", .date, "The day the item counts on"),
        column("working_days", .integer, "Working days from start to end (to the as-of date while open)"),
    ]
}

extension PerformanceNotice {
    /// The notice's columns.
    public static let columns = [
        column("provider_id", .text, "The provider's id"),
        seriesColumns[1],
        column("kpi", .text, "The KPI id, or overall for the contract's summary line"),
        column("from", .month, "First month pooled (the period's, or the provider's service start when later)"),
        column("to", .month, "Last month pooled"),
        column("met", .number, "Items met over the period (FTE for a share KPI); empty on the summary line"),
        column("measured", .number, "Items met or missed over the period; empty on the summary line"),
        column("rate", .decimal(4), "The pooled rate, percentage 0-100"),
        column("target", .decimal(4), "The KPI's target, percentage 0-100"),
        column("rating", .text, "Good, Approaching target, Requires improvement, Inadequate or Other"),
        column("reason", .text, "The band the rate fell in, or why the rating is Other; on the summary line the count of each rating"),
    ]
}

/// The bank holiday list's columns (`kpi calendar`).
public enum BankHolidayColumns {
    public static let columns = [
        column("date", .date, "The bank holiday (or substitute day)"),
        column("name", .text, "Its name, as GOV.UK gives it"),
    ]
}
