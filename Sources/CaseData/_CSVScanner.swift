import _ATWUtilities

/// One field of a record: a byte range of the file, and whether it was quoted (and held doubled quotes).
package struct _CSVField: Sendable {
    package var start: Int
    package var end: Int
    package var quoted: Bool
    package var hasEscapedQuotes: Bool
    /// The range is in the decoder's side buffer (a description's constant or mapped value), not in the file.
    package var inSide = false
}

/// A byte range of the file that starts at a record boundary, with the physical line it starts on.
package struct _CSVChunk: Sendable {
    package var start: Int
    package var end: Int
    package var firstLine: Int
    /// Line feeds inside the chunk (so at most this many records plus one start in it).
    package var lineFeeds: Int
    /// Bytes in the chunk.
    package var size: Int { end - start }
}

/// What went wrong in a record's quoting.
package enum _CSVRecordProblem: Sendable, Equatable {
    case none
    case textAfterClosingQuote
    case quoteInsideUnquotedField
    case unterminatedQuote
}

/// RFC 4180 record splitting over a byte buffer.
///
/// Rule: a line feed ends a record exactly when the number of double quotes before it in the file is even
/// (doubled quotes inside a quoted field count twice, so they never change that parity). This makes record
/// boundaries a property of the file, not of how it is split, so chunks can be parsed in parallel. Within a
/// record, fields are split strictly: a quoted field must close before a comma or the record end, and an
/// unquoted field may not contain a quote; such a record is reported, never guessed at. A CR before the LF is
/// dropped; a record made of nothing (an empty line) is skipped.
package enum _CSVScanner {
    static let quote: UInt8 = 34, comma: UInt8 = 44, lf: UInt8 = 10, cr: UInt8 = 13

    /// Splits `[from, bytes.count)` into about `count` chunks that begin at record boundaries.
    /// `line` is the physical line number at `from`; `counted` is told each range once it has been read.
    package static func chunks(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, line: Int, count: Int, minimumBytes: Int = 1 << 20,
        counted: @Sendable (Range<Int>) -> Void = { _ in }
    ) -> [_CSVChunk] {
        let total = bytes.count - from
        let n = max(1, min(count, total / max(1, minimumBytes) + 1))
        if n == 1 {
            let lineFeeds = countQuotesAndLineFeeds(UnsafeBufferPointer(rebasing: bytes[from...])).lines
            return [_CSVChunk(start: from, end: bytes.count, firstLine: line, lineFeeds: lineFeeds)]
        }
        let step = total / n
        let nominal = (0...n).map { $0 == n ? bytes.count : from + $0 * step }
        // Pass 1: quotes and line feeds per nominal segment.
        nonisolated(unsafe) let base = bytes
        let counts: [(quotes: Int, lines: Int)] = _parallelMap(n) { k in
            // In pieces of 16 MiB, each let go once counted.
            var sum = (quotes: 0, lines: 0), p = nominal[k]
            while p < nominal[k + 1] {
                let q = min(nominal[k + 1], p + (1 << 24))
                let c = countQuotesAndLineFeeds(UnsafeBufferPointer(rebasing: base[p..<q]))
                counted(p..<q)
                sum = (sum.quotes + c.quotes, sum.lines + c.lines)
                p = q
            }
            return sum
        }
        // Pass 2: move each nominal start forward to the first record boundary at or after it.
        var starts = [from], lines = [line]
        var quotesBefore = 0, linesBefore = line
        for k in 1..<n {
            quotesBefore += counts[k - 1].quotes
            linesBefore += counts[k - 1].lines
            var inQuotes = quotesBefore % 2 == 1
            var p = nominal[k], l = linesBefore
            var found = bytes.count
            while p < bytes.count {
                let b = bytes[p]
                if b == quote { inQuotes.toggle() } else if b == lf {
                    l += 1
                    if !inQuotes { found = p + 1; break }
                }
                p += 1
            }
            if found < starts[starts.count - 1] { found = starts[starts.count - 1] }
            starts.append(found)
            lines.append(l)
        }
        let lastLine = linesBefore + counts[n - 1].lines
        var result: [_CSVChunk] = []
        for k in 0..<n {
            let end = k + 1 < n ? starts[k + 1] : bytes.count
            let lineFeeds = (k + 1 < n ? lines[k + 1] : lastLine) - lines[k]
            if end > starts[k] {
                result.append(_CSVChunk(start: starts[k], end: end, firstLine: lines[k], lineFeeds: lineFeeds))
            }
        }
        return result
    }

    /// The number of double quotes and line feeds in `bytes`, eight bytes at a time (SWAR).
    ///
    /// A byte of `w ^ pattern` is zero exactly where `w` holds the wanted byte; `(x & 0x7F..) + 0x7F..) | x`
    /// sets a byte's high bit exactly when the byte is non-zero (the mask keeps the sum from carrying across
    /// bytes), so the zero bytes are the clear high bits.
    package static func countQuotesAndLineFeeds(_ bytes: UnsafeBufferPointer<UInt8>) -> (quotes: Int, lines: Int) {
        guard let base = bytes.baseAddress else { return (0, 0) }
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* UInt64(quote), lineFeeds = ones &* UInt64(lf)
        /// 1 in each byte lane of `x` that is zero.
        @inline(__always) func zeroLanes(_ x: UInt64) -> UInt64 { (~(((x & low7) &+ low7) | x) & high) >> 7 }
        /// The sum of the eight byte lanes.
        @inline(__always) func laneSum(_ x: UInt64) -> Int {
            let pairs = (x & 0x00FF_00FF_00FF_00FF) &+ ((x >> 8) & 0x00FF_00FF_00FF_00FF)
            return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
        }
        var quoteTotal = 0, lineTotal = 0
        var i = 0
        // Per byte lane counts, added up every 255 words (before a lane could overflow), so the loop holds no
        // population count.
        while i + 8 <= bytes.count {
            var quoteLanes: UInt64 = 0, lineLanes: UInt64 = 0
            let stop = min(bytes.count - 8, i + 8 * 254)
            while i <= stop {
                // SAFETY: i + 8 <= bytes.count, so the 8-byte load stays inside the buffer.
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                quoteLanes &+= zeroLanes(w ^ quotes)
                lineLanes &+= zeroLanes(w ^ lineFeeds)
                i += 8
            }
            quoteTotal &+= laneSum(quoteLanes)
            lineTotal &+= laneSum(lineLanes)
        }
        while i < bytes.count {
            quoteTotal += bytes[i] == quote ? 1 : 0
            lineTotal += bytes[i] == lf ? 1 : 0
            i += 1
        }
        return (quoteTotal, lineTotal)
    }

    /// Reads the record starting at `p` (before `end`) into `fields`, growing it when the record has more.
    /// Returns where the next record starts, how many line feeds the record spans, any quoting problem, and
    /// the number of fields (valid when there is no problem).
    package static func record(
        _ bytes: UnsafeBufferPointer<UInt8>, at p: Int, end: Int, fields: inout [_CSVField], separator: UInt8 = comma
    ) -> (next: Int, lineFeeds: Int, problem: _CSVRecordProblem, fieldCount: Int) {
        if fields.isEmpty { fields = [_CSVField](repeating: _CSVField(start: 0, end: 0, quoted: false, hasEscapedQuotes: false), count: 8) }
        while true {
            let result = fields.withUnsafeMutableBufferPointer { record(bytes, at: p, end: end, fields: $0, separator: separator) }
            if result.problem != .none || result.fieldCount <= fields.count { return result }
            fields += [_CSVField](repeating: fields[0], count: result.fieldCount - fields.count)
        }
    }

    /// Reads the record starting at `p` (before `end`), storing its first `fields.count` fields in `fields`.
    /// Returns where the next record starts, how many line feeds the record spans, any quoting problem, and
    /// the number of fields the record has (which may exceed `fields.count`).
    @inline(__always)
    package static func record(
        _ bytes: UnsafeBufferPointer<UInt8>, at p: Int, end: Int, fields: UnsafeMutableBufferPointer<_CSVField>,
        separator: UInt8 = comma
    ) -> (next: Int, lineFeeds: Int, problem: _CSVRecordProblem, fieldCount: Int) {
        separator == comma ? record(bytes, at: p, end: end, fields: fields, separator: _Comma())
            : record(bytes, at: p, end: end, fields: fields, separator: _Separator(byte: separator))
    }

    /// As ``record(_:at:end:fields:separator:)-(_,_,_,UnsafeMutableBufferPointer<_CSVField>,_)``, specialised per
    /// separator (the comma is a constant in its own copy).
    @inline(__always)
    package static func record<S: _FieldSeparator>(
        _ bytes: UnsafeBufferPointer<UInt8>, at p: Int, end: Int, fields: UnsafeMutableBufferPointer<_CSVField>,
        separator: S
    ) -> (next: Int, lineFeeds: Int, problem: _CSVRecordProblem, fieldCount: Int) {
        let comma = separator.byte
        var count = 0
        @inline(__always) func add(_ field: _CSVField) {
            if count < fields.count { fields[count] = field }
            count += 1
        }
        var i = p
        var lineFeeds = 0
        while true {
            // One field starting at i.
            if i < end && bytes[i] == quote {
                var j = i + 1
                var escaped = false
                var closed = false
                while j < end {
                    let b = bytes[j]
                    if b == quote {
                        if j + 1 < end && bytes[j + 1] == quote { escaped = true; j += 2; continue }
                        closed = true
                        break
                    }
                    if b == lf { lineFeeds += 1 }
                    j += 1
                }
                if !closed {
                    return (end, lineFeeds, .unterminatedQuote, count)
                }
                add(_CSVField(start: i + 1, end: j, quoted: true, hasEscapedQuotes: escaped))
                j += 1
                if j >= end { return (end, lineFeeds, .none, count) }
                let b = bytes[j]
                if b == comma { i = j + 1; continue }
                if b == lf { return (j + 1, lineFeeds + 1, .none, count) }
                if b == cr && j + 1 < end && bytes[j + 1] == lf { return (j + 2, lineFeeds + 1, .none, count) }
                return recover(bytes, recordStart: p, end: end, problem: .textAfterClosingQuote, count)
            } else {
                var j = delimiter(bytes, from: i, end: end, separator: comma)
                while j < end {
                    let b = bytes[j]
                    if b == comma || b == lf || b == quote { break }
                    j += 1
                }
                if j < end && bytes[j] == quote {
                    return recover(bytes, recordStart: p, end: end, problem: .quoteInsideUnquotedField, count)
                }
                var fieldEnd = j
                if j < end && bytes[j] == lf && fieldEnd > i && bytes[fieldEnd - 1] == cr { fieldEnd -= 1 }
                if j >= end && fieldEnd > i && bytes[fieldEnd - 1] == cr { fieldEnd -= 1 }
                add(_CSVField(start: i, end: fieldEnd, quoted: false, hasEscapedQuotes: false))
                if j >= end { return (end, lineFeeds, .none, count) }
                if bytes[j] == comma { i = j + 1; continue }
                return (j + 1, lineFeeds + 1, .none, count)  // line feed
            }
        }
    }

    /// Skips ahead from `i`, eight bytes at a time, to the word holding the first comma, line feed or quote
    /// (or to the last whole word before `end`); the caller finishes byte by byte. Same zero-byte test as
    /// ``countQuotesAndLineFeeds(_:)``; bytes are loaded little-endian, so the lowest set bit is the first.
    @inline(__always)
    static func delimiter(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, end: Int, separator comma: UInt8 = comma) -> Int {
        guard let base = bytes.baseAddress else { return i }
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x) & high }
        var j = i
        while j + 8 <= end {
            // SAFETY: j + 8 <= end <= bytes.count, so the load stays inside the buffer.
            let w = UInt64(littleEndian: UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
            let hits = zeroBytes(w ^ (ones &* UInt64(comma))) | zeroBytes(w ^ (ones &* UInt64(lf)))
                | zeroBytes(w ^ (ones &* UInt64(quote)))
            if hits != 0 { return j + hits.trailingZeroBitCount / 8 }
            j += 8
        }
        return j
    }

    /// After a quoting problem, finds the record's end by the parity rule so the next record starts where
    /// the chunking rule says it does.
    private static func recover(
        _ bytes: UnsafeBufferPointer<UInt8>, recordStart p: Int, end: Int, problem: _CSVRecordProblem, _ count: Int
    ) -> (next: Int, lineFeeds: Int, problem: _CSVRecordProblem, fieldCount: Int) {
        var inQuotes = false
        var lineFeeds = 0
        var i = p
        while i < end {
            let b = bytes[i]
            if b == quote { inQuotes.toggle() } else if b == lf {
                lineFeeds += 1
                if !inQuotes { return (i + 1, lineFeeds, problem, count) }
            }
            i += 1
        }
        return (end, lineFeeds, inQuotes ? .unterminatedQuote : problem, count)
    }

    /// Whether the record at `p` is an empty line (nothing, or only CR, before its line feed).
    @inline(__always)
    package static func emptyLine(_ bytes: UnsafeBufferPointer<UInt8>, at p: Int, end: Int) -> Int? {
        if p < end && bytes[p] == lf { return p + 1 }
        if p + 1 < end && bytes[p] == cr && bytes[p + 1] == lf { return p + 2 }
        return nil
    }

    /// The field's bytes with doubled quotes undone, into `scratch`; returns a view of the result.
    package static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>, _ field: _CSVField, scratch: inout [UInt8]) -> Int {
        scratch.removeAll(keepingCapacity: true)
        var i = field.start
        while i < field.end {
            let b = bytes[i]
            scratch.append(b)
            i += b == quote ? 2 : 1
        }
        return scratch.count
    }
}

/// A field separator known when the scanner is specialised (``_Comma``) or only when it runs (``_Separator``).
package protocol _FieldSeparator {
    var byte: UInt8 { get }
}

/// The comma, a constant in the scanner's specialisation for it.
package struct _Comma: _FieldSeparator {
    package init() {}
    @inline(__always) package var byte: UInt8 { _CSVScanner.comma }
}

/// A separator a description gives (`;`, tab, `|`).
package struct _Separator: _FieldSeparator {
    package let byte: UInt8
    package init(byte: UInt8) { self.byte = byte }
}
