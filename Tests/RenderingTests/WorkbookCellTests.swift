import KPIEngine
import Rendering
import Spreadsheets
import Testing

@Suite("Result values as workbook cells: percentages, named ratings on their fills, headers in words")
struct WorkbookCellTests {
    @Test func aRateColumnsPointsBecomeTheExactFraction() {
        #expect(ResultValue.number("96.8750").cell(.percent(1)) == .number(0.96875))
        #expect(ResultValue.number("100.0000").cell(.percent(1)) == .number(1))
        #expect(ResultValue.number("66.6667").cell(.percent(1)) == .number(0.666667))
        #expect(ResultValue.number("3.3859").cell(.percent(1)) == .number(0.033859))
        #expect(ResultValue.number("-2.5").cell(.percent(1)) == .number(-0.025))
        #expect(ResultValue.empty.cell(.percent(1)) == .empty)
        // A decimal column is unchanged: probabilities and points stay as written.
        #expect(ResultValue.number("0.2500").cell(.decimal(4)) == .number(0.25))
        let table = try? WorkbookTable(name: "t", title: "T", columns: [WorkbookColumn("Rate", .percent(1), "", field: "rate")],
                                       csv: "rate\n96.8750\n\n")
        #expect(table?.rows == [[.number(0.96875)], [.empty]])
        #expect(WorkbookTable.fraction(points: "1e2") == 1)
        #expect(WorkbookTable.fraction(points: "pending") == nil)
    }

    @Test func aRatingIsItsCodeInCSVAndJSONAndItsLabelOnItsFillInAWorkbook() {
        let nearTarget = ResultValue.rating(Rating.tier(3))
        #expect(nearTarget.text == "3" && nearTarget.json == .string("3"))
        #expect(nearTarget.cell(.text) == .styled(.text("T3 Near Target"), WorkbookCellStyle(fill: .yellow)))
        #expect(ResultValue.rating(Rating.amber).cell(.text) == .styled(.text("Amber"), WorkbookCellStyle(fill: .amber)))
        #expect(ResultValue.rating(nil as Rating?) == .empty)
        #expect([Rating.tier(4), .tier(3), .tier(2), .tier(1), .green, .amber, .red].map(\.fill)
            == [.green, .yellow, .amber, .red, .green, .amber, .red])
        let other = ResultValue.rating(NoticeRating.other)
        #expect(other.text == "Other" && other.cell(.text) == .text("Other"))
        #expect(ResultValue.rating(NoticeRating.requiresImprovement).cell(.text)
            == .styled(.text("Requires improvement"), WorkbookCellStyle(fill: .amber)))
    }

    @Test func aWholeCountIsShownWholeInAColumnThatMayHoldFTE() {
        #expect(ResultValue.integer(67).cell(.number) == .styled(.number(67), WorkbookCellStyle(kind: .integer)))
        #expect(ResultValue.number("2.66").cell(.number) == .number(2.66))
        #expect(ResultValue.integer(3).cell(.integer) == .number(3))
    }

    @Test func aReportOrReturnCodeReadsBackAsItsRating() {
        #expect(["4", "1", "G", "A", "R", "5", "", "Good"].map { Rating(code: $0) } == [.tier(4), .tier(1), .green, .amber, .red, nil, nil, nil])
    }

    @Test func workbookHeadersAreTheNamesInWordsAndTheCSVKeepsTheNames() {
        let names = ["provider_id", "kpi", "target_met", "rolling_3_if_missed", "p_below_target", "mae_points", "rate"]
        #expect(names.map { ResultColumn($0, .text, "").header }
            == ["Provider ID", "KPI", "Target met", "Rolling 3 if missed", "P below target", "MAE points", "Rate"])
        let column = ResultColumn("rate", .percent(1), "The rate", workbookHeader: "Rate (%)")
        #expect(column.workbookColumn == WorkbookColumn("Rate (%)", .percent(1), "The rate", field: "rate"))
        #expect([column].csvHeader == "rate")
    }

    @Test func theReportsRateAndTargetArePercentColumnsAndItsRatingText() {
        let kinds = Dictionary(uniqueKeysWithValues: KPIReport.columns.map { ($0.name, $0.kind) })
        #expect(kinds["rate"] == .percent(1) && kinds["target"] == .percent(1) && kinds["rating"] == .text)
        #expect(KPIReport.csvHeader == "provider_id,contract,kpi,month,window,met,missed,pending,excluded,rate,target,target_met,rating")
    }
}
