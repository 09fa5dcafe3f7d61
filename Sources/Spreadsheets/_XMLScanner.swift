import Foundation

/// A byte-level XML tokenizer fed in chunks: it keeps only the unfinished tail of the input between calls.
///
/// Rule: ``next()`` returns the next complete token, or `nil` when the bytes held end inside one (feed more
/// with ``append(_:)``, or call ``finish()`` at the end of the input). Names are local names (`x:c` gives `c`);
/// text is raw (entities decoded by ``appendDecoded(_:to:)``); declarations, processing instructions and
/// comments are skipped. Start and end tags are checked to nest (by a hash of the qualified name); the
/// document's encoding is taken to be UTF-8, as every spreadsheet writer emits.
///
/// ```swift
/// var scanner = _XMLScanner()
/// scanner.append(Data("<a x='1'>hi</a>".utf8))
/// while let token = try scanner.next() { ... }   // .start(a), .text("hi"), .end(a)
/// try scanner.finish()
/// ```
struct _XMLScanner {
    enum Token {
        /// `<name attributes>` or `<name attributes/>`: the local name and the bytes between the name and `>`.
        case start(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
        /// `</name>`: the local name.
        case end(name: Range<Int>)
        /// Character data up to the next `<`, entities not decoded.
        case text(Range<Int>)
        /// The content of `<![CDATA[...]]>`, literal.
        case cdata(Range<Int>)
    }

    /// The bytes held: the unfinished tail of the previous chunks, then the last chunk.
    private(set) var bytes: [UInt8] = []
    private var position = 0
    /// A hash of the qualified name of each open element, outermost first.
    private var open: [UInt64] = []
    /// The longest token (text run or tag) accepted, so broken input cannot grow the tail without bound.
    var maximumTokenLength = 1 << 26

    init() {}

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// How many elements are open.
    var depth: Int { open.count }

    /// Adds the next chunk of input, dropping the bytes already tokenized (token ranges from before are void).
    mutating func append(_ data: Data) {
        if position > 0 {
            bytes.removeSubrange(0..<position)
            position = 0
        }
        bytes.append(contentsOf: data)
    }

    /// Checks that the input ended after the root element closed, with nothing but white space left over.
    func finish() throws(SpreadsheetReadError) {
        var i = position
        while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
        if i < bytes.count {
            throw SpreadsheetReadError(bytes[i] == UInt8(ascii: "<") ? "unterminated tag" : "unterminated element")
        }
        if !open.isEmpty { throw SpreadsheetReadError("unterminated element") }
    }

    /// The next complete token, or nil when more input is needed.
    mutating func next() throws(SpreadsheetReadError) -> Token? {
        let n = bytes.count
        while position < n {
            let start = position
            if bytes[start] != UInt8(ascii: "<") {
                guard let end = firstIndex(of: UInt8(ascii: "<"), from: start) else {
                    try checkLength(n - start)
                    return nil
                }
                position = end
                if open.isEmpty {
                    guard isBlank(start..<end) else { throw SpreadsheetReadError("text outside the root element") }
                    continue
                }
                return .text(start..<end)
            }
            guard start + 1 < n else { return nil }
            switch bytes[start + 1] {
            case UInt8(ascii: "/"):
                guard let close = firstIndex(of: UInt8(ascii: ">"), from: start + 2) else {
                    try checkLength(n - start)
                    return nil
                }
                var nameEnd = start + 2
                while nameEnd < close, !Self.isSpace(bytes[nameEnd]) { nameEnd += 1 }
                guard nameEnd > start + 2, isBlank(nameEnd..<close) else { throw SpreadsheetReadError("malformed end tag") }
                guard let last = open.popLast() else { throw SpreadsheetReadError("end tag with no element open") }
                guard last == hash(start + 2..<nameEnd) else {
                    throw SpreadsheetReadError("mismatched end tag </\(String(decoding: bytes[start + 2..<nameEnd], as: UTF8.self))>")
                }
                position = close + 1
                return .end(name: localName(start + 2..<nameEnd))
            case UInt8(ascii: "?"):
                guard let end = firstIndex(of: [UInt8(ascii: "?"), UInt8(ascii: ">")], from: start + 2) else {
                    try checkLength(n - start)
                    return nil
                }
                position = end + 2
            case UInt8(ascii: "!"):
                // Enough bytes to tell a comment from CDATA from a declaration.
                guard start + 9 <= n || firstIndex(of: UInt8(ascii: ">"), from: start) != nil else { return nil }
                if hasPrefix("<!--", at: start) {
                    guard let end = firstIndex(of: Array("-->".utf8), from: start + 4) else {
                        try checkLength(n - start)
                        return nil
                    }
                    position = end + 3
                } else if hasPrefix("<![CDATA[", at: start) {
                    guard let end = firstIndex(of: Array("]]>".utf8), from: start + 9) else {
                        try checkLength(n - start)
                        return nil
                    }
                    guard !open.isEmpty else { throw SpreadsheetReadError("text outside the root element") }
                    position = end + 3
                    return .cdata(start + 9..<end)
                } else {
                    // <!DOCTYPE ...> with an optional internal subset in brackets.
                    guard let end = declarationEnd(from: start + 2) else {
                        try checkLength(n - start)
                        return nil
                    }
                    position = end + 1
                }
            default:
                guard let close = tagEnd(from: start + 1) else {
                    try checkLength(n - start)
                    return nil
                }
                var nameEnd = start + 1
                while nameEnd < close, !Self.isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
                guard nameEnd > start + 1, Self.isNameStart(bytes[start + 1]) else { throw SpreadsheetReadError("malformed tag") }
                let selfClosing = bytes[close - 1] == UInt8(ascii: "/")
                let attributesEnd = selfClosing ? close - 1 : close
                guard nameEnd <= attributesEnd else { throw SpreadsheetReadError("malformed tag") }
                if !selfClosing { open.append(hash(start + 1..<nameEnd)) }
                position = close + 1
                return .start(name: localName(start + 1..<nameEnd), attributes: nameEnd..<attributesEnd, selfClosing: selfClosing)
            }
        }
        return nil
    }

    // MARK: Attributes and text

    /// The next attribute in `range` at or after `index` (moved past it): its local name and raw value; nil at the end.
    func attribute(in range: Range<Int>, from index: inout Int) throws(SpreadsheetReadError) -> (name: Range<Int>, value: Range<Int>)? {
        var i = index
        while i < range.upperBound, Self.isSpace(bytes[i]) { i += 1 }
        guard i < range.upperBound else { index = i; return nil }
        let nameStart = i
        while i < range.upperBound, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: "=") { i += 1 }
        let nameEnd = i
        while i < range.upperBound, Self.isSpace(bytes[i]) { i += 1 }
        guard nameEnd > nameStart, i < range.upperBound, bytes[i] == UInt8(ascii: "=") else { throw SpreadsheetReadError("malformed attribute") }
        i += 1
        while i < range.upperBound, Self.isSpace(bytes[i]) { i += 1 }
        guard i < range.upperBound, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
            throw SpreadsheetReadError("malformed attribute")
        }
        let quote = bytes[i]
        let valueStart = i + 1
        i = valueStart
        while i < range.upperBound, bytes[i] != quote { i += 1 }
        guard i < range.upperBound else { throw SpreadsheetReadError("malformed attribute") }
        index = i + 1
        return (localName(nameStart..<nameEnd), valueStart..<i)
    }

    /// The value of the attribute whose local name is `name`, entities decoded; nil when absent.
    func attribute(_ name: String, in range: Range<Int>) throws(SpreadsheetReadError) -> String? {
        var i = range.lowerBound
        while let (n, value) = try attribute(in: range, from: &i) {
            if equals(n, name) {
                var out: [UInt8] = []
                try appendDecoded(value, to: &out)
                return String(decoding: out, as: UTF8.self)
            }
        }
        return nil
    }

    /// Whether the bytes in `range` are exactly `name`'s UTF-8.
    func equals(_ range: Range<Int>, _ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        for i in range {
            guard let b = utf8.next(), b == bytes[i] else { return false }
        }
        return utf8.next() == nil
    }

    /// Appends the text in `range` with the five named entities and character references decoded.
    func appendDecoded(_ range: Range<Int>, to out: inout [UInt8]) throws(SpreadsheetReadError) {
        guard var amp = firstIndex(of: UInt8(ascii: "&"), from: range.lowerBound, before: range.upperBound) else {
            out.append(contentsOf: bytes[range])
            return
        }
        var i = range.lowerBound
        while true {
            out.append(contentsOf: bytes[i..<amp])
            guard let semicolon = firstIndex(of: UInt8(ascii: ";"), from: amp + 1, before: Swift.min(range.upperBound, amp + 12)) else {
                throw SpreadsheetReadError("malformed entity reference")
            }
            let entity = amp + 1..<semicolon
            if equals(entity, "amp") { out.append(UInt8(ascii: "&")) }
            else if equals(entity, "lt") { out.append(UInt8(ascii: "<")) }
            else if equals(entity, "gt") { out.append(UInt8(ascii: ">")) }
            else if equals(entity, "quot") { out.append(UInt8(ascii: "\"")) }
            else if equals(entity, "apos") { out.append(UInt8(ascii: "'")) }
            else if entity.count >= 2, bytes[entity.lowerBound] == UInt8(ascii: "#") {
                let hex = bytes[entity.lowerBound + 1] == UInt8(ascii: "x")
                var value: UInt32 = 0
                let digits = (hex ? entity.lowerBound + 2 : entity.lowerBound + 1)..<entity.upperBound
                guard !digits.isEmpty, digits.count <= 8 else { throw SpreadsheetReadError("malformed character reference") }
                for d in digits {
                    guard let v = Self.digitValue(bytes[d], hex: hex) else { throw SpreadsheetReadError("malformed character reference") }
                    value = value * (hex ? 16 : 10) + v
                }
                guard let scalar = Unicode.Scalar(value) else { throw SpreadsheetReadError("character reference to no character") }
                out.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                throw SpreadsheetReadError("unknown entity &\(String(decoding: bytes[entity], as: UTF8.self));")
            }
            i = semicolon + 1
            guard let nextAmp = firstIndex(of: UInt8(ascii: "&"), from: i, before: range.upperBound) else {
                out.append(contentsOf: bytes[i..<range.upperBound])
                return
            }
            amp = nextAmp
        }
    }

    // MARK: Helpers

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
    }

    private static func isNameStart(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
    }

    private static func digitValue(_ b: UInt8, hex: Bool) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private func checkLength(_ length: Int) throws(SpreadsheetReadError) {
        if length > maximumTokenLength { throw SpreadsheetReadError("a tag or text run longer than \(maximumTokenLength) bytes") }
    }

    private func isBlank(_ range: Range<Int>) -> Bool {
        for i in range where !Self.isSpace(bytes[i]) { return false }
        return true
    }

    private func hasPrefix(_ prefix: String, at index: Int) -> Bool {
        var i = index
        for b in prefix.utf8 {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    private func firstIndex(of byte: UInt8, from index: Int, before end: Int? = nil) -> Int? {
        let end = Swift.min(end ?? bytes.count, bytes.count)
        guard index >= 0, index < end else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            // SAFETY: 0 <= index < end <= buffer.count, so memchr reads only the buffer's bytes index..<end.
            guard let base = buffer.baseAddress, let found = memchr(base + index, Int32(byte), end - index) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func firstIndex(of pattern: [UInt8], from index: Int) -> Int? {
        var i = index
        while let candidate = firstIndex(of: pattern[0], from: i) {
            guard candidate + pattern.count <= bytes.count else { return nil }
            if bytes[candidate..<candidate + pattern.count].elementsEqual(pattern) { return candidate }
            i = candidate + 1
        }
        return nil
    }

    /// The `>` closing a start tag, skipping quoted attribute values (which may hold `>`).
    private func tagEnd(from index: Int) -> Int? {
        guard index >= 0, index < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            // SAFETY: i runs from index (checked above) to buffer.count - 1, so every read is inside the buffer
            // (the unsafe buffer skips the array's bounds checks in release builds).
            var i = index
            var quote: UInt8 = 0
            while i < buffer.count {
                let b = buffer[i]
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: ">") {
                    return i
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                }
                i += 1
            }
            return nil
        }
    }

    /// The `>` closing a `<!...>` declaration, skipping a bracketed internal subset.
    private func declarationEnd(from index: Int) -> Int? {
        var i = index, brackets = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "["): brackets += 1
            case UInt8(ascii: "]"): brackets -= 1
            case UInt8(ascii: ">") where brackets <= 0: return i
            default: break
            }
            i += 1
        }
        return nil
    }

    private func localName(_ range: Range<Int>) -> Range<Int> {
        var i = range.upperBound
        while i > range.lowerBound {
            if bytes[i - 1] == UInt8(ascii: ":") { return i..<range.upperBound }
            i -= 1
        }
        return range
    }

    /// FNV-1a of the qualified name, to check that end tags match start tags without keeping the names.
    private func hash(_ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
        return h
    }
}
