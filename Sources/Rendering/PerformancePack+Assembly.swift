import PMIR
import Assurance
import CaseData
import Forecasting
import KPIEngine
import LinearAlgebra
import Returns
import WorkingDays

extension PMIRPolicy {
    /// The policy `--policy NAME|FILE` chooses: a shipped name first, else a policy file; the default when `nil`.
    public static func chosen(_ choice: String?) throws(PMIRPolicyError) -> PMIRPolicy {
        guard let choice else { return try PMIRPolicy.default }
        return shippedNames.contains(choice) ? try shipped(choice) : try PMIRPolicy(file: choice)
    }

    /// A shipped policy's text (`kpi pmir-policy --name NAME`); ``UserInputError`` for a name that is not shipped.
    public static func shippedText(checking name: String) throws(UserInputError) -> String {
        guard let text = shippedText(name) else {
            throw UserInputError("--name \(name): no shipped policy of that name (shipped: \(shippedNames.joined(separator: ", ")))")
        }
        return text
    }
}

extension PerformancePack {
    /// The pack of an evaluation (made with the completion pipeline, for the forecast) of `dataset`: the report,
    /// its control charts, the PMIR levels under `policy`, the forecast and the month's MI returns.
    ///
    /// Throws ``UserInputError`` for a selection the evaluation does not have or a month outside the data; a
    /// failed trend fit leaves the forecast out, and provenance that cannot be read leaves it out, each said to `note`.
    public static func assemble(_ evaluation: KPIEvaluation, dataset: Dataset, policy: PMIRPolicy, options: Options,
                                note: (String) -> Void = { _ in }) throws(UserInputError) -> PerformancePack {
        let report = KPIReport(evaluation)
        let month = options.month ?? report.asOfMonth
        try ReportSelection(month: month, contract: options.contract, provider: options.provider).check(evaluation)
        guard options.worstItems >= 0 else { throw UserInputError("--worst-items \(options.worstItems): give 0 or more") }
        var forecast: RiskForecast?
        do throws(LinearAlgebraError) {
            forecast = try RiskForecast(evaluation)
        } catch {
            note("note: no forecast in the pack (the trend fit failed: \(error))")
        }
        let spc = SPCAnalysis(report)
        var chosen = options
        chosen.month = month
        var pack = PerformancePack(report: report, dataset: dataset, forecast: forecast, pmir: PMIRTimeline(report, policy: policy, spc: spc),
                                   mi: MIReturns(dataset: dataset, month: month, asOf: evaluation.asOf, evaluation: evaluation), spc: spc,
                                   options: chosen)
        // The dataset the run read (``DatasetSession``), when it read one.
        do { pack.provenance = try DatasetSession.provenance(asOf: evaluation.asOf) } catch {
            note("note: no provenance in the pack (\(error))")
        }
        return pack
    }
}
