import AccessToWork
import ArgumentParser
import Foundation

extension ControlChartKind: ExpressibleByArgument {}

/// `kpi spc`: statistical process control of every KPI series.
struct SPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spc",
        abstract: "Statistical process control per series and month: centre, limits, special causes, variation and assurance.",
        discussion: """
            Charts the in-month rates of every provider (and NATIONAL, REGION:<r>) × contract × KPI, from its first \
            month through the as-of month (HA-6, an FTE share, is not charted). The default chart is Laney's p′ (a \
            p-chart widened by the months' own over-dispersion, never narrower than the p-chart); --chart p or xmr \
            (Making Data Count's individuals chart) instead. Special causes: trend (7 rising or falling), shift (7 on \
            one side of the centre), two_of_three (beyond 2σ on one side), outside_limits. \
            CSV columns: provider_id,contract,kpi,month,met,measured,rate,centre,lower,upper,rule,variation,assurance. \
            Series with fewer than 12 points or with gaps are warned about on standard error (and in JSON).
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption

    @Option(help: "The chart: laney (default), p or xmr.")
    var chart: ControlChartKind = .laney

    @Option(help: "Points of each segment the centre and limits are computed from.")
    var baselineMonths: Int = 12

    @Option(help: "Recalculate the centre and limits from this month (YYYY-MM); repeatable.")
    var rebase: [Month] = []

    @Option(help: "Points on one side of the centre that make a shift.")
    var runLength: Int = 7

    @Option(help: "Rising or falling points that make a trend.")
    var trendLength: Int = 7

    @Option(help: "Only this month (YYYY-MM); the table's default is each series' latest month.")
    var month: Month?

    @OptionGroup var filter: SeriesFilter

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...120).contains(baselineMonths) else { throw ValidationError("--baseline-months \(baselineMonths): expected 1 to 120") }
        guard (2...60).contains(runLength) else { throw ValidationError("--run-length \(runLength): expected 2 to 60") }
        guard (2...60).contains(trendLength) else { throw ValidationError("--trend-length \(trendLength): expected 2 to 60") }
    }

    func run() throws {
        let report = KPIReport(try evaluation.evaluate(source, counts).0)
        try filter.check(report.evaluation.series)
        let options = SPCOptions(chart: chart, baselinePoints: baselineMonths, rebases: rebase,
                                 runLength: runLength, trendLength: trendLength)
        let spc = SPCAnalysis(report, options: options)
        let (contract, provider) = (filter.contract, filter.provider)
        let warnings = spc.warningLines(provider: provider, contract: contract)
        if !warnings.isEmpty && output.resolvedFormat != .json {
            FileHandle.standardError.write(Data(warnings.map { "warning: " + $0 + "\n" }.joined().utf8))
        }
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .table: try output.write(spc.table(month: month, provider: provider, contract: contract))
        case .csv: try output.write(spc.csv(provider: provider, contract: contract, month: month))
        case .json: try output.write(spc.json(provider: provider, contract: contract, month: month).adding(DataOptions.provenance(asOf: report.evaluation.asOf)).rendered())
        case .xlsx, .ods:
            try output.write(SPCAnalysis.published, try source.context(counts: counts.files, asOf: report.evaluation.asOf, contracts: report.evaluation.series.map(\.contract)), tables: [
                OutputOptions.table("spc", "Control chart points: rate, centre, limits, special cause, variation and assurance per series and month",
                                    SPCAnalysis.columns, csv: spc.csv(provider: provider, contract: contract, month: month)),
            ])
        }
    }
}
