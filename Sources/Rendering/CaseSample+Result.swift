import KPIEngine

extension CaseSample: TabularResult {
    public static let columns = [
        ResultColumn("case_id", .text, "A sampled case"),
        ResultColumn("referral_received", .date, "The day its referral was received"),
    ]

    public static let published = PublishedResult(title: "A compliance sample of a provider's cases", rules: [
        ("Sample", "Cases drawn with SplitMix64 from the seed: the same data and options always give the same cases."),
    ])

    public var tables: [ResultTable] {
        [ResultTable(name: "sample", title: summary, columns: Self.columns,
                     rows: zip(caseIDs, referrals).map { [.text($0), .date($1)] })]
    }
}

extension CaseSample {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "A reproducible random sample of a provider's cases, with every record of each, for compliance checks."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        Draws --size cases (all, when fewer) of --provider, referred in --month when given, with SplitMix64 from --seed: \
        the same data and options always give the same cases. With --out DIR, writes the sample as a dataset folder (the \
        cases and their reports, complaints, cancellations, recommendations and type changes; providers whole) that every \
        kpi command reads. Prints the sampled cases as CSV.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}
