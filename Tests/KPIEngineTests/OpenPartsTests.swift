import Testing
@testable import KPIEngine

/// Which of a row's items a live pass evaluates, from the parts its sink keeps open.
@Suite("Live parts: the items a pass evaluates")
struct OpenPartsTests {
    @Test func aCaseEvaluatesItsMarkedItemsAndEveryItemFromTheEighthOn() {
        #expect(Array(_OpenParts(case: 0b0000_0101, count: 9)) == [0, 2, 7, 8])
        // Bit 7 means nothing for a case: its later items are evaluated whatever it says.
        #expect(Array(_OpenParts(case: 0b1000_0000, count: 9)) == [7, 8])
    }

    @Test func aCaseWithNoMarkedItemAndAtMostSevenItemsIsSkipped() {
        #expect(_OpenParts(case: 0b1000_0000, count: 7).isEmpty)
        #expect(!_OpenParts(case: 0b0100_0000, count: 7).isEmpty)
        #expect(Array(_OpenParts(case: 0xFF, count: 3)) == [0, 1, 2])
    }

    @Test func aReportEvaluatesItsEighthAndLaterItemsOnlyWhenBitSevenIsSet() {
        #expect(Array(_OpenParts(report: 0b0000_0101, count: 9)) == [0, 2])
        #expect(Array(_OpenParts(report: 0b1000_0001, count: 9)) == [0, 7, 8])
        #expect(_OpenParts(report: 0, count: 9).isEmpty)
    }

    @Test func placesBeyondSixtyFourFollowTheBitsInOrder() {
        #expect(Array(_OpenParts(case: 0b0000_0010, count: 66)) == [1] + Array(7..<66))
        #expect(Array(_OpenParts(report: 0x80, count: 66)) == Array(7..<66))
        #expect(Array(_OpenParts(report: 0x01, count: 66)) == [0])
    }
}
