import Foundation
import Testing
import _ATWUtilities

@Suite("JSON text, CSV text and file writing")
struct TextAndFileTests {
    @Test func theJSONEscaperEscapesQuotesBackslashesAndControlCharacters() {
        #expect(_jsonString("plain") == #""plain""#)
        #expect(_jsonString(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(_jsonString("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(_jsonString("\u{0}\u{1}\u{1F}") == #""\u0000\u0001\u001f""#)
        // DEL and everything above the control range is written as it is, non-ASCII included.
        #expect(_jsonString("\u{7F}é £ 😀 ∑") == "\"\u{7F}é £ 😀 ∑\"")
        var out = "["
        _appendJSONString("x", to: &out)
        #expect(out == #"["x""#)
    }

    @Test func csvFieldsAreQuotedOnlyWhenTheyNeedIt() {
        var b = _CSVTextBuffer()
        b.field("plain"); b.comma(); b.field("a,b"); b.comma(); b.field(#"say "hi""#); b.comma(); b.field("two\nlines")
        b.newline()
        b.int(-1205); b.comma(); b.int(0); b.comma(); b.date(year: 2026, month: 4, day: 2); b.comma()
        b.decimal(2.675, places: 2); b.comma(); b.decimal(3, places: 0)
        #expect(String(decoding: b.bytes, as: UTF8.self)
                == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n-1205,0,2026-04-02,2.68,3")
    }

    @Test func theFileWriterWritesAndReportsFailures() throws {
        let path = NSTemporaryDirectory() + "atw-utilities-\(getpid()).txt"
        defer { unlink(path) }
        let writer = try _FileWriter(path: path)
        try writer.write(Array("one,".utf8))
        try Array("two\n".utf8).withUnsafeBytes { raw in try writer.write(raw) }
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one,two\n")
        #expect(throws: _FileError.self) { try _FileWriter(path: "/nonexistent-folder-\(getpid())/x.txt") }
    }

    @Test func civilDatesRoundTrip() {
        #expect(_CivilDate.daysSinceEpoch(1970, 1, 1) == 0)
        #expect(_CivilDate.daysSinceEpoch(2026, 4, 2) == 20_545)
        #expect(_CivilDate.daysSinceEpoch(1969, 12, 31) == -1)
        #expect(_CivilDate.civil(daysSinceEpoch: 11_016) == (2000, 2, 29))
        #expect(_CivilDate.daysInMonth(1900, 2) == 28)
        #expect(_CivilDate.daysInMonth(2000, 2) == 29)
        var expected = (year: 1600, month: 1, day: 1)
        for days in _CivilDate.daysSinceEpoch(1600, 1, 1)..._CivilDate.daysSinceEpoch(2400, 12, 31) {
            let civil = _CivilDate.civil(daysSinceEpoch: days)
            guard civil == expected, _CivilDate.daysSinceEpoch(civil.year, civil.month, civil.day) == days else {
                Issue.record("day \(days): \(civil), expected \(expected)")
                return
            }
            if expected.day < _CivilDate.daysInMonth(expected.year, expected.month) { expected.day += 1 }
            else if expected.month < 12 { expected = (expected.year, expected.month + 1, 1) }
            else { expected = (expected.year + 1, 1, 1) }
        }
    }
}

@Suite("CSV records")
struct CSVRecordTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() {
        let text = "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n"
        let records = _csvRecords(Array(text.utf8))
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", #"say "hi""#], ["two\nlines", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }
}
