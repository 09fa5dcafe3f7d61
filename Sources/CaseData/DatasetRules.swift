/// What a contract's definition says about its cases' rows, which ingest and additions check: the data layer
/// knows no contract by id; the definitions (KPIEngine's `ContractDefinition.dataRules`) fill this in and the
/// caller hands it to the load.
///
/// Rule: a case of a contract with ``assessmentTypeRequired`` is rejected without an `assessment_type`; a
/// report of a case whose contract lists ``documents`` is rejected when its document is not among them. A
/// contract with no entry has neither rule.
public struct ContractDataRules: Sendable, Equatable {
    /// Whether its cases need an `assessment_type` (its deadlines depend on it).
    public var assessmentTypeRequired: Bool
    /// The documents (``Vocabulary/documents``) its cases' reports may be; `nil` for any.
    public var documents: Set<String>?

    public init(assessmentTypeRequired: Bool = false, documents: Set<String>? = nil) {
        self.assessmentTypeRequired = assessmentTypeRequired
        self.documents = documents
    }
}

/// The per-contract row rules of a dataset, by contract id (``ContractDataRules``).
///
/// ```swift
/// let dataset = try Dataset.load(folder: "Datasets/sample", rules: catalog.dataRules)   // KPIEngine fills them
/// ```
public struct DatasetRules: Sendable, Equatable {
    public var contracts: [String: ContractDataRules]

    public init(contracts: [String: ContractDataRules] = [:]) { self.contracts = contracts }

    /// No contract-specific rule (the column and table rules still hold).
    public static let none = DatasetRules()

    /// Per provider row: whether its cases need an assessment type.
    func assessmentTypeRequired(_ providers: ProviderTable) -> [Bool] {
        providers.contracts.map { contracts[$0]?.assessmentTypeRequired ?? false }
    }

    /// Per provider row: the document codes its cases' reports may be (`nil`: any).
    func documentCodes(_ providers: ProviderTable) -> [Set<UInt8>?] {
        var codes: [String: Set<UInt8>?] = [:]
        return providers.contracts.map { contract in
            if let known = codes[contract] { return known }
            let allowed = contracts[contract]?.documents.map { names in
                Set(Vocabulary.documents.indices.filter { names.contains(Vocabulary.documents[$0]) }.map { UInt8($0) })
            }
            codes[contract] = .some(allowed)
            return allowed
        }
    }
}
