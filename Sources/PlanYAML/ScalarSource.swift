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
        let v = Array(value.utf8)
        guard start.offset >= 0, start.offset <= file.count else { return start }
        var s = start.offset
        switch style {
        case .plain:
            break
        case .singleQuoted, .doubleQuoted:
            s += 1
        case .literal, .folded:
            // The header (`|`, `>-`, `|2 # comment`) ends its line; the content starts below.
            guard let newline = file[s...].firstIndex(of: 0x0A) else { return start }
            s = newline + 1
        }
        let target = max(0, min(offset, v.count))
        var i = 0
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
                let (length, produced) = escape(file, at: s)
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
        if target < v.count {
            while s < file.count, file[s] != v[target], file[s] == 0x20 || file[s] == 0x09 { s += 1 }
        }
        return place(min(s, file.count), from: start, in: file)
    }

    /// A double-quoted escape at `s`: its length in the source and the bytes it decodes to.
    private static func escape(_ file: [UInt8], at s: Int) -> (length: Int, produced: Int) {
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

    /// The line and column (in characters) of byte `target`, counted on from `start`.
    private static func place(_ target: Int, from start: SourceLocation, in file: [UInt8]) -> SourceLocation {
        var line = start.line, column = start.column
        var k = start.offset
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
