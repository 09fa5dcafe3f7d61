import AccessToWork
import ArgumentParser
import Foundation

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
            Series with fewer than 12 points or with gaps are warned about on standard error (and in JSON).

            """ + SPCAnalysis.columns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
    @OptionGroup var filter: SeriesFilter

    @Option(help: "The chart.")
    var chart: ControlChartKind = .laney

    @Option(help: "Points of each segment the centre and limits are computed from (1-120).")
    var baselineMonths: Int = 12

    @Option(help: "Recalculate the centre and limits from this month (YYYY-MM); repeatable.")
    var rebase: [Month] = []

    @Option(help: "Points on one side of the centre that make a shift (2-60).")
    var runLength: Int = 7

    @Option(help: "Rising or falling points that make a trend (2-60).")
    var trendLength: Int = 7

    @OptionGroup var output: OutputOptions

    var options: SPCOptions {
        get throws { try SPCOptions(checking: chart, baselinePoints: baselineMonths, rebases: rebase, runLength: runLength, trendLength: trendLength) }
    }

    func validate() throws {
        do { _ = try options } catch let error as UserInputError { throw ValidationError(error.message) }
    }

    func run() throws {
        let evaluated = try evaluation.evaluate(source, counts)
        try filter.selection.check(evaluated)
        try output.emit(SPCResult(SPCAnalysis(KPIReport(evaluated), options: options), selection: filter.selection)) {
            try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract))
        }
    }
}

/// `kpi pmir`: PMIR escalation levels month by month.
struct PMIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmir",
        abstract: "PMIR escalation level (1 Standard … 4 Formal) per provider, contract and month, with the reason.",
        discussion: """
            Two policies ship: `default`, in which a KPI below target counts against a provider only with statistical \
            evidence (a one-sided test on the rolling 3-month rate, or control limits wholly below target; an SPC \
            concern too when a policy turns it on), and \
            `strict-contract`, the literal reading in which any month below target counts. Both are data: print one \
            with `kpi pmir-policy [--name NAME]`, edit a copy and pass --policy FILE. Every reason names the KPI, \
            window, months, figures and evidence. The table shows one month (default: the as-of month).

            """ + PMIRTimeline.columns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption

    @Option(help: "A shipped policy (default, strict-contract) or a PMIR policy file (JSON).")
    var policy: String?

    @OptionGroup var filter: SeriesFilter
    @OptionGroup var output: OutputOptions

    func run() throws {
        let rules = try DataInputError.wrapping { try PMIRPolicy.chosen(policy) }
        let evaluated = try evaluation.evaluate(source, counts)
        try filter.selection.check(evaluated, pooled: false)
        let report = KPIReport(evaluated)
        try output.emit(PMIRResult(PMIRTimeline(report, policy: rules), selection: filter.selection, tableMonth: filter.month ?? report.asOfMonth)) {
            try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract))
        }
    }
}

/// `kpi pmir-policy`: a shipped PMIR policy file, to read or to copy and edit.
struct PMIRPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmir-policy",
        abstract: "Print a shipped PMIR policy (JSON), to edit and pass to kpi pmir --policy FILE."
    )

    @Option(help: "The shipped policy: default or strict-contract.")
    var name = "default"

    @Option(help: "Write the policy to this file instead of standard output.")
    var out: String?

    func run() throws {
        guard let text = PMIRPolicy.shippedText(name) else {
            throw ValidationError("--name \(name): no shipped policy of that name (shipped: \(PMIRPolicy.shippedNames.joined(separator: ", ")))")
        }
        try OutputOptions.write(text, to: out)
    }
}

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
            definition.

            """ + PerformanceNotice.columns.help
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
        let evaluated = try evaluation.evaluate(source, counts)
        let notice = try PerformanceNotice(checking: evaluated, period: period?.months, providerID: provider)
        try output.emit(notice) { try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract)) }
    }
}

/// `kpi mi`: management-information returns for a month.
struct MICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mi",
        abstract: "Management-information returns for a month: MMIR, MHSS monthly and yearly MI, customer insight, due dates.",
        discussion: """
            Long form, one row per provider, return, measure and period. Without --return, every return that applies \
            to each provider's contract. A workbook has a sheet per return, measures down and periods across.

            """ + MIReturns.columns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions

    @Option(name: .customLong("return"), help: "One return.")
    var returnKind: MIReturn?

    @Option(name: .customLong("year-start"), help: "First month of the reporting year, 1-12 (default 4: April).")
    var yearStart: Int = 4

    @OptionGroup var filter: SeriesFilter
    @OptionGroup var output: OutputOptions

    func run() throws {
        let dataset = try source.load()
        let day = try evaluation.day(dataset)
        let catalog = try evaluation.catalog()
        let chosen = returnKind.map { [$0] } ?? MIReturn.allCases
        // MHSS monthly MI's late returns and the Cabinet Office return read the KPI figures.
        let evaluated = chosen.contains(where: \.readsKPIFigures) ? try evaluation.evaluate(dataset) : nil
        let returns = try MIReturns(checking: dataset, selection: filter.selection, asOf: day, returns: chosen, yearStart: yearStart,
                                    evaluation: evaluated, catalog: catalog, warn: warn)
        try output.emit(returns) { try source.context(asOf: day, contracts: dataset.providers.contracts) }
    }
}

/// `kpi cases`: the items behind a figure.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "The items behind a KPI figure: dates, deadline, status and working days taken (for action plans).",
        discussion: "The items of a month add up to the report's counts for that provider, KPI and month (in_month).\n\n" + ItemListing.columns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions

    @Option(help: "The KPI (e.g. HA-3, MH-9a).")
    var kpi: String

    @Option(help: "The provider id.")
    var provider: String

    @Option(help: "The contract, when the provider holds more than one.")
    var contract: String?

    @Option(help: "Only items counted in this month (YYYY-MM).")
    var month: Month?

    @Option(help: "Only items with this status: met, missed, pending or excluded.")
    var status: ItemStatus?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let dataset = try source.load()
        let evaluated = try evaluation.evaluate(dataset)
        let selection = ReportSelection(month: month, contract: contract, provider: provider, kpi: kpi)
        let listing = try ItemListing(evaluated, dataset: dataset, selection: selection, status: status)
        try output.emit(listing) { try source.context(asOf: evaluated.asOf, contracts: [listing.contract]) }
    }
}

/// `kpi sample`: a reproducible random sample of a provider's cases for compliance checks.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "A reproducible random sample of a provider's cases, with every record of each, for compliance checks.",
        discussion: """
            Draws --size cases (all, when fewer) of --provider, referred in --month when given, with SplitMix64 from \
            --seed: the same data and options always give the same cases. With --out DIR, writes the sample as a \
            dataset folder (the cases and their reports, complaints, cancellations, recommendations and type changes; \
            providers whole) that every kpi command reads. Prints the sampled cases as CSV.

            """ + CaseSample.columns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var filter: SeriesFilter

    @Option(help: "How many cases.")
    var size: Int

    @Option(help: "The random seed (a whole number).")
    var seed: UInt64

    @Option(help: "Write the sample as a dataset folder here.")
    var out: String?

    func run() throws {
        let sample = try CaseSample(try source.load(), selection: filter.selection, size: size, seed: seed)
        FileHandle.standardOutput.write(Data(sample.csv().utf8))
        var note = sample.summary
        if let out {
            try DataInputError.wrapping { try sample.dataset.writeCSV(to: out) }
            note += "; wrote \(out): \(sample.contents)"
        }
        FileHandle.standardError.write(Data((note + "\n").utf8))
    }
}

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
        try OutputOptions.write(MonthCountsFile.csv(try evaluation.evaluate(dataset), providers: dataset.providers), to: out)
    }
}
