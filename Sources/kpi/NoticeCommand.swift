import AccessToWork
import ArgumentParser
import Foundation

/// A period of months, `YYYY-MM..YYYY-MM`.
struct MonthPeriod: ExpressibleByArgument {
    var months: ClosedRange<Month>

    init?(argument: String) {
        let parts = argument.components(separatedBy: "..")
        guard parts.count == 2, let from = Month(parts[0]), let to = Month(parts[1]), from <= to else { return nil }
        months = from...to
    }
}

/// `kpi notice`: the Procurement Act 2023 contract performance notice.
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Contract performance notice (Procurement Act 2023 s.52, s.71): each KPI rated Good, Approaching target, Requires improvement, Inadequate or Other over a period.",
        discussion: """
            Per provider and contract: each KPI the contract's definition publishes (notice.kpis; all by default) with \
            the period's pooled items, rate, target and rating, then an overall line (the lowest rating and the count \
            of each). The mapping from tiers or RAG bands to the five ratings, the lower bound for Inadequate and the \
            fewest items a rating needs (notice.minimum_items, 30 by default; fewer is Other) are data in the contract \
            definition. CSV columns: \(PerformanceNotice.columns.map(\.name).joined(separator: ",")).
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption

    @Option(help: "Only this provider id (default: every provider, a notice each).")
    var provider: String?

    @Option(help: "The months rated, YYYY-MM..YYYY-MM (default: the 12 months to the as-of month).")
    var period: MonthPeriod?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let evaluated = try evaluation.evaluate(source, counts).0
        if let provider, !evaluated.series.contains(where: { !$0.isPooled && $0.providerID == provider }) {
            throw ValidationError("--provider \(provider): not a provider in the dataset")
        }
        let asOfMonth = Month(containing: evaluated.asOf)
        let months = period?.months ?? asOfMonth.advanced(by: -11)...asOfMonth
        guard months.upperBound <= asOfMonth else {
            throw ValidationError("--period \(months.lowerBound)..\(months.upperBound): ends after the as-of month \(asOfMonth)")
        }
        let notice = PerformanceNotice(evaluation: evaluated, period: months, providerID: provider)
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .table: try output.write(notice.table())
        case .csv: try output.write(notice.csv())
        case .json: try output.write(notice.json().adding(DataOptions.provenance(asOf: evaluated.asOf)).rendered())
        case .xlsx, .ods:
            try output.write(PerformanceNotice.published, try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract)), tables: [
                OutputOptions.table("notice", "Each KPI's rating from \(months.lowerBound) to \(months.upperBound), and the overall line",
                                    PerformanceNotice.columns, csv: notice.csv()),
            ])
        }
    }
}
