import AccessToWork
import ArgumentParser
import Foundation

/// `kpi pmir`: PMIR escalation levels month by month.
struct PMIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmir",
        abstract: "PMIR escalation level (1 Standard … 4 Formal) per provider, contract and month, with the reason.",
        discussion: """
            The default policy (the SPEC's) is data: print it with `kpi pmir-policy`, edit a copy and pass --policy FILE. \
            CSV columns: provider_id,contract,month,level,reason. The table shows one month (default: the as-of month).
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions

    @Option(help: "A PMIR policy file (JSON) instead of the default.")
    var policy: String?

    @Option(help: "Only this month (YYYY-MM).")
    var month: Month?

    @OptionGroup var filter: SeriesFilter

    @OptionGroup var output: OutputOptions

    func run() throws {
        let rules = try PMIRCommand.policy(policy)
        let report = KPIReport(try evaluation.evaluate(try source.load()))
        try filter.check(report.evaluation.series.filter { !$0.isPooled })
        let (contract, provider) = (filter.contract, filter.provider)
        let timeline = PMIRTimeline(report, policy: rules)
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .table: try output.write(timeline.table(month: month ?? report.asOfMonth, provider: provider, contract: contract))
        case .csv: try output.write(timeline.csv(provider: provider, contract: contract, month: month))
        case .json: try output.write(timeline.json(provider: provider, contract: contract, month: month).rendered())
        }
    }
}

extension PMIRCommand {
    /// The policy of `--policy FILE`, or the default; a bad file is a data error naming the file and field.
    static func policy(_ file: String?) throws -> PMIRPolicy {
        do throws(PMIRPolicyError) {
            return if let file { try PMIRPolicy(file: file) } else { try PMIRPolicy.default }
        } catch {
            throw DataInputError(description: error.description)
        }
    }
}

/// `kpi pmir-policy`: the default PMIR policy file, to read or to copy and edit.
struct PMIRPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmir-policy",
        abstract: "Print the default PMIR policy (JSON), to edit and pass to kpi pmir --policy FILE."
    )

    @Option(help: "Write the policy to this file instead of standard output.")
    var out: String?

    func run() throws {
        var output = OutputOptions()
        output.out = out
        try output.write(PMIRPolicy.defaultText)
    }
}
