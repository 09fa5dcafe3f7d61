import Foundation
import _ATWUtilities

extension Workbook {
    /// The workbook as an Office Open XML spreadsheet (`.xlsx`).
    ///
    /// Rule: strings are inline strings (`t="inlineStr"`), never formulas; numbers, percentages (fractions),
    /// dates (serial days from 1899-12-30) and booleans are typed cells; styles: 0 text, 1 bold wrapped header,
    /// then each number format, fill and wrapping in order of first use; row 1 of a table is frozen (with the
    /// table's frozen columns) and carries a filter; every sheet prints A4 landscape fitted to one page wide,
    /// its header row repeated (the workbook's `_xlnm.Print_Titles`).
    public func xlsx() throws(WorkbookError) -> Data {
        let sheets = try self.sheets()
        var entries: [(path: String, bytes: [UInt8])] = []
        var types = _XMLText()
        types.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        types.raw(#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#)
        types.raw(#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#)
        types.raw(#"<Default Extension="xml" ContentType="application/xml"/>"#)
        types.raw(#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#)
        types.raw(#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#)
        types.raw(#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#)
        for i in sheets.indices {
            types.raw(#"<Override PartName="/xl/worksheets/sheet\#(i + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#)
        }
        types.raw("</Types>")
        entries.append(("[Content_Types].xml", types.bytes))

        var rels = _XMLText()
        rels.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        rels.raw(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#)
        rels.raw(#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#)
        rels.raw(#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#)
        rels.raw("</Relationships>")
        entries.append(("_rels/.rels", rels.bytes))

        var core = _XMLText()
        core.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        core.raw(#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#)
        core.raw("<dc:title>"); core.escaped(title); core.raw("</dc:title><dc:language>en-GB</dc:language></cp:coreProperties>")
        entries.append(("docProps/core.xml", core.bytes))

        var book = _XMLText()
        book.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        book.raw(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#)
        for (i, sheet) in sheets.enumerated() {
            book.raw(#"<sheet name=""#); book.escaped(sheet.name); book.raw(#"" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#)
        }
        book.raw("</sheets><definedNames>")
        // Per table sheet: its filter's range (hidden, as SpreadsheetML keeps it) and its header row printed on
        // every page.
        for (i, sheet) in sheets.enumerated() where sheet.header {
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'!"
            if sheet.filtered {
                let range = sheet.usedRange.split(separator: ":").map { part in
                    "$" + part.prefix { $0.isLetter } + "$" + part.drop { $0.isLetter }
                }.joined(separator: ":")
                book.raw(#"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(i)" hidden="1">"#)
                book.escaped(quoted + range); book.raw("</definedName>")
            }
            book.raw(#"<definedName name="_xlnm.Print_Titles" localSheetId="\#(i)">"#); book.escaped(quoted + "$1:$1"); book.raw("</definedName>")
        }
        book.raw("</definedNames></workbook>")
        entries.append(("xl/workbook.xml", book.bytes))

        var bookRels = _XMLText()
        bookRels.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        bookRels.raw(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#)
        for i in sheets.indices {
            bookRels.raw(#"<Relationship Id="rId\#(i + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#)
        }
        bookRels.raw(#"<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#)
        bookRels.raw("</Relationships>")
        entries.append(("xl/_rels/workbook.xml.rels", bookRels.bytes))

        var registry = _StyleRegistry()
        var sheetParts: [[UInt8]] = []
        for sheet in sheets { sheetParts.append(Self.worksheet(sheet, &registry)) }

        var styles = _XMLText()
        styles.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        styles.raw(#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
        // Number formats: built-in General (0), 0 (1) and @ (49); the others numbered from 164 in order of use.
        var formatIDs: [_CellStyle.Format: Int] = [.general: 0, .integer: 1, .text: 49]
        var custom: [_CellStyle.Format] = []
        for style in registry.styles where formatIDs[style.format] == nil {
            formatIDs[style.format] = 164 + custom.count
            custom.append(style.format)
        }
        if !custom.isEmpty {
            styles.raw(#"<numFmts count="\#(custom.count)">"#)
            for format in custom {
                styles.raw(#"<numFmt numFmtId="\#(formatIDs[format]!)" formatCode=""#); styles.escaped(format.code); styles.raw(#""/>"#)
            }
            styles.raw("</numFmts>")
        }
        styles.raw(#"<fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts>"#)
        // Fills 0 and 1 are the two SpreadsheetML reserves; a band's fill is 2 + its place in WorkbookFill.allCases.
        styles.raw(#"<fills count="\#(2 + WorkbookFill.allCases.count)"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#)
        for fill in WorkbookFill.allCases {
            styles.raw(#"<fill><patternFill patternType="solid"><fgColor rgb="FF\#(fill.rgb)"/><bgColor indexed="64"/></patternFill></fill>"#)
        }
        styles.raw("</fills>")
        styles.raw(#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#)
        styles.raw(#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#)
        styles.raw(#"<cellXfs count="\#(registry.styles.count)">"#)
        for style in registry.styles {
            let fillID = style.fill.map { 2 + WorkbookFill.allCases.firstIndex(of: $0)! } ?? 0
            styles.raw(#"<xf numFmtId="\#(formatIDs[style.format]!)" fontId="\#(style.bold ? 1 : 0)" fillId="\#(fillID)" borderId="0" xfId="0""#)
            if style.format != .general { styles.raw(#" applyNumberFormat="1""#) }
            if style.bold { styles.raw(#" applyFont="1""#) }
            if style.fill != nil { styles.raw(#" applyFill="1""#) }
            if style.wrapped { styles.raw(#" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#) } else { styles.raw("/>") }
        }
        styles.raw(#"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#)
        entries.append(("xl/styles.xml", styles.bytes))
        for (i, part) in sheetParts.enumerated() { entries.append(("xl/worksheets/sheet\(i + 1).xml", part)) }
        return try _ZipContainer.archive(entries, storeFirst: false)
    }

    /// One worksheet's XML: the print set-up's page fit, the frozen pane, the columns' widths, the rows, the
    /// filter, then margins, page set-up and the page header and footer (SpreadsheetML's element order).
    static func worksheet(_ sheet: _Sheet, _ registry: inout _StyleRegistry) -> [UInt8] {
        var xml = _XMLText()
        xml.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        xml.raw(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#)
        xml.raw(#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#)
        if sheet.header {
            let x = sheet.frozenColumns, corner = columnLetters(x) + "2"
            let pane = x > 0 ? "bottomRight" : "bottomLeft"
            xml.raw(#"<sheetViews><sheetView workbookViewId="0"><pane "#)
            if x > 0 { xml.raw(#"xSplit="\#(x)" "#) }
            xml.raw(#"ySplit="1" topLeftCell="\#(corner)" activePane="\#(pane)" state="frozen"/><selection pane="\#(pane)" activeCell="\#(corner)" sqref="\#(corner)"/></sheetView></sheetViews>"#)
        } else {
            xml.raw(#"<sheetViews><sheetView workbookViewId="0"/></sheetViews>"#)
        }
        xml.raw("<cols>")
        for (c, width) in sheet.widths.enumerated() {
            xml.raw(#"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(width)" customWidth="1"/>"#)
        }
        xml.raw("</cols><sheetData>")
        var r = 0
        func cellReference(_ c: Int) {
            xml.raw(#" r=""#); xml.raw(columnLetters(c)); xml.raw(String(r)); xml.raw(#"""#)
        }
        if sheet.header {
            r = 1
            xml.raw(#"<row r="1">"#)
            for (c, column) in sheet.columns.enumerated() {
                xml.raw("<c"); cellReference(c); xml.raw(#" s="1" t="inlineStr"><is><t>"#); xml.escaped(column.name); xml.raw("</t></is></c>")
            }
            xml.raw("</row>")
        }
        let wraps = sheet.wrapped.contains(true)
        for row in sheet.rows {
            r += 1
            // SpreadsheetML readers do not all size a row to its wrapped text (LibreOffice keeps one line), so a
            // row with wrapped text says its height.
            let lines = wraps ? sheet.lines(row) : 1
            if lines > 1 { xml.raw(#"<row r="\#(r)" ht="\#(Double(lines) * _Print.lineHeight)" customHeight="1">"#) } else { xml.raw(#"<row r="\#(r)">"#) }
            for (c, cell) in row.enumerated() {
                if case .empty = cell { continue }
                let (value, style) = sheet.resolve(cell, column: c)
                let s = registry.id(style)
                switch value {
                case .empty, .styled:
                    xml.raw("<c"); cellReference(c); xml.raw(#" s="\#(s)"/>"#)
                case .text(let text):
                    xml.raw("<c"); cellReference(c); xml.raw(#" s="\#(s)" t="inlineStr"><is><t xml:space="preserve">"#)
                    xml.escaped(text); xml.raw("</t></is></c>")
                case .number(let number):
                    xml.raw("<c"); cellReference(c); xml.raw(#" s="\#(s)"><v>"#); xml.number(number); xml.raw("</v></c>")
                case .date(let y, let m, let d):
                    xml.raw("<c"); cellReference(c); xml.raw(#" s="\#(s)"><v>"#)
                    xml.raw(String(_CivilDate.serial(y, m, d))); xml.raw("</v></c>")
                case .boolean(let flag):
                    xml.raw("<c"); cellReference(c); xml.raw(#" s="\#(s)" t="b"><v>\#(flag ? 1 : 0)</v></c>"#)
                }
            }
            xml.raw("</row>")
        }
        xml.raw("</sheetData>")
        if sheet.filtered { xml.raw(#"<autoFilter ref="\#(sheet.usedRange)"/>"#) }
        let inch = 2.54
        xml.raw(#"<pageMargins left="\#(_Print.sideMargin / inch)" right="\#(_Print.sideMargin / inch)" top="\#(_Print.endMargin / inch)" bottom="\#(_Print.endMargin / inch)" header="\#(_Print.headerMargin / inch)" footer="\#(_Print.headerMargin / inch)"/>"#)
        xml.raw(#"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#)
        xml.raw("<headerFooter><oddHeader>&amp;L&amp;A</oddHeader><oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter></headerFooter>")
        xml.raw("</worksheet>")
        return xml.bytes
    }

    /// `A`, …, `Z`, `AA`, … for a 0-based column.
    package static func columnLetters(_ column: Int) -> String {
        var n = column + 1, letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.insert(Character(UnicodeScalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }
}
