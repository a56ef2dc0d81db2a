import PlanDiagnostics

/// Places a byte of a scalar's value back in the file it was read from, through the scalar's
/// quoting, escapes, indentation and line folding.
///
/// libyaml reports where a scalar starts, not where each of its characters came from, so the
/// value is walked against the source from that start: value bytes are matched to source bytes
/// in order; indentation, trimmed spaces and folded line breaks are source bytes with no (or
/// another) value byte; `''` in single quotes and `\` escapes in double quotes are decoded.
/// Every byte of a plain or quoted scalar on one line lands exactly; in multi-line scalars a
/// token lands exactly too, while whitespace that folding made or removed lands on the nearest
/// source byte that produced it.
public enum ScalarSource {
    /// The place of byte `offset` (0-based, clamped to the value) of `value`, a scalar written
    /// with `style` whose first mark is `start`, in `file` (the file's bytes as stored).
    public static func location(ofValueByte offset: Int, value: String, style: Scalar.Style,
                                start: SourceLocation, in file: [UInt8]) -> SourceLocation {
        var cursor = Cursor(value: value, style: style, start: start, in: file)
        return cursor.location(ofValueByte: offset)
    }

    /// Places many offsets of one scalar: each walk goes on from where the last one stopped,
    /// so offsets asked in increasing order cost one pass over the scalar in all (a smaller
    /// offset than the last starts over).
    public struct Cursor {
        let v: [UInt8]
        let style: Scalar.Style
        let start: SourceLocation
        let file: [UInt8]
        /// Where the content starts in the file; nil when the scalar's start is not in it.
        let contentStart: Int?
        // The walk: value byte `i` is at file byte `s`.
        var i = 0, s = 0
        // The placing: file byte `k` is at `line`, `column`.
        var k: Int, line: Int, column: Int

        public init(value: String, style: Scalar.Style, start: SourceLocation, in file: [UInt8]) {
            v = Array(value.utf8)
            self.style = style; self.start = start; self.file = file
            k = start.offset; line = start.line; column = start.column
            guard start.offset >= 0, start.offset <= file.count else { contentStart = nil; return }
            var s = start.offset
            switch style {
            case .plain:
                break
            case .singleQuoted, .doubleQuoted:
                s += 1
            case .literal, .folded:
                // The header (`|`, `>-`, `|2 # comment`) ends its line; the content starts below.
                guard let newline = file[s...].firstIndex(of: 0x0A) else { contentStart = nil; return }
                s = newline + 1
            }
            contentStart = s
            self.s = s
        }

        public mutating func location(ofValueByte offset: Int) -> SourceLocation {
            guard let contentStart else { return start }
            let target = max(0, min(offset, v.count))
            if target < i { i = 0; s = contentStart }
            while i < target, s < file.count {
                let b = file[s]
                if style == .doubleQuoted, b == UInt8(ascii: "\\"), s + 1 < file.count {
                    let next = file[s + 1]
                    if next == 0x0A || next == 0x0D {
                        // An escaped line break joins the lines and produces nothing.
                        s += next == 0x0D && s + 2 < file.count && file[s + 2] == 0x0A ? 3 : 2
                        while s < file.count, file[s] == 0x20 || file[s] == 0x09 { s += 1 }
                        continue
                    }
                    let (length, produced) = ScalarSource.escape(file, at: s)
                    if i + produced > target { break }
                    i += produced
                    s += length
                    continue
                }
                if style == .singleQuoted, b == UInt8(ascii: "'"), s + 1 < file.count, file[s + 1] == UInt8(ascii: "'") {
                    i += 1
                    s += 2
                    continue
                }
                if b == v[i] || ((v[i] == 0x20 || v[i] == 0x0A) && (b == 0x0A || b == 0x0D)) {
                    i += 1
                    s += 1
                    continue
                }
                s += 1
            }
            // A byte that starts a line of the value is written after the line's indentation.
            var at = s
            if target < v.count {
                while at < file.count, file[at] != v[target], file[at] == 0x20 || file[at] == 0x09 { at += 1 }
            }
            return place(min(at, file.count))
        }

        /// The line and column (in characters) of byte `target`, counted on from the last one placed.
        private mutating func place(_ target: Int) -> SourceLocation {
            if target < k { k = start.offset; line = start.line; column = start.column }
            while k < target {
                let b = file[k]
                if b == 0x0A {
                    line += 1
                    column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
                k += 1
            }
            return SourceLocation(file: start.file, line: line, column: column, offset: target)
        }
    }

    /// A double-quoted escape at `s`: its length in the source and the bytes it decodes to.
    static func escape(_ file: [UInt8], at s: Int) -> (length: Int, produced: Int) {
        func hex(_ digits: Int) -> (Int, Int) {
            guard s + 2 + digits <= file.count,
                  let code = UInt32(String(decoding: file[(s + 2)..<(s + 2 + digits)], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else { return (2, 1) }
            return (2 + digits, UTF8.width(scalar))
        }
        switch file[s + 1] {
        case UInt8(ascii: "x"): return hex(2)
        case UInt8(ascii: "u"): return hex(4)
        case UInt8(ascii: "U"): return hex(8)
        case UInt8(ascii: "N"), UInt8(ascii: "_"): return (2, 2) // U+0085, U+00A0
        case UInt8(ascii: "L"), UInt8(ascii: "P"): return (2, 3) // U+2028, U+2029
        default: return (2, 1)
        }
    }

}
