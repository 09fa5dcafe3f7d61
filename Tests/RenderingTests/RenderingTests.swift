import Rendering
import Spreadsheets
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


@Suite("CSV formula guard and workbook tables from CSV")
struct FormulaGuardTests {
    @Test func fieldsASpreadsheetWouldRunGetAnApostropheButNumbersDoNot() {
        #expect(CSVWriter.guarded("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(CSVWriter.guarded("+44 20") == "'+44 20")
        #expect(CSVWriter.guarded("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.guarded("-") == "'-")
        #expect(CSVWriter.guarded("\tx") == "'\tx")
        #expect(CSVWriter.guarded("-3") == "-3")
        #expect(CSVWriter.guarded("+1.5") == "+1.5")
        #expect(CSVWriter.guarded("Acme = best") == "Acme = best")
        var csv = CSVWriter(header: ["provider", "value"])
        csv.append(["=1+1,2", "-0.25"])
        #expect(csv.text == "provider,value\n\"'=1+1,2\",-0.25\n")
        #expect(CSVWriter.unguarded("'=1+1,2") == "=1+1,2")
        #expect(CSVWriter.unguarded("'quoted") == "'quoted")
    }

    @Test func csvRecordsReadBackQuotedFieldsWithCommasQuotesAndLineBreaks() {
        #expect(CSVWriter.records("a,b\n\"x, \"\"y\"\"\",\"1\n2\"\n,\n") == [["a", "b"], ["x, \"y\"", "1\n2"], ["", ""]])
    }

    @Test func aResultsCSVBecomesTypedCellsByColumnKind() throws {
        let columns = [WorkbookColumn("month", .month, ""), WorkbookColumn("rate", .decimal(4), ""),
                       WorkbookColumn("met", .boolean, ""), WorkbookColumn("on", .date, ""), WorkbookColumn("name", .text, "")]
        let table = try WorkbookTable(name: "t", title: "T", columns: columns,
                                      csv: "month,rate,met,on,name\n2026-09,93.5000,true,2026-10-15,'=x\n2026-10,,pending,soon,-3\n")
        #expect(table.rows == [
            [.date(year: 2026, month: 9, day: 1), .number(93.5), .boolean(true), .date(year: 2026, month: 10, day: 15), .text("=x")],
            [.date(year: 2026, month: 10, day: 1), .empty, .text("pending"), .text("soon"), .text("-3")],
        ])
        #expect(throws: WorkbookError.self) { try WorkbookTable(name: "t", title: "T", columns: columns, csv: "a,b\n") }
    }
}
