@testable import Rendering
import Testing

@Suite("The one number formatter")
struct NumberFormatTests {
    @Test func roundsHalfAwayFromZeroOnTheScaledValue() {
        #expect(formattedDecimal(0.96, places: 4, times: 100) == "96.0000")
        #expect(formattedDecimal(2.5, places: 0) == "3")
        #expect(formattedDecimal(-2.5, places: 0) == "-3")
        #expect(formattedDecimal(0.125, places: 2) == "0.13")
        #expect(formattedDecimal(12.3456, places: 1) == "12.3")
        #expect(formattedDecimal(-0.25, places: 1) == "-0.3")
    }

    @Test func signedWritesTheSignAlwaysAndNonFiniteIsNil() {
        #expect(formattedDecimal(0.25, places: 2, signed: true) == "+0.25")
        #expect(formattedDecimal(0, places: 2, signed: true) == "+0.00")
        #expect(formattedDecimal(-0.001, places: 2, signed: true) == "-0.00")
        #expect(formattedDecimal(.nan, places: 2) == nil)
        #expect(formattedDecimal(.infinity, places: 1) == nil)
        #expect(decimalValue(nil, places: 2) == .empty)
        #expect(decimalValue(0.5, places: 1, times: 100) == .number("50.0"))
    }
}
