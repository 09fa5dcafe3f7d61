import CaseData
import Testing
import WorkingDays

@Suite("Validation rules and rejections")
struct ValidationRuleTests {
    @Test func caseRulesQuoteTheValuesInvolved() throws {
        let cases = csv(
            casesHeader,
            "C1,P1,atw-ha,2026-02-02,2026-02-03,2026-02-04,virtual_standard,,,,,,,,",
            "C1,P1,atw-ha,2026-02-02,,,virtual_standard,,,,,,,,",
            "C2,P9,atw-ha,2026-02-02,,,virtual_standard,,,,,,,,",
            "C3,P1,atw-mhss,2026-02-02,,,,,,,,,,,",
            "C4,P1,atw-ha,2025-12-31,,,virtual_standard,,,,,,,,",
            "C5,P1,atw-ha,2026-02-02,,,,,,,,,,,",
            "C6,P1,atw-ha,2026-02-02,2026-02-01,,enhanced,,,,,,,,",
            "C7,P2,atw-mhss,2026-02-02,,,,,,maybe,,,,,",
            "C8,P2,atw-mhss,2026-02-02,,,,2026-02-02,,yes,2026-08-02,2026-08-01,,,",
            "C9,P1,atw-ha,2026-02-02,,,virtual,,,,,,,,",
            ",P1,atw-ha,2026-02-02,,,virtual_standard,,,,,,,,",
            "C10,P1,atw-ha,2101-01-01,,,virtual_standard,,,,,,,,",
            "C11,P2,atw-mhss,2026-02-02,,,,,,1,,,GP,2026-01-01,Left")
        let dataset = try Dataset.load(contents: [.providers: providersCSV, .cases: cases], rules: shippedRules)
        #expect(rejectionLines(dataset) == [
            "cases.csv:3: case_id: duplicate case_id \"C1\" (first on line 2)",
            "cases.csv:4: provider_id: unknown provider_id \"P9\" with contract \"atw-ha\" (not in providers.csv)",
            "cases.csv:5: provider_id: unknown provider_id \"P1\" with contract \"atw-mhss\" (not in providers.csv)",
            "cases.csv:6: referral_received: referral_received 2025-12-31 is before the provider's service_start 2026-01-01",
            "cases.csv:7: assessment_type: missing required value (atw-ha cases need an assessment_type)",
            "cases.csv:8: acknowledged: acknowledged 2026-02-01 is before referral_received 2026-02-02",
            "cases.csv:9: apprentice: \"maybe\" is not a boolean (true/false, yes/no, 1/0)",
            "cases.csv:10: sustainment_end: sustainment_end 2026-08-01 is before support_period_end 2026-08-02",
            "cases.csv:11: assessment_type: \"virtual\" is not one of virtual_standard, f2f_standard, enhanced",
            "cases.csv:12: case_id: missing required value",
            "cases.csv:13: referral_received: 2101-01-01 is outside the supported range 1995-01-01..2100-12-31",
            "cases.csv:14: withdrawn: withdrawn 2026-01-01 is before referral_received 2026-02-02",
        ])
        let summary = dataset.summaries.first { $0.file == .cases }!
        #expect(summary.rowsRead == 13 && summary.rowsAccepted == 1 && summary.rowsRejected == 12)
        #expect(summary.description == "cases.csv: 13 rows read = 1 accepted + 12 rejected")
    }

    @Test func reportRulesAndReferencesToCases() throws {
        let cases = csv(
            casesHeader,
            "C1,P1,atw-ha,2026-02-02,,,virtual_standard,,,,,,,,",
            "C2,P2,atw-mhss,2026-02-02,,,,,,,,,,,",
            "C3,P1,atw-ha,bad,,,virtual_standard,,,,,,,,")
        let reports = csv(
            "case_id,document,attempt,submitted,outcome,decided,prap_recorded,employment_confirmed",
            "C1,ha_report,1,2026-02-10,rejected,2026-02-11,,",
            "C1,ha_report,1,2026-02-12,accepted,2026-02-13,,",
            "C1,ha_report,2,2026-02-12,accepted,2026-02-10,,",
            "C1,ha_report,3,2026-02-12,accepted,,,",
            "C1,ha_report,4,2026-02-12,,2026-02-13,,",
            "C1,support_plan,1,2026-02-12,,,,",
            "C2,support_plan,0,2026-02-12,,,,",
            "C2,support_plan,1,2026-02-01,,,,",
            "C2,support_plan,2,2026-02-12,accepted,2026-02-13,2026-02-11,",
            "C9,ha_report,1,2026-02-12,,,,",
            "C3,ha_report,1,2026-02-12,,,,",
            "C2,exit_report,1,2026-02-12,,,,x",
            "C2,six_month_report,1,2026-02-12,accepted,2026-02-13,2026-02-20,true")
        let dataset = try Dataset.load(contents: [.providers: providersCSV, .cases: cases, .reports: reports], rules: shippedRules)
        #expect(rejectionLines(dataset).filter { $0.hasPrefix("reports") } == [
            "reports.csv:3: attempt: duplicate attempt 1 of ha_report for case C1 (first on line 2)",
            "reports.csv:4: decided: decided 2026-02-10 is before submitted 2026-02-12",
            "reports.csv:5: decided: outcome accepted needs the date it was decided",
            "reports.csv:6: outcome: decided is set but outcome is empty",
            "reports.csv:7: document: document support_plan does not belong to a atw-ha case",
            "reports.csv:8: attempt: attempt must be 1-999, got 0",
            "reports.csv:9: submitted: submitted 2026-02-01 is before the case's referral_received 2026-02-02",
            "reports.csv:10: prap_recorded: prap_recorded 2026-02-11 is before submitted 2026-02-12",
            "reports.csv:11: case_id: unknown case_id \"C9\"",
            "reports.csv:12: case_id: case_id \"C3\" was rejected in cases.csv",
            "reports.csv:13: employment_confirmed: \"x\" is not a boolean (true/false, yes/no, 1/0)",
        ])
        #expect(dataset.reports.count == 2)
        #expect(dataset.reports.outcome == [1, 0])
        #expect(dataset.reports.prapRecorded.day(1) == Day("2026-02-20"))
    }

    @Test func providerLevelFilesAndComplaints() throws {
        let cases = csv(casesHeader, "C1,P1,atw-ha,2026-02-02,,,virtual_standard,,,,,,,,")
        let complaints = csv(
            "complaint_id,provider_id,contract,received,case_id,about_dwp,forwarded_to_dwp,referred_to_dwp,resolved",
            "K1,P1,atw-ha,2026-02-05,C1,yes,2026-02-06,,2026-02-20",
            "K2,P2,atw-mhss,2026-02-05,C1,,,,",
            "K3,P1,atw-ha,2026-02-05,,no,2026-02-04,,",
            "K1,P1,atw-ha,2026-02-05,,,,,")
        let workforce = csv(
            "provider_id,contract,quarter_end,fte_total,fte_disabled",
            "P1,atw-ha,2026-03-31,120.5,3.25",
            "P1,atw-ha,2026-03-30,10,1",
            "P1,atw-ha,2026-06-30,10,11",
            "P1,atw-ha,2026-03-31,10,1",
            "P1,atw-ha,2026-09-30,-3,1",
            "P1,atw-ha,2026-12-31,1e3,1")
        let returns = csv(
            "provider_id,contract,return,period,submitted",
            "P2,atw-mhss,monthly_mi,2026-01,2026-02-04",
            "P2,atw-mhss,monthly_mi,2026-13,2026-02-04",
            "P2,atw-mhss,quarterly,2026-01,2026-02-04",
            "P2,atw-mhss,monthly_mi,2026-03,2026-02-04")
        let survey = csv(
            "provider_id,contract,responded,satisfaction,comment,channel",
            "P1,atw-ha,2026-02-10,fairly_satisfied,\"Good, \"\"quick\"\"\",phone",
            "P1,atw-ha,2026-02-10,happy,,")
        let dataset = try Dataset.load(contents: [
            .providers: providersCSV, .cases: cases, .complaints: complaints, .workforce: workforce,
            .returns: returns, .survey: survey,
        ])
        #expect(rejectionLines(dataset).filter { !$0.hasPrefix("cases") } == [
            "complaints.csv:3: case_id: case C1 belongs to provider P1 (atw-ha), not this complaint's provider",
            "complaints.csv:4: forwarded_to_dwp: forwarded_to_dwp 2026-02-04 is before received 2026-02-05",
            "complaints.csv:5: complaint_id: duplicate complaint_id \"K1\" (first on line 2)",
            "survey.csv:3: satisfaction: \"happy\" is not one of very_satisfied, fairly_satisfied, fairly_dissatisfied, very_dissatisfied",
            "workforce.csv:3: quarter_end: 2026-03-30 is not the last day of a quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec)",
            "workforce.csv:4: fte_disabled: fte_disabled 11 is more than fte_total 10",
            "workforce.csv:5: quarter_end: duplicate return for quarter ending 2026-03-31 (first on line 2)",
            "workforce.csv:6: fte_total: \"-3\" is not a number ≥ 0",
            "workforce.csv:7: fte_total: \"1e3\" is not a number ≥ 0",
            "returns.csv:3: period: \"2026-13\" is not a month (YYYY-MM)",
            "returns.csv:4: return: \"quarterly\" is not one of monthly_mi, yearly_mi, mmir, customer_insight, social_value",
            "returns.csv:5: submitted: submitted 2026-02-04 is before its period 2026-03 began",
        ])
        #expect(dataset.complaints.aboutDWP == [1])
        #expect(dataset.workforce.fteTotal == [120.5] && dataset.workforce.fteDisabled == [3.25])
        #expect(dataset.survey.comment[0] == "Good, \"quick\"")
        #expect(dataset.isPresent(.workforce) && !dataset.isPresent(.cancellations))
    }

    @Test func filesThatCannotBeReadAtAllAreDatasetErrors() throws {
        #expect(throws: DatasetError(path: "providers.csv", reason: "required file is missing from the dataset")) {
            try Dataset.load(contents: [.cases: csv(casesHeader)])
        }
        #expect(throws: DatasetError(path: "cases.csv", reason: "the file is empty: expected a header row")) {
            try Dataset.load(contents: [.providers: providersCSV, .cases: []])
        }
        #expect(throws: DatasetError(path: "cases.csv", reason: "line 1: missing required columns provider_id, referral_received (header has: case_id,contract). Map the file's headers to these columns in dataset.json (run `kpi describe` to infer one)")) {
            try Dataset.load(contents: [.providers: providersCSV, .cases: csv("case_id,contract")])
        }
        #expect(throws: DatasetError(path: "providers.csv", reason: "line 1: column \"contract\" appears twice in the header")) {
            try Dataset.load(contents: [.providers: csv("provider_id,contract,service_start,Contract"), .cases: csv(casesHeader)])
        }
        #expect(throws: DatasetError(path: "/nonexistent/folder", reason: "no such dataset folder")) {
            try Dataset.load(folder: "/nonexistent/folder")
        }
        let headerOnly = try Dataset.load(contents: [.providers: providersCSV, .cases: csv(casesHeader)])
        #expect(headerOnly.cases.count == 0 && headerOnly.rejections.isEmpty)
    }

    @Test func textWithNULOrInvalidUTF8IsRejected() throws {
        var cases = csv(casesHeader)
        cases += Array("C1,P1,atw-ha,2026-02-02,,,enhanced,,,,,,GP\0,,\n".utf8)
        cases += Array("C2,P1,atw-ha,2026-02-02,,,enhanced,,,,,,".utf8) + [0xC3, 0x28] + Array(",,\n".utf8)
        cases += Array("C3,P1,atw-ha,2026-02-02,,,enhanced,,,,,,Café,,\n".utf8)
        let dataset = try Dataset.load(contents: [.providers: providersCSV, .cases: cases], rules: shippedRules)
        #expect(rejectionLines(dataset) == [
            "cases.csv:2: info_source: contains a NUL byte",
            "cases.csv:3: info_source: is not valid UTF-8",
        ])
        #expect(dataset.cases.infoSource[0] == "Café")
    }
}
