import Assurance
import Testing

private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

@Suite struct FunnelLimitTests {
    @Test func funnelLimitsAreTheNormalApproximationAroundTheNationalRate() {
        let funnel = FunnelLimits(rate: 0.9)
        // √(0.9 × 0.1 / 100) = 0.03; 1.959964 × 0.03 = 0.05879892; 3.090232 × 0.03 = 0.09270696.
        let inner = funnel.limits(volume: 100, z: FunnelLimits.z95)
        #expect(abs(inner.lower - 0.84120108) < 1e-12 && abs(inner.upper - 0.95879892) < 1e-12)
        let outer = funnel.limits(volume: 100, z: FunnelLimits.z998)
        #expect(abs(outer.lower - 0.80729304) < 1e-12 && abs(outer.upper - 0.99270696) < 1e-12)
        // Clipped to 0…1, and no volume means no limit at all.
        #expect(FunnelLimits(rate: 0.99).limits(volume: 4, z: FunnelLimits.z998).upper == 1)
        #expect(funnel.limits(volume: 0, z: FunnelLimits.z95) == (0, 1))
        #expect(FunnelLimits(rate: 1).limits(volume: 50, z: FunnelLimits.z95) == (1, 1))
    }

    @Test func funnelPositionsFollowTheLimits() {
        let funnel = FunnelLimits(rate: 0.9)
        #expect(funnel.position(rate: 0.80, volume: 100) == .alarm)       // below 0.8073
        #expect(funnel.position(rate: 0.83, volume: 100) == .alert)       // 0.8073 … 0.8412
        #expect(funnel.position(rate: 0.9, volume: 100) == .within)
        #expect(funnel.position(rate: 0.96, volume: 100) == .aboveInner)  // 0.9588 … 0.9927
        #expect(funnel.position(rate: 1.0, volume: 100) == .aboveOuter)
        // The same rate is within the funnel for a small provider and an alarm for a big one.
        #expect(funnel.position(rate: 0.85, volume: 20) == .within)
        #expect(funnel.position(rate: 0.85, volume: 2_000) == .alarm)
    }
}

@Suite struct FunnelDispersionTests {
    /// Five providers, 990 of 1,100 met: the four of z = 1.6667, −2.3570, 2.8868, −1.6667 and one at the
    /// national rate (z = 0); φ = 19.4444/5 = 3.8889; w = n/0.09; Σw = 12,222.2, Σw²/Σw = 3,131.3;
    /// τ² = (5φ − 4)/(Σw − Σw²/Σw) = 15.4444/9,090.9 = 0.0016989.
    let units: [(met: Int64, measured: Int64)] = [(95, 100), (170, 200), (285, 300), (350, 400), (90, 100)]

    @Test func overDispersionAddsTheBetweenProviderVariance() {
        let funnel = FunnelLimits(rate: 0.9, units: units)
        #expect(close(funnel.phi, 3.8888888888888866))
        #expect(close(funnel.tau2, 0.001698888888888887))
        #expect(funnel.providers == 5)
        #expect(close(funnel.adjustedLimits(volume: 100, z: FunnelLimits.z95).lower, 0.8000824099383712))
        #expect(close(funnel.limits(volume: 100, z: FunnelLimits.z95).lower, 0.84120108))
    }

    @Test func theAdjustedPositionForgivesWhatEveryProviderShows() {
        let funnel = FunnelLimits(rate: 0.9, units: units)
        // 85% on 200 items: z = −2.36 is an alert on the binomial limits but within the adjusted ones.
        #expect(FunnelLimits(rate: 0.9).position(rate: 0.85, volume: 200) == .alert)
        #expect(funnel.position(rate: 0.85, volume: 200) == .within)
    }

    @Test func fewerThanFiveProvidersHaveNoSpreadToEstimate() {
        let funnel = FunnelLimits(rate: 0.9, units: Array(units.prefix(4)))
        #expect(funnel.tau2 == 0 && close(funnel.phi, 4.861111111111108))
    }

    @Test func providersWithinChanceNeedNoAdjustment() {
        let funnel = FunnelLimits(rate: 0.9, units: [(90, 100), (180, 200), (271, 300), (89, 100), (362, 400)])
        #expect(funnel.tau2 == 0)
        #expect(funnel.adjustedLimits(volume: 100, z: FunnelLimits.z95) == funnel.limits(volume: 100, z: FunnelLimits.z95))
    }

    @Test func theMostExtremeTenthOfScoresIsWinsorised() {
        // Ten providers on 100 items: one far below (50%) is pulled in to the next lowest score (85%).
        var units: [(met: Int64, measured: Int64)] = [(50, 100), (85, 100), (95, 100)]
        units += Array(repeating: (90, 100), count: 6) + [(92, 100)]
        let funnel = FunnelLimits(rate: 0.9, units: units)
        // z: −13.33, −1.67, 1.67, 0 ×6, 0.67; Winsorised: the lowest to −1.67, the highest (95%) to 0.67.
        let low = (0.05 / 0.03) * (0.05 / 0.03), high = (0.02 / 0.03) * (0.02 / 0.03)
        #expect(close(funnel.phi, (2 * low + 2 * high) / 10))
    }
}

@Suite struct ShortfallTestTests {
    @Test func thePValueIsTheExactBinomialLowerTail() {
        // Checked against scipy.stats.binom.cdf.
        #expect(close(ShortfallTest.pValue(met: 279, measured: 300, target: 0.96), 0.01008074279312559, 1e-12))
        #expect(close(ShortfallTest.pValue(met: 93, measured: 100, target: 0.96), 0.10639231790455858, 1e-12))
    }

    @Test func aRateAtOrAboveTargetHasNothingToTest() {
        #expect(ShortfallTest.pValue(met: 96, measured: 100, target: 0.96) == 1)
        #expect(ShortfallTest.pValue(met: 0, measured: 0, target: 0.96) == 1)
    }

    @Test func oneMissAgainstAHundredPercentTargetIsCertain() {
        #expect(ShortfallTest.pValue(met: 11, measured: 12, target: 1) == 0)
    }

    @Test func significanceNeedsTheConfidenceAndTheMinimumItems() {
        let test = ShortfallTest(confidence: 0.95, minimumItems: 30)
        #expect(test.test(met: 279, measured: 300, target: 0.96).significant)
        #expect(!test.test(met: 93, measured: 100, target: 0.96).significant)
        #expect(!ShortfallTest(confidence: 0.99, minimumItems: 30).test(met: 279, measured: 300, target: 0.96).significant)
        #expect(!test.test(met: 20, measured: 25, target: 0.96).significant)   // p = 0.0028 but only 25 items
    }
}
