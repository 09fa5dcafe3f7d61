@testable import Rendering
import Testing

@Suite("The one number formatter")
struct NumberFormatTests {
    @Test func roundsHalfAwayFromZeroOnTheDecimalValue() {
        #expect(formattedDecimal(0.96, places: 4, percent: true) == "96.0000")
        #expect(formattedDecimal(2.5, places: 0) == "3")
        #expect(formattedDecimal(-2.5, places: 0) == "-3")
        #expect(formattedDecimal(0.125, places: 2) == "0.13")
        #expect(formattedDecimal(12.3456, places: 1) == "12.3")
        #expect(formattedDecimal(-0.25, places: 1) == "-0.3")
        // 1.005 is a little below 1.005 in binary; its decimal value rounds up.
        #expect(formattedDecimal(1.005, places: 2) == "1.01")
    }

    @Test func signedWritesTheSignAlwaysAndNonFiniteIsNil() {
        #expect(formattedDecimal(0.25, places: 2, signed: true) == "+0.25")
        #expect(formattedDecimal(0, places: 2, signed: true) == "+0.00")
        #expect(formattedDecimal(-0.001, places: 2, signed: true) == "-0.00")
        #expect(formattedDecimal(.nan, places: 2) == nil)
        #expect(formattedDecimal(.infinity, places: 1) == nil)
        #expect(decimalValue(nil, places: 2) == .empty)
        #expect(decimalValue(0.5, places: 1, percent: true) == .number("50.0"))
    }
}
