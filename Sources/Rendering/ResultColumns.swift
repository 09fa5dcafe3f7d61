import KPIEngine

// The columns every series result starts with, declared once: the report, forecast, explanation, SPC, PMIR,
// notice and item listing take them from here.

/// `provider_id`, `contract`, `kpi`.
let _seriesColumns = [
    ResultColumn("provider_id", .text, "The provider's id, or NATIONAL (every provider of the contract) or REGION:<region> (the providers of a region)", tableHeader: "provider"),
    ResultColumn("contract", .text, "The contract id (\(ContractCatalog.builtInIDs.joined(separator: ", ")) or a custom contract)"),
    ResultColumn("kpi", .text, "The KPI id from the contract definition"),
]
