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

