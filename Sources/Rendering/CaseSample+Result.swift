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
