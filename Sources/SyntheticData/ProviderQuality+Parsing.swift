import KPIEngine
import WorkingDays

extension ProviderQuality {
    /// `--quality ID=POINTS[,YYYY-MM:POINTS]...` options by provider id, checked against a dataset of `providers`
    /// providers (`P001`...).
    public static func parse(_ specs: [String], providers: Int) throws(UserInputError) -> [String: ProviderQuality] {
        var result: [String: ProviderQuality] = [:]
        for text in specs {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let q = ProviderQuality(parts[1]) else {
                throw UserInputError("--quality \(text): expected ID=POINTS[,YYYY-MM:POINTS]... with points from -50 to 50 and months in order, e.g. P003=+0.5,2025-10:-3")
            }
            guard result[parts[0]] == nil else { throw UserInputError("--quality \(text): \(parts[0]) is given twice") }
            result[parts[0]] = q
        }
        let known = Set((1...max(1, providers)).map(SyntheticDataset.providerID))
        for id in result.keys.sorted() where !known.contains(id) {
            throw UserInputError("--quality \(id): no such provider (the dataset has \(SyntheticDataset.providerID(1))...\(SyntheticDataset.providerID(providers)))")
        }
        return result
    }
}

extension SyntheticDatasetConfiguration {
    /// The configuration `kpi generate` asks for, checked: at least one provider and month, no negative case count,
    /// a first month `YYYY-MM`, and `--quality` options naming providers the dataset has.
    public init(checking providers: Int, months: Int, cases: Int, seed: UInt64, firstMonth: String, drift: DriftShape,
                quality: [String]) throws(UserInputError) {
        let qualities = try ProviderQuality.parse(quality, providers: providers)
        guard let first = Month(firstMonth) else { throw UserInputError("--first-month \(firstMonth) is not a month YYYY-MM") }
        guard providers >= 1 else { throw UserInputError("--providers must be at least 1") }
        guard months >= 1 else { throw UserInputError("--months must be at least 1") }
        guard cases >= 0 else { throw UserInputError("--cases must not be negative") }
        self.init(providers: providers, months: months, cases: cases, seed: seed, firstMonth: first, drift: drift, qualities: qualities)
    }
}

extension SyntheticDataset {
    /// What `kpi --help` says of it.
    public static let about = """
        Providers alternate between the built-in contracts (\(ContractCatalog.builtInIDs.joined(separator: ", "))) and cycle through the three divisions; their lateness differs \
        and drifts month to month around the targets: most are good, every sixth from the fourth struggles (2.5-4.5 \
        points below target) and every sixth from the sixth deteriorates (5 points lower from the middle month). \
        --quality fixes a provider's true rates instead. Nothing dated after the last month's last day is written. The \
        same options always produce the same bytes.
        """
}
