import CaseData
import Foundation
import KPIEngine
@testable import Returns
import Testing
import WorkingDays
import _TestSupport

/// A pilot contract: P-1 acknowledged within 1 working day (tiers 90/80/70), P-2 booked within 2 working days
/// (RAG 90/50, Inadequate below 40%), S-1 a workforce share (tiers 3/2.5/2); Cabinet Office top KPI P-1 and
/// social value S-1; the notice rates every KPI with at least 3 items.
private let pilotDefinition = #"""
{"format": 1, "contract": "pilot", "name": "Pilot",
 "cabinet_office": {"top_kpis": ["P-1"], "social_value": ["S-1"]},
 "notice": {"minimum_items": 3},
 "returns": [{"return": "social_value", "every": "quarter", "due": {"day_of_next_month": 15}}],
 "kpis": [
  {"id": "P-1", "items": "case", "start": "referral_received", "end": "acknowledged", "deadline": {"working_days": 1},
   "target": 90, "tiers": [90, 80, 70]},
  {"id": "P-2", "items": "case", "start": "referral_received", "end": "appointment_booked", "deadline": {"working_days": 2},
   "target": 90, "rag": {"green": 90, "red": 50}, "notice": {"inadequate_below": 40}},
  {"id": "S-1", "items": "workforce", "target": 3, "tiers": [3, 2.5, 2]}
 ]}
"""#

private func evaluation(asOf: String = "2026-03-31") throws -> KPIEvaluation { try pilot(asOf: asOf).evaluation }

private func pilot(asOf: String = "2026-03-31") throws -> (dataset: Dataset, evaluation: KPIEvaluation) {
    func csv(_ lines: String...) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
    let dataset = try Dataset.load(contents: [
        .providers: csv("provider_id,contract,service_start,division", "Q1,pilot,2026-01-01,england-and-wales"),
        // January: C1 met, C2 late (2 working days), C3 same day. February: both met. March: C6 late, three met.
        // Only C1 was booked (next day): P-2 has 1 of 9 met.
        .cases: csv("case_id,provider_id,contract,referral_received,acknowledged,appointment_booked",
                    "C1,Q1,pilot,2026-01-05,2026-01-06,2026-01-06", "C2,Q1,pilot,2026-01-07,2026-01-09,",
                    "C3,Q1,pilot,2026-01-12,2026-01-12,", "C4,Q1,pilot,2026-02-02,2026-02-03,",
                    "C5,Q1,pilot,2026-02-04,2026-02-05,", "C6,Q1,pilot,2026-03-02,2026-03-10,",
                    "C7,Q1,pilot,2026-03-03,2026-03-04,", "C8,Q1,pilot,2026-03-05,2026-03-06,",
                    "C9,Q1,pilot,2026-03-09,2026-03-09,"),
        .workforce: csv("provider_id,contract,quarter_end,fte_total,fte_disabled", "Q1,pilot,2026-03-31,2.5,0.1"),
    ])
    #expect(dataset.rejections.isEmpty)
    let catalog = ContractCatalog(definitions: [try ContractDefinition(json: Data(pilotDefinition.utf8), file: "pilot.json")])
    return (dataset, KPIEvaluation(dataset: dataset, catalog: catalog, asOf: Day(asOf)!))
}

private func rows(_ r: MIReturns) -> [String] {
    r.rows.map { "\($0.measure) \($0.period) \($0.value)" }
}

@Suite("Publications: the Cabinet Office return and the contract performance notice")
struct PublicationTests {
    @Test func cabinetOfficeReturnHoldsTheQuartersMonthlyTiersAndTheSocialValueQuarter() throws {
        let (dataset, e) = try pilot()
        let r = MIReturns(dataset: dataset, month: Month("2026-03")!, asOf: e.asOf, returns: [.cabinetOffice], evaluation: e)
        // P-1: January 2 of 3 (66.6667%, below 70: tier 1), February 2 of 2 (tier 4), March 3 of 4 (75%: tier 2).
        // S-1: 0.1 of 2.5 FTE = 4% (at least 3: tier 4), for the quarter.
        #expect(rows(r) == [
            "quarter_from quarter 2026-01", "quarter_to quarter 2026-03",
            "P-1_met 2026-01 2", "P-1_measured 2026-01 3", "P-1_rate 2026-01 66.6667", "P-1_target 2026-01 90.0000", "P-1_rating 2026-01 1",
            "P-1_met 2026-02 2", "P-1_measured 2026-02 2", "P-1_rate 2026-02 100.0000", "P-1_target 2026-02 90.0000", "P-1_rating 2026-02 4",
            "P-1_met 2026-03 3", "P-1_measured 2026-03 4", "P-1_rate 2026-03 75.0000", "P-1_target 2026-03 90.0000", "P-1_rating 2026-03 2",
            "S-1_met quarter 0.1", "S-1_measured quarter 2.5", "S-1_rate quarter 4.0000", "S-1_target quarter 3.0000", "S-1_rating quarter 4",
        ])
        // February is not a quarter's end: the quarter so far, without the social value KPI.
        let february = MIReturns(dataset: dataset, month: Month("2026-02")!, asOf: e.asOf, returns: [.cabinetOffice], evaluation: e)
        #expect(rows(february).count == 2 + 2 * 5)
        #expect(rows(february)[1] == "quarter_to quarter 2026-02")
        #expect(MIReturns.cabinetOfficeMonths(Month("2026-11")!) == Month("2026-10")!...Month("2026-11")!)
        // The return's inputs are in when the quarter's last return, social value, is due: 15 April 2026, a
        // Wednesday (not yet due as of 31 March, so pending).
        let due = MIReturns(dataset: dataset, month: Month("2026-03")!, asOf: e.asOf, returns: [.dueDates], evaluation: e)
        #expect(rows(due) == ["social_value_due in_month 2026-04-15", "social_value_sent in_month ",
                              "social_value_on_time in_month pending", "cabinet_office_due in_month 2026-04-15"])
    }

    @Test func theShippedDefinitionsDeclareHAsTopThreeAndNoMHSSReturn() throws {
        let catalog = try ContractCatalog.builtIn
        let ha = try #require(catalog.definition(for: "atw-ha"))
        #expect(ha.publication.cabinetOfficeKPIs == ["HA-2", "HA-3", "HA-4"])
        #expect(ha.publication.socialValueKPIs == ["HA-6"])
        #expect(MIReturn.cabinetOffice.applies(to: "atw-ha", catalog: catalog))
        #expect(!MIReturn.cabinetOffice.applies(to: "atw-mhss", catalog: catalog))
        // MH-2 (Green ≥ 90, Red ≤ 84): Inadequate below 78%, one amber band's width under Red.
        let mh2 = try #require(catalog.definition(for: "atw-mhss")?.kpis[1])
        #expect(mh2.noticeRatings.inadequateBelow == BasisPoints(7800))
    }

    @Test func noticeRatesEachKPIsPooledRateAndSummarisesTheContract() throws {
        let notice = PerformanceNotice(evaluation: try evaluation(), period: Month("2026-01")!...Month("2026-03")!)
        #expect(notice.rows.map { "\($0.kpi) \($0.met)/\($0.measured) \($0.rating)" } == [
            // P-1: 7 of 9 = 77.7778%, tier 2 (at least 70): Requires improvement.
            "P-1 7/9 Requires improvement",
            // P-2: 1 of 9 = 11.1111%, below the 40% lower bound: Inadequate.
            "P-2 1/9 Inadequate",
            // S-1: 2.5 FTE (25,000 units) is fewer than the 3 a rating needs: Other.
            "S-1 1000/25000 Other",
            "overall 0/0 Inadequate",
        ])
        // The reason names the band the rating comes from, with its bounds (this contract's tiers 90/80/70).
        #expect(notice.rows[0].reason == "77.8% of 9 items: Cabinet Office T2 Needs Improvement (70% to under 80%) → Requires improvement")
        #expect(notice.rows[1].reason == "11.1% of 9 items is under the 40% lower bound: Inadequate")
        #expect(notice.rows[2].reason == "2.5 FTE measured, fewer than the 3 a rating needs")
        #expect(notice.rows[3].reason == "3 KPIs: Requires improvement 1, Inadequate 1, Other 1; the lowest rating is Inadequate")
        // A period before the service start pools nothing: every KPI Other, and so the summary.
        let before = PerformanceNotice(evaluation: try evaluation(), period: Month("2025-01")!...Month("2025-12")!)
        #expect(before.rows.map(\.rating) == [.other, .other, .other, .other])
        #expect(before.rows[0].reason == "not measured in the period")
    }

    @Test func noticeRatingMapsFollowTheDefinition() throws {
        let json = pilotDefinition.replacingOccurrences(of: #""notice": {"inadequate_below": 40}"#,
                                                        with: #""notice": {"A": "requires_improvement", "R": "inadequate"}"#)
        let definition = try ContractDefinition(json: Data(json.utf8), file: "pilot.json")
        let p2 = definition.kpis[1]
        #expect(p2.noticeRatings.rating(RateComparison(met: 60, measured: 100), p2) == .requiresImprovement)
        #expect(p2.noticeRatings.rating(RateComparison(met: 50, measured: 100), p2) == .inadequate)
        #expect(p2.noticeRatings.rating(RateComparison(met: 90, measured: 100), p2) == .good)
        // Errors name the field.
        func error(_ text: String) -> String {
            do { _ = try ContractDefinition(json: Data(text.utf8), file: "pilot.json"); return "no error" } catch { return error.description }
        }
        #expect(error(pilotDefinition.replacingOccurrences(of: #""top_kpis": ["P-1"]"#, with: #""top_kpis": ["P-9"]"#))
                == "pilot.json: cabinet_office.top_kpis[0]: \"P-9\" is not a KPI of this contract (P-1, P-2, S-1)")
        #expect(error(pilotDefinition.replacingOccurrences(of: #""top_kpis": ["P-1"]"#, with: #""top_kpis": ["S-1"]"#))
                == "pilot.json: cabinet_office.top_kpis[0]: S-1 is quarterly: list it under social_value")
        #expect(error(json.replacingOccurrences(of: #""R": "inadequate""#, with: #""R": "poor""#))
                == "pilot.json: kpis[1].notice.R: unknown value \"poor\" (expected one of good, approaching_target, requires_improvement, inadequate, other)")
        #expect(error(json.replacingOccurrences(of: #""A": "requires_improvement""#, with: #""4": "good""#))
                .hasPrefix("pilot.json: kpis[1].notice.4: unknown field"))
    }
}

@Suite("Returns read the contract definitions")
struct ReturnsFromDefinitionsTests {
    static func renamedMHSS() throws -> ContractCatalog {
        let shipped = try #require(ContractCatalog.builtInFiles().first { $0.name == "atw-mhss.json" }?.text)
        var text = shipped
        for (old, new) in [("MH-2", "SP-1"), ("MH-4", "SIX-1"), ("MH-6", "EXIT-1"), ("MH-10", "RET-1")] {
            text = text.replacingOccurrences(of: "\"\(old)\"", with: "\"\(new)\"")
        }
        #expect(text != shipped)
        let ha = try #require(try ContractCatalog.builtIn.definition(for: "atw-ha"))
        return ContractCatalog(definitions: [ha, try ContractDefinition(json: Data(text.utf8), file: "renamed.json")])
    }

    @Test func mhssMonthlyMIFromRenamedKPIsEqualsTheShippedOne() throws {
        let dataset = try Dataset.load(folder: RepositoryFolder.sampleDataset)
        let asOf = Day("2026-10-31")!
        func mhss(_ catalog: ContractCatalog) -> [String] {
            let e = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: asOf)
            return MIReturns(dataset: dataset, month: Month("2026-09")!, asOf: asOf, returns: [.mhssMonthly, .mhssYearly, .dueDates],
                             evaluation: e).rows.map { "\($0.providerID) \($0.returnName) \($0.measure) \($0.period) \($0.value)" }
        }
        let shipped = mhss(try ContractCatalog.builtIn)
        // The late measures are there, with figures, and do not depend on the KPIs' ids.
        #expect(shipped.contains { $0.hasPrefix("P002 mhss-monthly support_plans_late in_month ") })
        #expect(shipped.contains { $0.hasPrefix("P002 mhss-monthly exit_reports_late_pct year_to_date ") })
        #expect(shipped.filter { $0.contains("_late ") }.contains { !$0.hasSuffix(" 0") })
        #expect(mhss(try Self.renamedMHSS()) == shipped)
    }

    @Test func dueDatesFollowTheDefinitionsSchedules() throws {
        let shipped = try #require(ContractCatalog.builtInFiles().first { $0.name == "atw-ha.json" }?.text)
        // MMIR moved to the 5th working day, customer insight to the 20th.
        let text = shipped.replacingOccurrences(of: #"{ "working_day_of_next_month": 3 } },"#, with: #"{ "working_day_of_next_month": 5 } },"#)
            .replacingOccurrences(of: #""every": "month", "due": { "day_of_next_month": 15 }"#, with: #""every": "month", "due": { "day_of_next_month": 20 }"#)
        let catalog = ContractCatalog(definitions: [try ContractDefinition(json: Data(text.utf8), file: "ha.json")])
        let dataset = try Dataset.load(contents: [
            .providers: Array("provider_id,contract,service_start,division\nP1,atw-ha,2026-01-01,england-and-wales\n".utf8),
            .cases: Array("case_id,provider_id,contract,referral_received\n".utf8),
        ])
        let r = MIReturns(dataset: dataset, month: Month("2026-09")!, asOf: Day("2026-10-31")!, returns: [.dueDates], catalog: catalog)
        // October 2026: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 → the 5th working day is the 7th; the 20th is a Tuesday;
        // social value still by the 15th (Thursday), and the Cabinet Office inputs by the latest due, the 20th.
        let due = Dictionary(uniqueKeysWithValues: r.rows.filter { $0.measure.hasSuffix("_due") }.map { ($0.measure, $0.value) })
        #expect(due == ["mmir_due": "2026-10-07", "customer_insight_due": "2026-10-20", "social_value_due": "2026-10-15",
                        "cabinet_office_due": "2026-10-20"])
    }

    @Test func theReturnsAContractOwesDecideWhichMIReturnsItGets() throws {
        // The shipped HA definition under another id: it owes MMIR, customer insight and social value, so it
        // gets MMIR and customer insight; a contract owing only yearly MI gets MHSS yearly MI alone.
        let shipped = try #require(ContractCatalog.builtInFiles().first { $0.name == "atw-ha.json" }?.text)
        let pilot = try ContractDefinition(json: Data(shipped.replacingOccurrences(of: #""contract": "atw-ha""#, with: #""contract": "ha-pilot""#).utf8),
                                           file: "ha-pilot.json")
        let yearly = try ContractDefinition(json: Data(#"{"format": 1, "contract": "yearly", "returns": [{"return": "yearly_mi", "every": "anniversary", "due": {"working_days_after_anniversary": 3}}], "kpis": [{"id": "Y-1", "items": "workforce", "target": 3}]}"#.utf8), file: "yearly.json")
        let catalog = ContractCatalog(definitions: [pilot, yearly])
        func applying(_ contract: String) -> [MIReturn] { MIReturn.allCases.filter { $0.applies(to: contract, catalog: catalog) } }
        #expect(applying("ha-pilot") == [.mmir, .customerInsight, .dueDates, .cabinetOffice])
        #expect(applying("yearly") == [.mhssYearly, .dueDates])
        #expect(applying("unknown") == [.dueDates])
        #expect(MIReturn.allCases.map(\.submission) == [.mmir, .monthlyMI, .yearlyMI, .customerInsight, nil, nil])
    }

    @Test func periodsAreOneVocabulary() {
        #expect(MIPeriod.named.map(\.rawValue) == ["in_month", "year_to_date", "contract_year", "quarter"])
        for period in MIPeriod.named + [.month(Month("2026-10")!)] { #expect(MIPeriod(rawValue: period.rawValue) == period) }
        #expect(MIPeriod(rawValue: "2026-10") == .month(Month("2026-10")!))
        #expect(MIPeriod(rawValue: "rolling_3") == nil)
    }
}
