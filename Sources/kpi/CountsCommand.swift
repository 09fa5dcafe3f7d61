import AccessToWork
import ArgumentParser
import Foundation

/// `kpi counts`: the month counts as an interchange file.
struct CountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "Write the month counts (provider, contract, KPI, month, met, missed, pending, excluded) for report, forecast, pmir, spc and notice --counts.",
        discussion: """
            CSV columns: \(MonthCountsFile.header.joined(separator: ",")). Each row carries its provider's contract, \
            service start, region and division, so `kpi report --counts FILE... --as-of DATE` needs nothing else; \
            files holding different providers (or the same provider's months) are summed. HA-6 counts are FTE, as \
            in the report. Counts made elsewhere (Spark, DuckDB, BigQuery) in this shape work the same way: the \
            DocC article "Scale" shows the SQL.
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions

    @Option(help: "Write the counts to this file instead of standard output.")
    var out: String?

    func run() throws {
        let dataset = try source.load()
        let evaluated = try evaluation.evaluate(dataset)
        var output = OutputOptions()
        output.out = out
        try output.write(MonthCountsFile.csv(evaluated, providers: dataset.providers))
    }
}
