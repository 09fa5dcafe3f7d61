import Foundation

extension KPIEvaluation {
    /// What a reader of any output should know about the evaluation, one line each: contracts without a
    /// definition (with the defined spelling when it differs only in case or `_`), then, unless the evaluation is
    /// empty (``emptinessFailure``), the KPIs not measured and the items before their provider's service start.
    public var notes: [String] {
        var notes: [String] = []
        let defined = catalog.definitions.map(\.contract)
        for (contract, count) in undefinedContracts {
            // Contract ids are matched exactly: another spelling of a defined one is a spelling to map.
            if let same = defined.first(where: { $0.lowercased() == contract.lowercased().replacingOccurrences(of: "_", with: "-") }) {
                notes.append("note: contract \"\(contract)\" has no definition (\(count) providers not reported): ids are matched exactly; is it \(same)? Map it in the contract column's \"values\" in dataset.json")
            } else {
                notes.append("note: contract \"\(contract)\" has no definition (\(count) providers not reported); add one with --contracts DIR")
            }
        }
        guard emptinessFailure == nil else { return notes }
        for missing in notMeasured { notes.append("note: \(missing)") }
        if unattributedItems > 0 {
            notes.append("warning: \(unattributedItems) items fell before their provider's service start and were not counted")
        }
        return notes
    }

    /// Why nothing can be reported when no provider's contract has a definition (every output would be empty).
    public var emptinessFailure: String? {
        guard series.isEmpty && !undefinedContracts.isEmpty else { return nil }
        return "no provider's contract has a definition, so there is nothing to report (contracts: \(undefinedContracts.map(\.contract).joined(separator: ", ")); defined: \(catalog.definitions.map(\.contract).joined(separator: ", ")))"
    }
}
