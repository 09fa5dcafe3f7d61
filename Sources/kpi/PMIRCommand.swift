import AccessToWork
import ArgumentParser
import Foundation

/// `kpi pmir`: PMIR escalation levels month by month.
struct PMIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmir",
        abstract: "PMIR escalation level (1 \(PMIRLevel.standard.name) … 4 \(PMIRLevel.formal.name)) per provider, contract and month, with the reason.",
        discussion: """
            Two policies ship: `default`, in which a KPI below target counts against a provider only with statistical \
            evidence (a one-sided test on the rolling 3-month rate, or control limits wholly below target; an SPC \
            concern too when a policy turns it on), and \
            `strict-contract`, the literal reading in which any month below target counts. Both are data: print one \
            with `kpi pmir-policy [--name NAME]`, edit a copy and pass --policy FILE. Every reason names the KPI, \
            window, months, figures and evidence. CSV columns: provider_id,contract,month,level,reason. The table \
            shows one month (default: the as-of month).
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption

    @Option(help: "A shipped policy (default, strict-contract) or a PMIR policy file (JSON).")
    var policy: String?

    @Option(help: "Only this month (YYYY-MM).")
    var month: Month?

    @OptionGroup var filter: SeriesFilter

    @OptionGroup var output: OutputOptions

    func run() throws {
        let rules = try PMIRCommand.policy(policy)
        let report = KPIReport(try evaluation.evaluate(source, counts).0)
        try filter.check(report.evaluation.series.filter { !$0.isPooled })
        let (contract, provider) = (filter.contract, filter.provider)
        let timeline = PMIRTimeline(report, policy: rules)
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .table: try output.write(timeline.table(month: month ?? report.asOfMonth, provider: provider, contract: contract))
        case .csv: try output.write(timeline.csv(provider: provider, contract: contract, month: month))
        case .json: try output.write(timeline.json(provider: provider, contract: contract, month: month).adding(DataOptions.provenance(asOf: report.evaluation.asOf)).rendered())
        case .xlsx, .ods:
            try output.write(PMIRTimeline.published, try source.context(counts: counts.files, asOf: report.evaluation.asOf, contracts: report.evaluation.series.map(\.contract)), tables: [
                OutputOptions.table("pmir", "PMIR level and reason per provider, contract and month",
                                    PMIRTimeline.columns, csv: timeline.csv(provider: provider, contract: contract, month: month)),
            ])
        }
    }
}

extension PMIRCommand {
    /// The policy of `--policy NAME|FILE` (a shipped name first), or the default; a bad file is a data error
    /// naming the file and field.
    static func policy(_ choice: String?) throws -> PMIRPolicy {
        do throws(PMIRPolicyError) {
            guard let choice else { return try PMIRPolicy.default }
            return PMIRPolicy.shippedNames.contains(choice) ? try PMIRPolicy.shipped(choice) : try PMIRPolicy(file: choice)
        } catch {
            throw DataInputError(description: error.description)
        }
    }
}

/// `kpi pmir-policy`: the default PMIR policy file, to read or to copy and edit.
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
        var output = OutputOptions()
        output.out = out
        guard let text = PMIRPolicy.shippedText(name) else {
            throw ValidationError("--name \(name): no shipped policy of that name (shipped: \(PMIRPolicy.shippedNames.joined(separator: ", ")))")
        }
        try output.write(text)
    }
}
