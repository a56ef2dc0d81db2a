/// Byte offsets of line starts, to turn libyaml's (line, column-in-characters) marks into
/// byte offsets, and to find the first invalid UTF-8 byte.
struct LineIndex {
    private let bytes: [UInt8]
    private var lineStarts: [Int] = [0]
    private var isASCII = true
    private(set) var firstInvalidUTF8: (offset: Int, line: Int, column: Int)?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var i = 0
        var column = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                lineStarts.append(i + 1)
                column = 0
                i += 1
                continue
            }
            if b < 0x80 {
                i += 1
                column += 1
                continue
            }
            isASCII = false
            let width = LineIndex.sequenceWidth(bytes, at: i)
            if width == 0 {
                if firstInvalidUTF8 == nil { firstInvalidUTF8 = (i, lineStarts.count - 1, column) }
                return
            }
            i += width
            column += 1
        }
    }

    /// libyaml puts the end of a file that lacks a final newline on the line after it; such a
    /// mark moves to the end of the last line, which exists and can be quoted.
    func clamped(line: Int, column: Int) -> (line: Int, column: Int) {
        guard line >= lineStarts.count else { return (line, column) }
        let last = lineStarts.count - 1
        var characters = 0
        var i = lineStarts[last]
        while i < bytes.count {
            i += max(1, LineIndex.sequenceWidth(bytes, at: i))
            characters += 1
        }
        return (last, characters)
    }

    /// The (line, column-in-characters) of a byte offset, both 0-based.
    func position(ofOffset offset: Int) -> (line: Int, column: Int) {
        var line = 0
        while line + 1 < lineStarts.count, lineStarts[line + 1] <= offset { line += 1 }
        var i = lineStarts[line], column = 0
        while i < min(offset, bytes.count) {
            i += max(1, LineIndex.sequenceWidth(bytes, at: i))
            column += 1
        }
        return (line, column)
    }

    func offset(line: Int, column: Int) -> Int {
        guard line < lineStarts.count else { return bytes.count }
        let start = lineStarts[line]
        if isASCII { return min(start + column, bytes.count) }
        var i = start
        var remaining = column
        while remaining > 0, i < bytes.count, bytes[i] != 0x0A {
            i += max(1, LineIndex.sequenceWidth(bytes, at: i))
            remaining -= 1
        }
        return i
    }

    /// The length of a well-formed UTF-8 sequence at `i`, or 0 when it is malformed.
    static func sequenceWidth(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + k < b.count && range.contains(b[i + k])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
