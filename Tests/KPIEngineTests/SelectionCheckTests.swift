import CaseData
import KPIEngine
import Testing
import WorkingDays

@Suite("The library's option checks: one wording per mistake")
struct SelectionCheckTests {
    func evaluation() throws -> KPIEvaluation {
        try report([
            .providers: [Header.providers, "P1,atw-ha,2026-01-01,england-and-wales,North", "P2,atw-ha,2026-01-01,scotland,North"],
            .cases: [Header.haCases, "C1,P1,atw-ha,2026-01-05,2026-01-06,,virtual_standard,", "C2,P2,atw-ha,2026-02-05,2026-02-06,,virtual_standard,"],
        ], asOf: "2026-03-31").evaluation
    }

    /// The message of the ``UserInputError`` `body` throws, `nil` when it throws none.
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? UserInputError)?.message ?? "not a UserInputError: \(error)" }
    }

    @Test func anUnknownProviderHasOneWordingWithOrWithoutAContract() throws {
        let e = try evaluation()
        #expect(message { try ReportSelection(provider: "P9").check(e) } == "--provider P9: not a provider in the dataset")
        #expect(message { try ReportSelection(contract: "atw-ha", provider: "P9").check(e) } == "--provider P9: not a provider in the dataset under contract atw-ha")
        #expect(message { try ReportSelection(provider: "NATIONAL").check(e, pooled: false) } == "--provider NATIONAL: not a provider in the dataset")
        #expect(message { try ReportSelection(provider: "NATIONAL").check(e) } == nil)
        let providers = try dataset([.providers: [Header.providers, "P1,atw-ha,2026-01-01,england-and-wales,North"],
                                     .cases: [Header.haCases, "C1,P1,atw-ha,2026-01-05,2026-01-06,,virtual_standard,"]]).providers
        #expect(message { try ReportSelection(provider: "P9").check(providers) } == "--provider P9: not a provider in the dataset")
    }

    @Test func anUnknownContractKPIOrMonthIsNamedWithWhatTheDataHas() throws {
        let e = try evaluation()
        #expect(message { try ReportSelection(contract: "atw-x").check(e) } == "--contract atw-x: no provider of the dataset has it (contracts: atw-ha)")
        #expect(message { try ReportSelection(provider: "P1", kpi: "XX-9").check(e) }
                == "no series for provider P1 and KPI XX-9 (is the provider and its contract's KPI right?)")
        #expect(message { try ReportSelection(month: Month("2026-04")!).check(e) } == "--month 2026-04: outside the data (months 2026-01 to the as-of month 2026-03)")
        #expect(message { try ReportSelection(month: Month("2025-12")!).check(e) } == "--month 2025-12: outside the data (months 2026-01 to the as-of month 2026-03)")
        #expect(message { try ReportSelection(month: Month("2026-02")!, provider: "P2", kpi: "HA-2").check(e) } == nil)
    }

    @Test func theEvaluationRequestChecksItsSourcesAndDate() {
        #expect(message { try EvaluationRequest(folder: "a", store: "b").check() } == "give exactly one of --data DIR or --store FILE")
        #expect(message { try EvaluationRequest(description: "d.json").check() } == "--describe FILE describes a dataset folder: give --data DIR too")
        #expect(message { try EvaluationRequest(folder: "a", counts: ["c.csv"]).check() } == "give --counts FILE... or a dataset (--data, --store), not both")
        #expect(message { try EvaluationRequest(counts: ["c.csv"]).check() } == "--counts needs --as-of DATE (the date the counts were made as of)")
        #expect(message { try EvaluationRequest(folder: "a", asOf: Day("2101-01-01")).check() } == "--as-of 2101-01-01 is outside the supported range 1995-01-01...2100-12-31")
        #expect(message { try EvaluationRequest().checkSource(counts: true) } == "give --data DIR, --store FILE or --counts FILE...")
        #expect(message { try EvaluationRequest(counts: ["c.csv"], asOf: Day("2026-01-31")).checkSource(counts: false) }
                == "--counts: this needs the dataset (--data or --store), not month counts")
    }

    @Test func theItemListingAndTheSampleCheckTheirProviderAndSize() throws {
        let e = try evaluation()
        let data = try dataset([
            .providers: [Header.providers, "P1,atw-ha,2026-01-01,england-and-wales,North", "P2,atw-ha,2026-01-01,scotland,North"],
            .cases: [Header.haCases, "C1,P1,atw-ha,2026-01-05,2026-01-06,,virtual_standard,", "C2,P2,atw-ha,2026-02-05,2026-02-06,,virtual_standard,"],
        ])
        #expect(message { _ = try ItemListing(e, dataset: data, selection: ReportSelection(provider: "P9", kpi: "HA-2")) } == "--provider P9: not a provider in the dataset")
        #expect(try ItemListing(e, dataset: data, selection: ReportSelection(provider: "P1", kpi: "HA-2")).entries.count == 1)
        #expect(message { _ = try CaseSample(data, selection: ReportSelection(provider: "P1"), size: 0, seed: 1) } == "--size must be at least 1, got 0")
        #expect(try CaseSample(data, selection: ReportSelection(provider: "P1"), size: 5, seed: 1).caseIDs == ["C1"])
    }
}
