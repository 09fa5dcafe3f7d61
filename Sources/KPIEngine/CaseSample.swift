import CaseData
import WorkingDays

/// A reproducible random sample of a provider's cases for compliance checks (`kpi sample`): `size` cases (all,
/// when fewer) of the provider, referred in `month` when given, drawn with SplitMix64 from `seed`, so the same
/// data and options always give the same cases.
///
/// ```swift
/// let sample = try CaseSample(dataset, selection: ReportSelection(provider: "P1"), size: 20, seed: 7)
/// try sample.dataset.writeCSV(to: "sample-P1")
/// ```
public struct CaseSample: Sendable {
    public var providerID: String
    public var month: Month?
    public var seed: UInt64
    /// The cases the sample was drawn from.
    public var candidateCount: Int
    /// The rows of the sampled cases in the dataset's case table, in the order drawn.
    public var cases: [Int]
    /// The case ids and referral days of the sampled cases.
    public var caseIDs: [String]
    public var referrals: [Day]
    /// The sample as a dataset: the cases and their reports, complaints, cancellations, recommendations and type
    /// changes; providers whole.
    public var dataset: Dataset

    /// Throws ``UserInputError`` for a provider (or provider and contract) not in `providers.csv`, a provider that
    /// holds several contracts without the selection's contract, or a size below 1.
    public init(_ dataset: Dataset, selection: ReportSelection, size: Int, seed: UInt64) throws(UserInputError) {
        guard size >= 1 else { throw UserInputError("--size must be at least 1, got \(size)") }
        guard let provider = selection.provider else { throw UserInputError("the sample needs --provider") }
        try selection.check(dataset.providers)
        let rows = dataset.providers.providerIDs.indices.filter {
            dataset.providers.providerIDs[$0] == provider && (selection.contract == nil || dataset.providers.contracts[$0] == selection.contract)
        }
        guard rows.count == 1 else { throw UserInputError("provider \(provider) holds several contracts; give --contract") }
        let row = Int32(rows[0]), month = selection.month
        let candidates = dataset.cases.provider.indices.filter { c in
            dataset.cases.provider[c] == row
                && (month == nil || Month(containing: Day(rawValue: dataset.cases.referralReceived[c])) == month)
        }
        let chosen = Dataset.sample(candidates, size: size, seed: seed)
        providerID = provider
        self.month = month
        self.seed = seed
        candidateCount = candidates.count
        cases = chosen
        caseIDs = chosen.map { dataset.cases.caseIDs[$0] }
        referrals = chosen.map { Day(rawValue: dataset.cases.referralReceived[$0]) }
        self.dataset = dataset.restricted(toCases: chosen)
    }

    /// `sampled 5 of 12 cases of P1 referred in 2026-10 with seed 7`.
    public var summary: String {
        "sampled \(cases.count) of \(candidateCount) cases of \(providerID)\(month.map { " referred in \($0)" } ?? "") with seed \(seed)"
    }

    /// What writing the sample's dataset wrote: `6 cases, 4 reports, ...`.
    public var contents: String {
        "\(dataset.cases.count) cases, \(dataset.reports.count) reports, \(dataset.complaints.count) complaints, \(dataset.cancellations.count) cancellations, \(dataset.recommendations.count) recommendations, \(dataset.typeChanges.count) type changes"
    }
}
