import CaseData

extension ContractDefinition {
    /// The rules its cases' rows must keep at ingest, as its KPIs declare them (``ContractDataRules``): the
    /// cases need an `assessment_type` when a deadline depends on it (`"working_days": {"virtual_standard": …}`),
    /// and their reports are the documents its KPIs measure (none measured: any document).
    ///
    /// Example: `atw-ha`'s HA-3 deadline is per assessment type and its KPIs measure `ha_report` only, so an HA
    /// case needs its assessment type and a `support_plan` of an HA case is rejected.
    public var dataRules: ContractDataRules {
        var documents: Set<UInt8> = []
        var needsType = false
        for kpi in kpis {
            switch kpi.items {
            case .caseEvent(_, let end, _):
                if case .firstSubmitted(let document) = end { documents.insert(document) }
            case .rejectedReport(let document, _), .acceptedReport(let document, _):
                documents.insert(document)
            case .firstSubmission(let list):
                documents.formUnion(list)
            case .complaint, .miReturn, .workforceRatio:
                break
            }
            if case .workingDays(_, let perType?, _) = kpi.items.deadline, !perType.isEmpty { needsType = true }
        }
        return ContractDataRules(assessmentTypeRequired: needsType,
                                 documents: documents.isEmpty ? nil : Set(documents.map { Vocabulary.documents[Int($0)] }))
    }
}

extension ContractCatalog {
    /// Every definition's ``ContractDefinition/dataRules``, for the dataset load.
    public var dataRules: DatasetRules {
        DatasetRules(contracts: Dictionary(uniqueKeysWithValues: definitions.map { ($0.contract, $0.dataRules) }))
    }
}

extension DatasetRules {
    /// The row rules of the built-in contract definitions (``ContractCatalog/builtIn``).
    public static var builtIn: DatasetRules { (try? ContractCatalog.builtIn)?.dataRules ?? .none }
}
