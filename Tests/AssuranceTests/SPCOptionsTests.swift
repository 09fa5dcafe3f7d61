import Assurance
import Testing
import WorkingDays

@Suite("SPC options checked in the library")
struct SPCOptionsTests {
    /// The message of the ``UserInputError`` `body` throws, `nil` when it throws none.
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? UserInputError)?.message ?? "not a UserInputError: \(error)" }
    }

    @Test func eachOutOfRangeValueHasOneWording() {
        #expect(message { _ = try SPCOptions(checking: .laney, baselinePoints: 0, rebases: [], runLength: 7, trendLength: 7) } == "--baseline-months 0: expected 1 to 120")
        #expect(message { _ = try SPCOptions(checking: .p, baselinePoints: 12, rebases: [], runLength: 1, trendLength: 7) } == "--run-length 1: expected 2 to 60")
        #expect(message { _ = try SPCOptions(checking: .xmr, baselinePoints: 12, rebases: [], runLength: 7, trendLength: 61) } == "--trend-length 61: expected 2 to 60")
        #expect(message { _ = try SPCOptions(checking: .laney, baselinePoints: 12, rebases: [], runLength: 7, trendLength: 7) } == nil)
    }
}
