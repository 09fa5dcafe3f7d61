import CaseData
import Foundation
import KPIEngine
import Testing
import WorkingDays

@Suite("Month counts as an interchange file")
struct MonthCountsFileTests {
    static let header = "provider_id,contract,service_start,region,division,kpi,month,met,missed,pending,excluded\n"

    @Test func rowsOfTheSameProviderAreSummedAndPoolsFollow() throws {
        let a = Self.header + "P1,atw-ha,2026-01-05,North,,HA-1,2026-01,3,1,0,0\nP1,atw-ha,2026-01-05,North,,HA-6,2026-03,0.25,9.75,0,0\n"
        let b = Self.header + "P1,atw-ha,2026-01-05,North,,HA-1,2026-01,2,0,1,0\nP2,atw-ha,2026-01-01,North,scotland,HA-1,2026-01,4,4,0,1\n"
        let evaluation = try MonthCountsFile.evaluation(files: [("a.csv", Array(a.utf8)), ("b.csv", Array(b.utf8))],
                                                        catalog: try ContractCatalog.builtIn, asOf: Day("2026-03-31")!)
        func series(_ id: String, _ kpi: Int) throws -> Int {
            try #require(evaluation.series.firstIndex { $0.providerID == id && $0.kpiIndex == kpi })
        }
        let january = Month("2026-01")!
        // P1's two HA-1 rows for January add up: 5 met, 1 missed, 1 pending.
        #expect(evaluation.counts[series: try series("P1", 0), status: .met, month: january] == 5)
        #expect(evaluation.counts[series: try series("P1", 0), status: .pending, month: january] == 1)
        // HA-6 in ten-thousandths of an FTE: 0.25 → 2500.
        #expect(evaluation.counts[series: try series("P1", 5), status: .met, month: Month("2026-03")!] == 2_500)
        // NATIONAL and REGION:North pool both providers: 9 met of 14.
        #expect(evaluation.counts[series: try series("NATIONAL", 0), status: .met, month: january] == 9)
        #expect(evaluation.counts[series: try series("REGION:North", 0), status: .missed, month: january] == 5)
        // KPIs no row names are not measured, with the reason.
        #expect(evaluation.notMeasured.map(\.kpi) == ["HA-2", "HA-3", "HA-4", "HA-5"])
        #expect(evaluation.notMeasured.first?.reason == "no counts for it in the counts files")
        // A provider's details must agree on every row.
        let clash = Self.header + "P1,atw-ha,2026-01-05,North,,HA-1,2026-01,3,1,0,0\nP1,atw-ha,2026-01-05,South,,HA-2,2026-01,1,0,0,0\n"
        #expect(throws: DatasetError.self) {
            try MonthCountsFile.evaluation(files: [("c.csv", Array(clash.utf8))], catalog: try ContractCatalog.builtIn,
                                           asOf: Day("2026-03-31")!)
        }
    }

    @Test func aProviderWithoutMeasuredKPIsIsDeclaredByARowOfItsOwn() throws {
        let dataset = try Dataset.load(contents: [
            .providers: Array("provider_id,contract,service_start,region,division\nP1,atw-ha,2026-01-01,,\nQ1,pilot,2026-02-01,\"North, East\",scotland\n".utf8),
            .cases: Array("case_id,provider_id,contract,referral_received,assessment_type,acknowledged\nC1,P1,atw-ha,2026-01-05,enhanced,2026-01-05\n".utf8),
        ])
        let evaluation = KPIEvaluation(dataset: dataset, catalog: try ContractCatalog.builtIn, asOf: Day("2026-01-31")!)
        let lines = MonthCountsFile.csv(evaluation, providers: dataset.providers).split(separator: "\n").map(String.init)
        // Q1's contract has no definition: one row declares it, every KPI field empty, the region quoted.
        #expect(lines.last == "Q1,pilot,2026-02-01,\"North, East\",scotland,,,,,,")
        #expect(lines.contains("P1,atw-ha,2026-01-01,,england-and-wales,HA-1,2026-01,1,0,0,0"))
    }
}
