import Testing
@testable import CaseData

/// The range check behind every refused addition: the first value outside a range, skipping the missing marker.
@Suite("Checking a column against a range")
struct FirstOutsideTests {
    @Test func findsTheFirstStrayValueInAnyBlock() {
        var column = [Int32](repeating: 5, count: 3_000)
        #expect(_firstOutside(column, 0, 9, skipping: nil) == nil)
        column[2_500] = 10
        column[2_999] = -1
        #expect(_firstOutside(column, 0, 9, skipping: nil) == 2_500)
        column[1_024] = -7
        #expect(_firstOutside(column, 0, 9, skipping: nil) == 1_024)
    }

    @Test func theBoundsAreInsideAndTheMissingMarkerIsSkippedOnlyWhenAsked() {
        let column: [Int32] = [0, 9, .min, 4]
        #expect(_firstOutside(column, 0, 9, skipping: .min) == nil)
        #expect(_firstOutside(column, 0, 9, skipping: nil) == 2)
        #expect(_firstOutside(column, 1, 9, skipping: .min) == 0)
    }

    @Test func anEmptyRangeHoldsNothingButTheSkippedMarker() {
        // A reference to a table with no rows: every value but "missing" points nowhere.
        #expect(_firstOutside([Int32.min, 0], 0, -1, skipping: .min) == 1)
        #expect(_firstOutside([Int32.min], 0, -1, skipping: .min) == nil)
        // Codes: 255 is the missing code; 3 is not among the three codes 0...2.
        #expect(_firstOutside([UInt8(0), 255, 2, 3], 0, 2, skipping: 255) == 3)
    }

    @Test func belowACountNothingIsInsideAnEmptyTableOrVocabulary() {
        // Codes of a 3-word vocabulary: 3 is the first outside.
        #expect(_firstOutside([UInt8(0), 2, 3], below: 3, skipping: 255) == 2)
        // No words at all: code 0 points nowhere either (a clamped bound of 0 would have let it in).
        #expect(_firstOutside([UInt8(255), 0], below: 0, skipping: 255) == 1)
        #expect(_firstOutside([Int32.min, 0], below: 0, skipping: .min) == 1)
        // More rows than the type can number: every value from 0 on is a row.
        #expect(_firstOutside([UInt8(0), 254], below: 300, skipping: 255) == nil)
        #expect(_firstOutside([Int32(5), -1], below: 10, skipping: nil) == 1)
    }
}
