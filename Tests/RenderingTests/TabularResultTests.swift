import CaseData
import KPIEngine
import Rendering
import Spreadsheets
import Testing

/// A hand-made result: two columns everywhere, a JSON-only flag, a table-only column and a renamed JSON key.
private struct Fruit: TabularResult {
    static let columns = [
        ResultColumn("name", .text, "The fruit", tableHeader: "fruit"),
        ResultColumn("picked", .month, "The month it was picked"),
        ResultColumn("weight", .decimal(2), "Its weight in kg", jsonKey: "kg"),
        ResultColumn("count", .integer, "How many"),
        ResultColumn("ripe", .boolean, "Whether it is ripe", [.json]),
        ResultColumn("note", .text, "A remark", [.table]),
    ]
    static let published = PublishedResult(title: "Fruit", rules: [("Fruit", "Weighed on the day.")])
    static let about = "The fruit picked."
    static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }

    var tables: [ResultTable] {
        [ResultTable(name: "fruit", title: "Fruit picked", columns: Self.columns, rows: [
            [.text("apple, red"), .text("2026-09"), .number("0.25"), .integer(3), .bool(true), .text("crisp")],
            [.text("=HYPERLINK(\"x\")"), .text("2026-10"), .empty, .integer(-1), .empty, .text("")],
            [.text("say \"hi\""), .text("2026-11"), .number("-3.50"), .integer(12), .bool(false), .text("soft")],
        ])]
    }
}

@Suite("The result protocol's writers")
struct TabularResultTests {
    @Test func csvWritesTheCSVColumnsQuotedOnlyWhenNeededWithTheFormulaGuard() {
        #expect(Fruit().csv() == #"""
        name,picked,weight,count
        "apple, red",2026-09,0.25,3
        "'=HYPERLINK(""x"")",2026-10,,-1
        "say ""hi""",2026-11,-3.50,12

        """#)
        #expect(Fruit.columns.csvHeader == "name,picked,weight,count")
    }

    @Test func jsonKeysComeFromTheColumnsWithTypedValues() {
        #expect(Fruit().rendered(.json) == """
        [
          {
            "name": "apple, red",
            "picked": "2026-09",
            "kg": 0.25,
            "count": 3,
            "ripe": true
          },
          {
            "name": "=HYPERLINK(\\"x\\")",
            "picked": "2026-10",
            "kg": null,
            "count": -1,
            "ripe": null
          },
          {
            "name": "say \\"hi\\"",
            "picked": "2026-11",
            "kg": -3.5,
            "count": 12,
            "ripe": false
          }
        ]

        """)
    }

    @Test func theTerminalTableShowsTheTableColumnsNumbersRight() {
        #expect(Fruit().rendered(.table) == """
        fruit            picked   weight  count  note
        ---------------  -------  ------  -----  -----
        apple, red       2026-09    0.25      3  crisp
        =HYPERLINK("x")  2026-10             -1
        say "hi"         2026-11   -3.50     12  soft

        """)
    }

    @Test func aTableShowsRatingsByNameAndRatesToOneDecimalButCSVKeepsTheFigures() {
        var table = ResultTable(name: "t", title: "", columns: [
            ResultColumn("rate", .percent(1), "A rate"), ResultColumn("rating", .text, "A rating"),
        ])
        table.append([.number("96.8500"), .rating(Rating.tier(2))])
        table.append([.number("98.0198"), .rating(Rating.amber)])
        #expect(table.textTable().rendered() == """
         rate  rating
        -----  --------------------
        96.9%  T2 Needs Improvement
        98.0%  Amber

        """)
        #expect(table.csv() == "rate,rating\n96.8500,2\n98.0198,A\n")
    }

    @Test func workbookCellsAreTypedByTheColumnsKind() {
        let tables = Fruit().workbookTables()
        #expect(tables.count == 1)
        #expect(tables[0].name == "fruit" && tables[0].title == "Fruit picked")
        #expect(tables[0].columns == [WorkbookColumn("Name", .text, "The fruit", field: "name"),
                                      WorkbookColumn("Picked", .month, "The month it was picked", field: "picked"),
                                      WorkbookColumn("Weight", .decimal(2), "Its weight in kg", field: "weight"),
                                      WorkbookColumn("Count", .integer, "How many", field: "count")])
        #expect(tables[0].rows == [
            [.text("apple, red"), .date(year: 2026, month: 9, day: 1), .number(0.25), .number(3)],
            [.text("=HYPERLINK(\"x\")"), .date(year: 2026, month: 10, day: 1), .empty, .number(-1)],
            [.text("say \"hi\""), .date(year: 2026, month: 11, day: 1), .number(-3.5), .number(12)],
        ])
        let book = Fruit().workbook(PublicationContext(command: "kpi fruit", source: "a basket", asOf: nil, contracts: []))
        #expect(book.title == "Fruit" && book.tables == tables)
    }

    @Test func theHelpTextListsEveryColumnWithItsNoteFromTheSameDeclaration() {
        #expect(Fruit.help == """
        The fruit picked.

        CSV columns: name,picked,weight,count.
        - name: The fruit
        - picked: The month it was picked
        - weight (JSON key kg): Its weight in kg
        - count: How many
        - ripe (JSON only): Whether it is ripe
        - note (table only): A remark
        """)
        #expect(Fruit.abstract == "Fruit")
    }

    @Test func htmlIsRefusedWithOneWordingAndOtherFormatsAreNot() {
        #expect(Fruit.refusal(.html) == "--format html: only kpi report writes HTML (the CPR pack); use table, csv or json here")
        #expect(ResultFormat.allCases.filter { Fruit.refusal($0) == nil } == [.table, .csv, .json, .xlsx, .ods])
    }

    @Test func aRowMustHaveOneValuePerColumn() {
        var table = ResultTable(name: "t", title: "T", columns: Array(Fruit.columns.prefix(2)))
        table.append([.text("pear"), .text("2026-09")])
        #expect(table.rows.count == 1)
        #expect(table.jsonObject(table.rows[0], names: ["picked", "name"]) == .object([("picked", .string("2026-09")), ("name", .string("pear"))]))
    }
}
