import Rendering
import Testing

@Suite("CSV, JSON and text tables")
struct RenderingTests {
    @Test func csvQuotesOnlyFieldsThatNeedIt() {
        var csv = CSVWriter(header: ["date", "name"])
        csv.append(["2026-12-25", "Christmas Day"])
        csv.append(["2026-01-01", "say \"hi\", then"])
        csv.append(["", "line\nbreak"])
        #expect(csv.text == "date,name\n2026-12-25,Christmas Day\n2026-01-01,\"say \"\"hi\"\", then\"\n,\"line\nbreak\"\n")
    }

    @Test func jsonKeepsKeyOrderAndEscapes() {
        let doc: JSONValue = .object([
            ("b", .int(1)), ("a", .array([.double(0.5), .null, .bool(true)])),
            ("s", .string("q\"\\\n\u{1}")), ("empty", .object([])), ("nan", .double(.nan)),
        ])
        #expect(doc.rendered() == """
        {
          "b": 1,
          "a": [
            0.5,
            null,
            true
          ],
          "s": "q\\"\\\\\\n\\u0001",
          "empty": {},
          "nan": null
        }

        """)
    }

    @Test func textTablePadsByCharactersAndAlignsRight() {
        var table = TextTable(columns: [.init("name"), .init("n", alignment: .right)])
        table.append(["New Year’s Day", "1"])
        table.append(["x", "100"])
        #expect(table.rendered() == """
        name              n
        --------------  ---
        New Year’s Day    1
        x               100

        """)
    }
}

@Suite("Funnel limits and charts of the performance pack")
struct PerformancePackPartsTests {
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
