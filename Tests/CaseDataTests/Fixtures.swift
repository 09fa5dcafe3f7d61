import CaseData
import Foundation
import _TestSupport

/// CSV text from lines joined by LF (with a final LF), as bytes.
func csv(_ lines: String...) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

let providersCSV = csv(
    "provider_id,contract,service_start,provider_name,region,division",
    "P1,atw-ha,2026-01-01,Alpha Ltd,London,",
    "P2,atw-mhss,2026-01-01,\"Beta, Gamma & Co\",Scotland,scotland")

let casesHeader = "case_id,provider_id,contract,referral_received,acknowledged,appointment_booked,assessment_type,initial_contact,appointment_made,apprentice,support_period_end,sustainment_end,info_source,withdrawn,withdrawal_reason"

/// The repository's sample dataset folder.
var sampleDatasetFolder: String { RepositoryFolder.sampleDataset }

func rejectionLines(_ dataset: Dataset) -> [String] { dataset.rejections.map(\.description) }

/// The contracts' row rules as the shipped definitions declare them (KPIEngine's `DatasetRules.builtIn`, which
/// KPIEngineTests holds to these).
let shippedRules = DatasetRules(contracts: [
    "atw-ha": ContractDataRules(assessmentTypeRequired: true, documents: ["ha_report"]),
    "atw-mhss": ContractDataRules(documents: ["support_plan", "six_month_report", "exit_report"]),
])
