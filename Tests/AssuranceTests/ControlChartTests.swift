import Assurance
import Testing
import WorkingDays

/// Charts a series of rates on `n` items each from January 2025 (rates in percent, whole items).
private func chart(_ percents: [Int], n: Int64 = 100, target: Double? = nil, options: SPCOptions = SPCOptions(chart: .p)) -> ControlChart {
    let months = (0..<percents.count).map { Month(year: 2025, month: 1).advanced(by: $0) }
    return ControlChart(months: months, met: percents.map { Int64($0) * n / 100 }, measured: percents.map { _ in n },
                        target: target, options: options)
}

private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

/// Twelve months alternating 95% and 97%: centre 96%, σ = √(0.96·0.04/100) = 0.019596 at 100 items.
private let baseline = [95, 97, 95, 97, 95, 97, 95, 97, 95, 97, 95, 97]

@Suite struct ControlLimitTests {
    @Test func pChartLimitsAreTheBinomialOnesAroundThePooledRate() {
        let c = chart([90, 92, 94])
        #expect(close(c.points[0].centre, 0.92))
        #expect(close(c.points[0].sigma, (0.92 * 0.08 / 100).squareRoot()))
        #expect(close(c.points[0].lower, 0.92 - 3 * 0.027129319932501072))
        #expect(c.points[0].upper == 1)   // 100.14% clipped
    }

    @Test func xmrLimitsComeFromTheMeanMovingRangeOfTheRates() {
        let c = chart([90, 92, 94], options: SPCOptions(chart: .xmr))
        #expect(close(c.points[1].centre, 0.92))
        #expect(close(c.points[1].sigma, 0.02 / 1.128))
        #expect(close(c.points[1].lower, 0.8668085106382979))
        #expect(close(c.points[1].upper, 0.9731914893617021))
    }

    @Test func laneyWidensThePChartByTheSpreadOfTheZScores() {
        // p̄ = 0.86 on 1,000 items a month; z = ±5.4681, moving ranges 10.9362, σz = 9.6952.
        let c = chart([80, 92, 80, 92], n: 1000, options: SPCOptions(chart: .laney))
        #expect(close(c.points[0].sigma, 0.10638297872340424))
        #expect(close(c.points[0].lower, 0.5408510638297872))
        #expect(c.points[0].upper == 1)
    }

    @Test func laneyIsNeverNarrowerThanThePChart() {
        let laney = chart([90, 92, 94], options: SPCOptions(chart: .laney)), p = chart([90, 92, 94])
        #expect(laney.points.map(\.sigma) == p.points.map(\.sigma))   // σz = 0.65 is raised to 1
    }

    @Test func theBaselineIsTheFirstTwelvePointsOfTheSeries() {
        let c = chart(baseline + [80, 80])
        #expect(close(c.points[13].centre, 0.96))
        var options = SPCOptions(chart: .p)
        options.baselinePoints = 14
        #expect(close(chart(baseline + [80, 80], options: options).points[0].centre, (1152.0 + 160) / 1400))
    }

    @Test func aRebaseRecalculatesTheCentreFromItsMonth() {
        var options = SPCOptions(chart: .p)
        options.rebases = [Month(year: 2026, month: 1)]   // the 13th point
        let c = chart(baseline + [90, 92, 94], options: options)
        #expect(close(c.points[11].centre, 0.96))
        #expect(close(c.points[12].centre, 0.92))
        #expect(c.points[12].startsSegment && !c.points[11].startsSegment)
    }
}

@Suite struct SpecialCauseTests {
    @Test func aPointBelowTheLowerLimitIsAConcern() {
        let c = chart(baseline + [85])   // lower limit 90.12%
        #expect(c.points[12].rule == .outsideLimits)
        #expect(c.points[12].variation == .concern)
        #expect(c.points[..<12].allSatisfy { $0.rule == nil && $0.variation == .commonCause })
    }

    @Test func sevenPointsBelowTheCentreAreAShiftSixAreNot() {
        let seven = chart(baseline + Array(repeating: 95, count: 7))
        #expect(seven.points[12...].allSatisfy { $0.rule == .shift && $0.variation == .concern })
        let six = chart(baseline + Array(repeating: 95, count: 6) + [97])
        #expect(six.points.allSatisfy { $0.rule == nil })
    }

    @Test func aPointOnTheCentreEndsARun() {
        let c = chart(baseline + [95, 95, 95, 96, 95, 95, 95, 95])
        #expect(c.points.allSatisfy { $0.rule == nil })
    }

    @Test func theRunLengthIsConfigurable() {
        var options = SPCOptions(chart: .p)
        options.runLength = 6
        let c = chart(baseline + Array(repeating: 95, count: 6) + [97], options: options)
        #expect(c.points[12..<18].allSatisfy { $0.rule == .shift })
        #expect(c.points[18].rule == nil)
    }

    @Test func sevenRisingPointsAreATrendSixAreNotAndAnEqualValueEndsOne() {
        let rising = chart(baseline + [93, 94, 95, 96, 97, 98, 99])
        #expect(rising.points[12...].allSatisfy { $0.rule == .trend && $0.variation == .improvement })
        // The baseline's last 97% is above 93%: the rise starts at 93%.
        #expect(rising.points[11].rule == nil)
        let six = chart(baseline + [93, 94, 95, 96, 97, 98])
        #expect(six.points.allSatisfy { $0.rule == nil })
        let flat = chart(baseline + [93, 94, 95, 95, 96, 97, 98])
        #expect(flat.points.allSatisfy { $0.rule == nil })
    }

    @Test func sevenFallingPointsAreATrendOfConcern() {
        let c = chart(baseline + [99, 98, 97, 96, 95, 94, 93])
        #expect(c.points[12...].allSatisfy { $0.rule == .trend && $0.variation == .concern })
    }

    @Test func twoOfThreeBeyondTwoSigmaOnTheSameSideAreFlagged() {
        // 2σ below the centre is 92.08%.
        let c = chart(baseline + [92, 95, 92, 97])
        #expect(c.points[12].rule == .twoOfThree && c.points[14].rule == .twoOfThree)
        #expect(c.points[12].variation == .concern)
        #expect(c.points[13].rule == nil && c.points[15].rule == nil)
    }

    @Test func twoOfThreeBeyondTwoSigmaOnOppositeSidesAreNot() {
        let c = chart(baseline + [92, 100, 95])   // 92% below 2σ, 100% above it (and at the clipped limit)
        #expect(c.points.allSatisfy { $0.rule == nil })
    }

    @Test func aTrendTakesPrecedenceOverAPointOutsideTheLimits() {
        let c = chart(baseline + [99, 98, 97, 96, 95, 94, 89])   // 89% is also below the 90.12% limit
        #expect(c.points[18].rule == .trend)
        #expect(c.points[18].variation == .concern)
    }

    @Test func aRunThatStraddlesARebaseIsNotARun() {
        // Without the rebase: seven points below 96% (a shift). With it from the 17th point, the first segment
        // has four below its centre and the second three below its own (96.6%).
        let values = baseline + [95, 95, 95, 95] + [95, 95, 95, 99, 99]
        #expect(chart(values).points[12..<19].allSatisfy { $0.rule == .shift })
        var options = SPCOptions(chart: .p)
        options.rebases = [Month(year: 2026, month: 5)]
        let rebased = chart(values, options: options)
        #expect(close(rebased.points[16].centre, 0.966))
        #expect(rebased.points.allSatisfy { $0.rule == nil })
    }

    @Test func lowerIsBetterMirrorsTheDirection() {
        let months = (0..<13).map { Month(year: 2025, month: 1).advanced(by: $0) }
        let percents = baseline + [85]
        let c = ControlChart(months: months, met: percents.map { Int64($0) }, measured: percents.map { _ in 100 },
                             target: nil, higherIsBetter: false, options: SPCOptions(chart: .p))
        #expect(c.points[12].variation == .improvement)
    }
}

@Suite struct TargetAssuranceTests {
    @Test func limitsStraddlingTheTargetAreHitAndMiss() {
        #expect(chart(baseline, target: 0.96).points.allSatisfy { $0.assurance == .hitAndMiss })
    }

    @Test func aLowerLimitAtOrAboveTheTargetPasses() {
        #expect(chart(baseline, target: 0.90).points.allSatisfy { $0.assurance == .pass })   // lower 90.12%
    }

    @Test func anUpperLimitBelowTheTargetFails() {
        // 80% on 1,000 items: σ = 1.265 points, upper limit 83.79%.
        #expect(chart([80, 80, 80], n: 1000, target: 0.96).points.allSatisfy { $0.assurance == .fail })
    }

    @Test func noTargetNoAssurance() {
        #expect(chart(baseline).points.allSatisfy { $0.assurance == nil })
    }
}

@Suite struct ChartWarningTests {
    @Test func fewerThanTwelvePointsAndGapsAreWarnedAbout() {
        let months = (0..<5).map { Month(year: 2025, month: 1).advanced(by: $0) }
        let c = ControlChart(months: months, met: [0, 95, 0, 96, 0], measured: [0, 100, 0, 100, 0], target: 0.96)
        #expect(c.points.map(\.month) == [months[1], months[3]])
        #expect(c.warnings == ["2 points (fewer than 12): limits are provisional", "no items measured in 2025-03"])
    }

    @Test func aFullSeriesHasNoWarning() {
        #expect(chart(baseline).warnings.isEmpty)
    }
}
