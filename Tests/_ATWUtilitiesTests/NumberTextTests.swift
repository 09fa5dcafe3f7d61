import Testing
import _ATWUtilities

@Suite("The one number formatter: half away from zero on the decimal value")
struct NumberTextTests {
    @Test func tiesGoAwayFromZero() {
        #expect(_decimalText(2.5, places: 0) == "3")
        #expect(_decimalText(-2.5, places: 0) == "-3")
        #expect(_decimalText(0.5, places: 0) == "1")
        #expect(_decimalText(-0.5, places: 0) == "-1")
        #expect(_decimalText(1.5, places: 0) == "2")
        #expect(_decimalText(0.125, places: 2) == "0.13")
        #expect(_decimalText(-0.125, places: 2) == "-0.13")
        #expect(_decimalText(0.4999, places: 0) == "0")
    }

    @Test func theDecimalValueDecidesNotTheBinaryOne() {
        // Each is a little below the written decimal in binary; the decimal value rounds up.
        #expect(_decimalText(96.00005, places: 4) == "96.0001")
        #expect(_decimalText(1.005, places: 2) == "1.01")
        #expect(_decimalText(0.285, places: 2) == "0.29")
        #expect(_decimalText(2.675, places: 2) == "2.68")
        #expect(_decimalText(-2.675, places: 2) == "-2.68")
        #expect(_percentText(0.12345, places: 2) == "12.35")
        #expect(_percentText(0.00125, places: 2) == "0.13")
    }

    @Test func everyThreeDecimalTieRoundsUp() {
        // x.yz5 for every two-decimal prefix below 100: the third decimal 5 always carries.
        for s in stride(from: 5, to: 100_000, by: 10) {
            let whole = s / 1000, fraction = s % 1000
            let text = "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
            let value = Double(text)!
            #expect(_decimalText(value, places: 2) == _fixedPoint(Int64((s + 5) / 10), places: 2), "\(text)")
            #expect(_decimalText(-value, places: 2) == _fixedPoint(-Int64((s + 5) / 10), places: 2), "-\(text)")
        }
    }

    @Test func eighthsAtTwoDecimals() {
        // i/8 is exact in binary; times 100 it is i × 12.5, a tie for every odd i.
        for i in -2000...2000 {
            let expected = Int64((i.magnitude * 25 + 1) / 2) * (i < 0 ? -1 : 1)
            #expect(_decimalText(Double(i) / 8, places: 2) == _fixedPoint(expected, places: 2), "\(i)/8")
        }
    }

    @Test func paddingZeroAndSign() {
        #expect(_decimalText(93.5, places: 4) == "93.5000")
        #expect(_decimalText(0, places: 2) == "0.00")
        #expect(_decimalText(-0.0, places: 2) == "0.00")
        #expect(_decimalText(-0.001, places: 2) == "0.00")
        #expect(_decimalText(-0.005, places: 2) == "-0.01")
        #expect(_decimalText(9.995, places: 2) == "10.00")
        #expect(_decimalText(99.99995, places: 4) == "100.0000")
        #expect(_decimalText(1e-20, places: 4) == "0.0000")
        #expect(_decimalText(5e-324, places: 0) == "0")
        #expect(_decimalText(7, places: 0) == "7")
        #expect(_percentText(0.935, places: 2) == "93.50")
        #expect(_percentText(1, places: 1) == "100.0")
    }

    @Test func largeValues() {
        #expect(_decimalText(1e20, places: 2) == "100000000000000000000.00")
        #expect(_decimalText(-1e20, places: 0) == "-100000000000000000000")
        #expect(_decimalText(123_456_789.125, places: 2) == "123456789.13")
        #expect(_decimalText(999_999_999_999.995, places: 2) == "1000000000000.00")
        // The shortest decimal of this Double is 1.2345678901234567e19: the digits beyond it are zeros.
        #expect(_decimalText(12_345_678_901_234_567_890, places: 0) == "12345678901234567000")
        #expect(_decimalText(2_251_799_813_685_248.5, places: 1) == "2251799813685248.5")
        #expect(_decimalText(2_251_799_813_685_248.5, places: 0) == "2251799813685249")
    }

    @Test func nonFiniteIsEmpty() {
        #expect(_decimalText(.nan, places: 2) == "")
        #expect(_decimalText(.infinity, places: 2) == "")
        #expect(_percentText(-.infinity, places: 2) == "")
    }

    @Test func scaledIntegersAndCounts() {
        #expect(_fixedPoint(935_000, places: 4) == "93.5000")
        #expect(_fixedPoint(-5, places: 4) == "-0.0005")
        #expect(_fixedPoint(42, places: 0) == "42")
        #expect(_countText(35_000, unitsPerCount: 10_000) == "3.5")
        #expect(_countText(30_000, unitsPerCount: 10_000) == "3")
        #expect(_countText(17, unitsPerCount: 1) == "17")
    }

    @Test func aFiguresDigitsRoundHalfAwayFromZeroWithoutBinary() {
        // 96.85 is just below itself as a Double; rounding its digits gives 96.9.
        #expect(_roundedDecimalText("96.8500", places: 1) == "96.9")
        #expect(_roundedDecimalText("96.8499", places: 1) == "96.8")
        #expect(_roundedDecimalText("98.0198", places: 1) == "98.0")
        #expect(_roundedDecimalText("99.9500", places: 1) == "100.0")
        #expect(_roundedDecimalText("9.96", places: 1) == "10.0")
        #expect(_roundedDecimalText("5", places: 1) == "5.0")
        #expect(_roundedDecimalText("0.0000", places: 2) == "0.00")
        #expect(_roundedDecimalText("-1.25", places: 1) == "-1.3")
        #expect(_roundedDecimalText("-0.04", places: 1) == "0.0")
        #expect(_roundedDecimalText("12.5", places: 0) == "13")
        #expect(_roundedDecimalText("", places: 1) == nil)
        #expect(_roundedDecimalText("1e5", places: 1) == nil)
        #expect(_roundedDecimalText("pending", places: 1) == nil)
    }
}
