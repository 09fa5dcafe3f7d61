import CaseData
import KPIEngine
import Testing
import WorkingDays

/// A dataset from CSV texts (lines joined by LF); it must load without rejections.
func dataset(_ files: [DatasetFile: [String]]) throws -> Dataset {
    let contents = files.mapValues { Array(($0.joined(separator: "\n") + "\n").utf8) }
    let dataset = try Dataset.load(contents: contents)
    #expect(dataset.rejections.map(\.description) == [])
    return dataset
}

/// The report of a dataset as of a date, with the built-in contracts.
func report(_ files: [DatasetFile: [String]], asOf: String, catalog: ContractCatalog? = nil) throws -> KPIReport {
    let data = try dataset(files)
    return KPIReport(KPIEvaluation(dataset: data, catalog: try catalog ?? ContractCatalog.builtIn, asOf: Day(asOf)!))
}

extension KPIReport {
    /// [met, missed, pending, excluded] of one provider's KPI over a window ending in `month`.
    func counts(_ provider: String, _ kpi: String, _ month: String, _ window: ReportWindow = .inMonth) -> [Int64] {
        guard let row = row(provider, kpi, month, window) else { return [] }
        return [row.met, row.missed, row.pending, row.excluded]
    }

    func row(_ provider: String, _ kpi: String, _ month: String, _ window: ReportWindow = .inMonth) -> KPIReportRow? {
        rows(ReportSelection(month: Month(month)!, provider: provider)).first { $0.kpi == kpi && $0.window == window }
    }
}

enum Header {
    static let providers = "provider_id,contract,service_start,division,region"
    static let haCases = "case_id,provider_id,contract,referral_received,acknowledged,appointment_booked,assessment_type,withdrawn"
    static let mhssCases = "case_id,provider_id,contract,referral_received,initial_contact,appointment_made,support_period_end,sustainment_end,withdrawn"
    static let reports = "case_id,document,attempt,submitted,outcome,decided,prap_recorded"
    static let complaints = "complaint_id,provider_id,contract,received,case_id,about_dwp,forwarded_to_dwp"
    static let returns = "provider_id,contract,return,period,submitted"
    static let workforce = "provider_id,contract,quarter_end,fte_total,fte_disabled"
}
