import WorkingDays

extension SPCOptions {
    /// The options as given, checked: baseline 1 to 120 points, shift and trend lengths 2 to 60.
    ///
    /// ```swift
    /// let options = try SPCOptions(checking: .laney, baselinePoints: 12, rebases: [], runLength: 7, trendLength: 7)
    /// ```
    public init(checking chart: ControlChartKind, baselinePoints: Int, rebases: [Month], runLength: Int,
                trendLength: Int) throws(UserInputError) {
        self.init(chart: chart, baselinePoints: baselinePoints, rebases: rebases, runLength: runLength, trendLength: trendLength)
        try check()
    }

    /// Refuses values the charts cannot use, naming the command line's option (one wording each).
    public func check() throws(UserInputError) {
        guard (1...120).contains(baselinePoints) else { throw UserInputError("--baseline-months \(baselinePoints): expected 1 to 120") }
        guard (2...60).contains(runLength) else { throw UserInputError("--run-length \(runLength): expected 2 to 60") }
        guard (2...60).contains(trendLength) else { throw UserInputError("--trend-length \(trendLength): expected 2 to 60") }
    }
}
