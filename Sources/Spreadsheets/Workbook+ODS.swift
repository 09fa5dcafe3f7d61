import Foundation
import _ATWUtilities

extension Workbook {
    /// The workbook as an OpenDocument spreadsheet (`.ods`).
    ///
    /// Rule: `mimetype` is the first entry, stored; every text cell is `office:value-type="string"`; numbers
    /// are `float` with a number style of the column's decimals, percentages `percentage` (the fraction),
    /// dates `date`, booleans `boolean`; a band's fill is the cell style's background; each table's header row
    /// (and frozen columns) is frozen through `settings.xml`, is a `table:table-header-rows` (repeated on every
    /// printed page) and carries a filter (`table:database-range`); every sheet prints on the `Landscape`
    /// master page: A4 landscape, one page wide.
    public func ods() throws(WorkbookError) -> Data {
        let sheets = try self.sheets()
        let office = #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0""#
        var entries: [(path: String, bytes: [UInt8])] = [("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8))]

        var manifest = _XMLText()
        manifest.raw(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        manifest.raw(#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">"#)
        manifest.raw(#"<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#)
        for part in ["content.xml", "styles.xml", "meta.xml", "settings.xml"] {
            manifest.raw(#"<manifest:file-entry manifest:full-path="\#(part)" manifest:media-type="text/xml"/>"#)
        }
        manifest.raw("</manifest:manifest>")

        var meta = _XMLText()
        meta.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta \#(office) office:version="1.3"><office:meta><dc:title>"#)
        meta.escaped(title)
        meta.raw("</dc:title><dc:language>en-GB</dc:language></office:meta></office:document-meta>")

        var styles = _XMLText()
        styles.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles \#(office) office:version="1.3"><office:styles>"#)
        styles.raw(#"<style:default-style style:family="table-cell"><style:text-properties style:font-name="Arial" fo:font-size="11pt"/></style:default-style>"#)
        styles.raw("</office:styles><office:automatic-styles>")
        // A4 landscape, one page wide and as many down as the rows need; the sheet's name above, the page below.
        styles.raw(#"<style:page-layout style:name="landscape"><style:page-layout-properties fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" style:scale-to-X="1" fo:margin-left="\#(_Print.sideMargin)cm" fo:margin-right="\#(_Print.sideMargin)cm" fo:margin-top="\#(_Print.headerMargin)cm" fo:margin-bottom="\#(_Print.headerMargin)cm"/>"#)
        let band = _Print.endMargin - _Print.headerMargin
        styles.raw(#"<style:header-style><style:header-footer-properties fo:min-height="\#(band)cm" fo:margin-bottom="0.2cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="\#(band)cm" fo:margin-top="0.2cm"/></style:footer-style></style:page-layout>"#)
        styles.raw(#"</office:automatic-styles><office:master-styles><style:master-page style:name="Landscape" style:page-layout-name="landscape">"#)
        styles.raw(#"<style:header><text:p><text:sheet-name>???</text:sheet-name></text:p></style:header>"#)
        styles.raw(#"<style:footer><text:p>Page <text:page-number>1</text:page-number> of <text:page-count>1</text:page-count></text:p></style:footer>"#)
        styles.raw("</style:master-page></office:master-styles></office:document-styles>")

        var settings = _XMLText()
        settings.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-settings \#(office) office:version="1.3"><office:settings>"#)
        settings.raw(#"<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>"#)
        settings.raw(#"<config:config-item config:name="ViewId" config:type="string">view1</config:config-item><config:config-item-map-named config:name="Tables">"#)
        for sheet in sheets where sheet.header {
            let x = sheet.frozenColumns
            settings.raw(#"<config:config-item-map-entry config:name=""#); settings.escaped(sheet.name); settings.raw(#"">"#)
            if x > 0 {
                settings.raw(#"<config:config-item config:name="HorizontalSplitMode" config:type="short">2</config:config-item>"#)
                settings.raw(#"<config:config-item config:name="HorizontalSplitPosition" config:type="int">\#(x)</config:config-item>"#)
            }
            settings.raw(#"<config:config-item config:name="VerticalSplitMode" config:type="short">2</config:config-item>"#)
            settings.raw(#"<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>"#)
            settings.raw(#"<config:config-item config:name="ActiveSplitRange" config:type="short">\#(x > 0 ? 3 : 2)</config:config-item>"#)
            if x > 0 {
                settings.raw(#"<config:config-item config:name="PositionLeft" config:type="int">0</config:config-item>"#)
                settings.raw(#"<config:config-item config:name="PositionRight" config:type="int">\#(x)</config:config-item>"#)
            }
            settings.raw(#"<config:config-item config:name="PositionTop" config:type="int">0</config:config-item>"#)
            settings.raw(#"<config:config-item config:name="PositionBottom" config:type="int">1</config:config-item>"#)
            settings.raw("</config:config-item-map-entry>")
        }
        settings.raw("</config:config-item-map-named></config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>")

        // The body first, so the styles its cells use are known; then the automatic styles before it.
        var registry = _StyleRegistry()
        var body = _XMLText()
        var widthNames: [Double: String] = [:]
        for width in Set(sheets.flatMap(\.widths)).sorted() { widthNames[width] = "w\(widthNames.count)" }
        func styleAttribute(_ style: _CellStyle) {
            guard !style.isPlain else { return }
            body.raw(#" table:style-name="ce\#(registry.id(style))""#)
        }
        body.raw("<office:body><office:spreadsheet>")
        for sheet in sheets {
            body.raw(#"<table:table table:name=""#); body.escaped(sheet.name); body.raw(#"" table:style-name="sheet">"#)
            for width in sheet.widths { body.raw(#"<table:table-column table:style-name="\#(widthNames[width]!)"/>"#) }
            if sheet.header {
                body.raw("<table:table-header-rows><table:table-row>")
                for column in sheet.columns {
                    body.raw("<table:table-cell"); styleAttribute(.header); body.raw(#" office:value-type="string"><text:p>"#)
                    body.escaped(column.name); body.raw("</text:p></table:table-cell>")
                }
                body.raw("</table:table-row></table:table-header-rows>")
            }
            for row in sheet.rows {
                body.raw("<table:table-row>")
                for (c, cell) in row.enumerated() {
                    if case .empty = cell { body.raw("<table:table-cell/>"); continue }
                    let (value, style) = sheet.resolve(cell, column: c)
                    body.raw("<table:table-cell"); styleAttribute(style)
                    switch value {
                    case .empty, .styled:
                        body.raw("/>")
                    case .text(let text):
                        body.raw(#" office:value-type="string">"#)
                        // Each line its own paragraph (a line break inside one would read as a space).
                        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                            body.raw("<text:p>"); body.escaped(String(line)); body.raw("</text:p>")
                        }
                        body.raw("</table:table-cell>")
                    case .number(let number):
                        if case .percent = style.format { body.raw(#" office:value-type="percentage""#) } else { body.raw(#" office:value-type="float""#) }
                        body.raw(#" office:value=""#); body.number(number); body.raw(#""/>"#)
                    case .date(let y, let m, let d):
                        body.raw(#" office:value-type="date" office:date-value=""#); body.raw(_CivilDate.iso(y, m, d)); body.raw(#""/>"#)
                    case .boolean(let flag):
                        body.raw(#" office:value-type="boolean" office:boolean-value="\#(flag)"/>"#)
                    }
                }
                body.raw("</table:table-row>")
            }
            body.raw("</table:table>")
        }
        // Each table's filter over its header and rows.
        body.raw("<table:database-ranges>")
        for (i, sheet) in sheets.enumerated() where sheet.filtered {
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'."
            let corners = sheet.usedRange.split(separator: ":").map { quoted + $0 }
            body.raw(#"<table:database-range table:name="__Anonymous_Sheet_DB__\#(i)" table:target-range-address=""#)
            body.escaped(corners.joined(separator: ":")); body.raw(#"" table:display-filter-buttons="true"/>"#)
        }
        body.raw("</table:database-ranges>")
        body.raw("</office:spreadsheet></office:body></office:document-content>")

        var content = _XMLText()
        content.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-content \#(office) office:version="1.3"><office:automatic-styles>"#)
        var dataStyles: [_CellStyle.Format: String] = [:]
        for style in registry.styles where dataStyles[style.format] == nil {
            switch style.format {
            case .text, .general, .boolean: continue
            case .date:
                dataStyles[.date] = "Ndate"
                content.raw(#"<number:date-style style:name="Ndate"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>"#)
            case .month:
                dataStyles[.month] = "Nmonth"
                content.raw(#"<number:date-style style:name="Nmonth"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/></number:date-style>"#)
            case .integer:
                dataStyles[.integer] = "Nint"
                content.raw(#"<number:number-style style:name="Nint"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/></number:number-style>"#)
            case .decimal(let p):
                dataStyles[style.format] = "Ndec\(p)"
                content.raw(#"<number:number-style style:name="Ndec\#(p)"><number:number number:decimal-places="\#(p)" number:min-decimal-places="\#(p)" number:min-integer-digits="1"/></number:number-style>"#)
            case .percent(let p):
                dataStyles[style.format] = "Npct\(p)"
                content.raw(#"<number:percentage-style style:name="Npct\#(p)"><number:number number:decimal-places="\#(p)" number:min-decimal-places="\#(p)" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>"#)
            }
        }
        for (n, style) in registry.styles.enumerated() where !style.isPlain {
            content.raw(#"<style:style style:name="ce\#(n)" style:family="table-cell""#)
            if let data = dataStyles[style.format] { content.raw(#" style:data-style-name="\#(data)""#) }
            content.raw(">")
            if style.fill != nil || style.wrapped {
                content.raw("<style:table-cell-properties")
                if let fill = style.fill { content.raw(##" fo:background-color="#\##(fill.rgb)""##) }
                if style.wrapped { content.raw(#" fo:wrap-option="wrap" style:vertical-align="top""#) }
                content.raw("/>")
            }
            if style.bold { content.raw(#"<style:text-properties fo:font-weight="bold"/>"#) }
            content.raw("</style:style>")
        }
        for (width, name) in widthNames.sorted(by: { $0.key < $1.key }) {
            // About 0.19 cm per character of an 11 pt font.
            content.raw(#"<style:style style:name="\#(name)" style:family="table-column"><style:table-column-properties style:column-width="\#(_decimalText(width * 0.19, places: 2))cm"/></style:style>"#)
        }
        content.raw(#"<style:style style:name="sheet" style:family="table" style:master-page-name="Landscape"><style:table-properties table:display="true"/></style:style>"#)
        content.raw("</office:automatic-styles>")
        content.bytes += body.bytes

        entries.append(("META-INF/manifest.xml", manifest.bytes))
        entries.append(("content.xml", content.bytes))
        entries.append(("styles.xml", styles.bytes))
        entries.append(("meta.xml", meta.bytes))
        entries.append(("settings.xml", settings.bytes))
        return try _ZipContainer.archive(entries, storeFirst: true)
    }
}
