import CaseData
import Foundation
import KPIEngine
import Testing
import WorkingDays
import _TestSupport

@Suite("Contract definitions as data")
struct ContractDefinitionTests {
    @Test func builtInDefinitionsHoldEveryKPIOfTheSpec() throws {
        let catalog = try ContractCatalog.builtIn
        #expect(catalog.definitions.map(\.contract) == ["atw-ha", "atw-mhss"])
        let ha = try #require(catalog.definition(for: "atw-ha"))
        #expect(ha.kpis.map(\.id) == ["HA-1", "HA-2", "HA-3", "HA-4", "HA-5", "HA-6"])
        #expect(ha.kpis.map(\.target.description) == ["99", "96", "96", "99", "96", "3"])
        #expect(ha.kpis[2].items == .caseEvent(start: .referralReceived, end: .firstSubmitted(document: 0),
                                               deadline: .workingDays(12, perAssessmentType: [8, 10, 12], receiptDay: .dayZero)))
        #expect(ha.kpis[1].rating == .cabinetOffice(good: BasisPoints(9600), nearTarget: BasisPoints(9350), needsImprovement: BasisPoints(9100)))
        #expect(ha.kpis[5].rating == .cabinetOffice(good: BasisPoints(300), nearTarget: BasisPoints(250), needsImprovement: BasisPoints(200)))
        #expect(ha.kpis.map(\.allowsExclusion) == [true, true, true, false, true, false])
        let mhss = try #require(catalog.definition(for: "atw-mhss"))
        #expect(mhss.kpis.map(\.id) == ["MH-1", "MH-2", "MH-3", "MH-4", "MH-5", "MH-6", "MH-7", "MH-8", "MH-9a", "MH-9b",
                                        "MH-9c", "MH-10", "MH-11", "MH-12"])
        #expect(mhss.kpis[0].items == .caseEvent(start: .referralReceived, end: .latestOf([.initialContact, .appointmentMade]),
                                                 deadline: .workingDays(2, perAssessmentType: nil, receiptDay: .dayOne)))
        #expect(mhss.kpis[1].items == .caseEvent(start: .referralReceived, end: .firstSubmitted(document: 1), deadline: .calendarMonths(1)))
        #expect(mhss.kpis[8].rating == .rag(green: BasisPoints(9900), red: BasisPoints(9000)))
        #expect(mhss.kpis[11].rating == .rag(green: BasisPoints(10000), red: BasisPoints(10000)))
        #expect(mhss.kpis.filter { !$0.allowsExclusion }.map(\.id) == ["MH-8", "MH-10"])
    }

    func definitionError(_ json: String) -> String {
        do {
            _ = try ContractDefinition(json: Data(json.utf8), file: "custom.json")
            return "no error"
        } catch {
            return error.description
        }
    }

    func kpi(_ fields: String) -> String {
        #"{"format": 1, "contract": "x", "kpis": [{"id": "X-1", "items": "case", "start": "referral_received", "end": "acknowledged", "deadline": {"working_days": 1}, "target": 90"# + fields + "}]}"
    }

    @Test func invalidDefinitionsNameTheFileAndTheField() {
        #expect(definitionError("{") .hasPrefix("custom.json: not valid JSON"))
        #expect(definitionError(#"{"format": 2, "contract": "x", "kpis": []}"#)
                == "custom.json: format: format 2 is not supported (this kpi reads format 1)")
        #expect(definitionError(#"{"format": 1, "contract": "x", "kpis": []}"#)
                == "custom.json: kpis: expected a non-empty array of KPIs")
        #expect(definitionError(kpi(#", "tiers": [96, 97, 91]"#))
                == "custom.json: kpis[0].tiers: bounds must not increase (96, 97, 91)")
        #expect(definitionError(kpi(#", "rag": {"green": 90, "red": 95}"#))
                == "custom.json: kpis[0].rag: red (95) must not be above green (90)")
        #expect(definitionError(kpi(#", "targt": 3"#)).hasPrefix("custom.json: kpis[0].targt: unknown field (expected one of"))
        #expect(definitionError(kpi(#", "document": "ha_report""#))
                == "custom.json: kpis[0].document: not used by items \"case\"")
        #expect(definitionError(kpi("").replacingOccurrences(of: "\"working_days\": 1", with: "\"working_days\": -1"))
                == "custom.json: kpis[0].deadline.working_days: expected a whole number from 0 to 500, got -1")
        #expect(definitionError(kpi("").replacingOccurrences(of: "\"target\": 90", with: "\"target\": 90.125"))
                == "custom.json: kpis[0].target: expected a percentage from 0 to 100 with at most two decimals, got 90.125")
        #expect(definitionError(kpi("").replacingOccurrences(of: "acknowledged", with: "acknowledgd"))
                .hasPrefix("custom.json: kpis[0].end: unknown value \"acknowledgd\" (expected one of referral_received"))
        #expect(definitionError(kpi(", \"exclusions\": 1")) == "custom.json: kpis[0].exclusions: expected true or false")
        let fiveEnds = #"{"latest_of": ["acknowledged", "appointment_booked", "initial_contact", "appointment_made", "acknowledged", "support_period_end"]}"#
        #expect(definitionError(kpi("").replacingOccurrences(of: "\"end\": \"acknowledged\"", with: "\"end\": " + fiveEnds))
                == "custom.json: kpis[0].end.latest_of: at most 4 different fields, got 5")
    }

    @Test func aContractsFolderReplacesABuiltInDefinitionAndAddsCustomOnes() throws {
        let folder = try TemporaryFolder.make()
        // HA with HA-1 only, at a 95% target; and a custom contract measuring bookings within 3 working days.
        try #"{"format": 1, "contract": "atw-ha", "kpis": [{"id": "HA-1", "items": "case", "start": "referral_received", "end": "acknowledged", "deadline": {"working_days": 1}, "target": 95}]}"#
            .write(toFile: folder.path + "/ha.json", atomically: true, encoding: .utf8)
        try #"{"format": 1, "contract": "pilot", "name": "Pilot", "kpis": [{"id": "P-1", "items": "case", "start": "referral_received", "end": "appointment_booked", "deadline": {"working_days": 3}, "target": 50, "rag": {"green": 50, "red": 25}}]}"#
            .write(toFile: folder.path + "/pilot.json", atomically: true, encoding: .utf8)
        let catalog = try ContractCatalog(folder: folder.path)
        #expect(catalog.definitions.map(\.contract) == ["atw-ha", "atw-mhss", "pilot"])
        let r = try report([.providers: [Header.providers, "P1,atw-ha,2026-01-01,,", "Q1,pilot,2026-01-01,,"],
                            .cases: [Header.haCases,
                                     "C1,P1,atw-ha,2026-03-02,2026-03-03,,enhanced,",
                                     "C2,Q1,pilot,2026-03-02,,2026-03-05,,",
                                     "C3,Q1,pilot,2026-03-02,,2026-03-06,,"]],
                           asOf: "2026-03-31", catalog: catalog)
        #expect(r.rows(ReportSelection(month: Month("2026-03")!, provider: "P1")).map(\.kpi) == Array(repeating: "HA-1", count: 4))
        #expect(r.row("P1", "HA-1", "2026-03")?.target == BasisPoints(9500))
        let pilot = try #require(r.row("Q1", "P-1", "2026-03"))
        #expect([pilot.met, pilot.missed] == [1, 1] && pilot.rating == .green && pilot.targetMet == true)
    }

    @Test func theDefinitionsDeclareTheRowRulesTheDataLayerChecks() throws {
        // HA's HA-3 deadline depends on the assessment type and its KPIs measure HA reports; MHSS measures its
        // three reports; a contract measuring no document has no rule.
        #expect(try ContractCatalog.builtIn.dataRules == DatasetRules(contracts: [
            "atw-ha": ContractDataRules(assessmentTypeRequired: true, documents: ["ha_report"]),
            "atw-mhss": ContractDataRules(documents: ["support_plan", "six_month_report", "exit_report"]),
        ]))
        #expect(DatasetRules.builtIn == (try ContractCatalog.builtIn.dataRules))
        let pilot = try ContractDefinition(json: Data(#"{"format": 1, "contract": "pilot", "kpis": [{"id": "P-1", "items": "case", "start": "referral_received", "end": "appointment_booked", "deadline": {"working_days": 3}, "target": 50}]}"#.utf8), file: "pilot.json")
        #expect(pilot.dataRules == ContractDataRules())
        // A copy of HA under another id keeps HA's rules: they follow the definition, not the id.
        let folder = try TemporaryFolder.make()
        let ha = try #require(ContractCatalog.builtInFiles().first { $0.name == "atw-ha.json" })
        try ha.text.replacingOccurrences(of: #""contract": "atw-ha""#, with: #""contract": "ha-pilot""#)
            .write(toFile: folder.path + "/ha-pilot.json", atomically: true, encoding: .utf8)
        let catalog = try ContractCatalog(folder: folder.path)
        #expect(catalog.dataRules.contracts["ha-pilot"] == catalog.dataRules.contracts["atw-ha"])
        let rejected = try Dataset.load(contents: [
            .providers: Array("\(Header.providers)\nP1,ha-pilot,2026-01-01,,\n".utf8),
            .cases: Array("\(Header.haCases)\nC1,P1,ha-pilot,2026-03-02,2026-03-03,,,\n".utf8),
        ], rules: catalog.dataRules).rejections.map(\.reason)
        #expect(rejected == ["missing required value (ha-pilot cases need an assessment_type)"])
    }

    @Test func twoFilesDefiningOneContractAreRefused() throws {
        let folder = try TemporaryFolder.make()
        let text = #"{"format": 1, "contract": "pilot", "kpis": [{"id": "P-1", "items": "workforce", "target": 3}]}"#
        try text.write(toFile: folder.path + "/a.json", atomically: true, encoding: .utf8)
        try text.write(toFile: folder.path + "/b.json", atomically: true, encoding: .utf8)
        #expect(throws: ContractDefinitionError(file: folder.path + "/b.json", field: "contract",
                                                reason: "contract \"pilot\" is also defined in \(folder.path)/a.json")) {
            try ContractCatalog(folder: folder.path)
        }
    }

    @Test func defaultAsOfIsTheLatestRecordedEventNotAPlannedDate() throws {
        let data = try dataset([.providers: [Header.providers, "P1,atw-mhss,2026-01-01,,"],
                                .cases: [Header.mhssCases, "C1,P1,atw-mhss,2026-03-02,2026-03-04,,2026-09-01,2027-03-01,"],
                                .reports: [Header.reports, "C1,support_plan,1,2026-03-20,accepted,2026-03-25,"]])
        #expect(data.latestRecordedDay == Day("2026-03-25"))
        let empty = try dataset([.providers: [Header.providers, "P1,atw-mhss,2026-01-01,,"], .cases: [Header.mhssCases]])
        #expect(empty.latestRecordedDay == nil)
    }
}
