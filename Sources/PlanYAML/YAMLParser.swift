import CYAML
import PlanDiagnostics

/// Reads one YAML document with libyaml's event API into a `YAMLNode` tree.
///
/// Everything a hostile or broken file could do is turned into a located diagnostic:
/// syntax errors (libyaml's message and mark), duplicate keys, several documents,
/// deep nesting, alias bombs, oversized files and invalid UTF-8.
public struct YAMLParser {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// The document's root node, or nil for an empty stream; throws the first fatal problem.
    /// `size` is the file's size when `fileBytes` holds only its start (a reader stops at the
    /// limit rather than read a huge file whole); nil when `fileBytes` is the whole file.
    public func parse(_ fileBytes: [UInt8], file: String, size: Int? = nil) throws(YAMLError) -> YAMLNode? {
        let size = max(size ?? 0, fileBytes.count)
        if size > limits.maxBytes {
            throw YAMLError(.fileTooLarge, "file is \(size) bytes; specs are limited to \(limits.maxBytes) bytes",
                            at: SourceLocation(file: file, line: 1, column: 1, offset: 0))
        }
        // UTF-16 or UTF-32 (with a byte order mark or without), or a binary file: said in one
        // line at 1:1, never quoted (`YAMLError.notText`), before the bytes are read as UTF-8.
        if let encoding = TextEncoding.foreign(fileBytes) {
            // The path as a shell word: quoted when it holds anything but safe characters.
            let safe = file.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_./-".unicodeScalars.contains($0)) }
            let escaped = file.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''")
            let path = safe ? file : "'" + escaped + "'"
            let temporary = safe ? file + ".utf8" : "'" + escaped + ".utf8'"
            throw YAMLError(.invalidUTF8, "file is \(encoding.description); plancc reads UTF-8", at: SourceLocation(file: file, line: 1, column: 1, offset: 0),
                            fix: "save it as UTF-8 in the editor, or convert it: iconv -f \(encoding.iconvName) -t UTF-8 \(path) > \(temporary) && mv \(temporary) \(path)",
                            notText: true)
        }
        if let nul = fileBytes.firstIndex(of: 0) {
            throw YAMLError(.invalidUTF8, "binary file (NUL byte at offset \(nul)); a spec is YAML text in UTF-8",
                            at: SourceLocation(file: file, line: 1, column: 1, offset: 0), notText: true)
        }
        // A UTF-8 byte order mark (some Windows editors write one) is not content: parse what
        // follows, with columns as an editor shows them and offsets into the file as stored.
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let skipped = fileBytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        let bytes = Array(fileBytes.dropFirst(skipped))
        let index = LineIndex(bytes)
        func location(line: Int, column: Int) -> SourceLocation {
            let (line, column) = index.clamped(line: line, column: column)
            return SourceLocation(file: file, line: line + 1, column: column + 1,
                                  offset: skipped + index.offset(line: line, column: column))
        }
        if let bad = index.firstInvalidUTF8 {
            throw YAMLError(.invalidUTF8, "invalid UTF-8 byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true))",
                            at: SourceLocation(file: file, line: bad.line + 1, column: bad.column + 1, offset: skipped + bad.offset))
        }
        var builder = TreeBuilder(limits: limits, location: location)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(.yamlSyntax, "libyaml could not start (out of memory)", at: location(line: 0, column: 0))
        }
        defer { yaml_parser_delete(&parser) }

        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLError) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    if parser.error == YAML_READER_ERROR {
                        let at = index.position(ofOffset: parser.problem_offset)
                        throw YAMLError.reader(parser, at: location(line: at.line, column: at.column))
                    }
                    throw YAMLError.syntax(parser, bytes: bytes, location: location)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return builder.root }
                try builder.handle(&event)
            }
        }
    }
}

/// A fatal problem reading YAML.
public struct YAMLError: Error, Sendable {
    public var diagnostic: Diagnostic
    /// The file is not text (UTF-16, UTF-32, binary): its lines are not worth quoting.
    public var notText = false

    init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, notes: [Diagnostic.Note] = [],
         fix: String? = nil, notText: Bool = false) {
        diagnostic = Diagnostic(code, message, at: location, notes: notes)
        diagnostic.fix = fix
        self.notText = notText
    }

    /// libyaml's reader refuses a character (a control character): named, where it stands.
    static func reader(_ parser: yaml_parser_t, at location: SourceLocation) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable character"
        guard problem == "control characters are not allowed", parser.problem_value >= 0 else {
            return YAMLError(.yamlSyntax, problem, at: location)
        }
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(parser.problem_value, radix: 16).count))
            + String(parser.problem_value, radix: 16, uppercase: true)
        var error = YAMLError(.yamlSyntax, "control character \(code) is not allowed in YAML (is this a binary file?)", at: location)
        error.diagnostic.fix = "remove it; in a double-quoted string it can be written as an escape, e.g. \"\\x01\""
        return error
    }

    static func syntax(_ parser: yaml_parser_t, bytes: [UInt8], location: (Int, Int) -> SourceLocation) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let mark = parser.problem_mark
        var notes: [Diagnostic.Note] = []
        let contextLine = parser.context == nil ? nil : Int(parser.context_mark.line)
        if let context = parser.context.map({ String(cString: $0) }) {
            let at = parser.context_mark
            notes.append(.init(context, at: location(Int(at.line), Int(at.column))))
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let line = Int(mark.line)
        func indentation(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> { text.prefix { $0 == 0x20 || $0 == 0x09 } }
        if line < lines.count, let tab = indentation(lines[line]).firstIndex(of: 0x09) {
            var error = YAMLError(.yamlSyntax, "a tab in the indentation of line \(line + 1): YAML indents with spaces only",
                                  at: location(line, tab - lines[line].startIndex))
            error.diagnostic.fix = "replace the tab with spaces (set the editor to insert spaces for .yaml files)"
            return error
        }
        if let hint = IndentationHint.explain(problem, at: line, context: contextLine, in: lines) {
            var error = YAMLError(.yamlSyntax, hint.message, at: location(hint.line, hint.column), notes: notes)
            error.diagnostic.fix = hint.fix
            return error
        }
        return YAMLError(.yamlSyntax, problem, at: location(Int(mark.line), Int(mark.column)), notes: notes)
    }
}

/// Assembles nodes from events with an explicit stack, so depth is checked, not recursed.
private struct TreeBuilder {
    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey: YAMLNode?
        var firstKeyLocation: [String: SourceLocation] = [:]
        /// Nodes in this collection, itself included, as aliases would expand them.
        var size = 1
        /// Collection levels below this one (0 when it holds only scalars).
        var levelsBelow = 0
    }

    /// What an alias copies, and what the copy costs against the limits.
    private struct Anchored {
        var node: YAMLNode
        var size: Int
        /// Collection levels the node spans: 0 for a scalar.
        var levels: Int
    }

    let limits: YAMLLimits
    let location: (Int, Int) -> SourceLocation
    private(set) var root: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var expanded = 0
    private var documents = 0

    init(limits: YAMLLimits, location: @escaping (Int, Int) -> SourceLocation) {
        self.limits = limits
        self.location = location
    }

    mutating func handle(_ event: inout yaml_event_t) throws(YAMLError) {
        let at = location(Int(event.start_mark.line), Int(event.start_mark.column))
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLError(.multipleDocuments, "a spec holds one YAML document; found a second", at: at)
            }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
            let tag = try checkedTag(s.tag, at: at)
            let node = YAMLNode(.scalar(Scalar(text: text, style: Self.style(s.style), tag: tag)), at: at)
            try add(Anchored(node: node, size: 1, levels: 0), anchor: Self.string(s.anchor))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? Self.string(event.data.mapping_start.anchor) : Self.string(event.data.sequence_start.anchor)
            _ = try checkedTag(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag, at: at)
            if stack.count >= limits.maxDepth {
                throw YAMLError(.nestingTooDeep, "nesting deeper than \(limits.maxDepth) levels", at: at)
            }
            stack.append(Frame(isMapping: isMapping, location: at, anchor: anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = stack.removeLast()
            let node = YAMLNode(frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items), at: frame.location)
            try add(Anchored(node: node, size: frame.size, levels: frame.levelsBelow + 1), anchor: frame.anchor)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw YAMLError(.yamlSyntax, "alias '*\(name)' names no anchor defined before it", at: at)
            }
            expanded += target.size
            if expanded > limits.maxAliasExpansion {
                throw YAMLError(.aliasBudget,
                                "aliases expand to more than \(limits.maxAliasExpansion) nodes (an alias bomb?)",
                                at: at)
            }
            // A copy placed deep down nests as deep as if it had been written out there.
            if stack.count + target.levels > limits.maxDepth {
                throw YAMLError(.nestingTooDeep, "alias '*\(name)' nests deeper than \(limits.maxDepth) levels here", at: at)
            }
            try add(target, anchor: nil)
        default:
            break
        }
    }

    /// Adds a finished node to the open collection (in place: copying a frame would copy its
    /// items, making long lists quadratic), or makes it the root.
    private mutating func add(_ entry: Anchored, anchor: String?) throws(YAMLError) {
        if let anchor { anchors[anchor] = entry }
        let node = entry.node
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].size += entry.size
        stack[top].levelsBelow = max(stack[top].levelsBelow, entry.levels)
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            if let text = node.scalar?.text {
                if let first = stack[top].firstKeyLocation[text] {
                    throw YAMLError(.duplicateKey, "duplicate key '\(text)'", at: node.location,
                                    notes: [.init("first defined here", at: first)])
                }
                stack[top].firstKeyLocation[text] = node.location
            }
            stack[top].pendingKey = node
            return
        }
        stack[top].pairs.append(YAMLNode.Pair(key: key, value: node))
        stack[top].pendingKey = nil
    }

    private static let coreTagPrefix = "tag:yaml.org,2002:"

    /// Only the core schema's own tags are accepted: a spec has no use for custom types.
    private func checkedTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, at: SourceLocation) throws(YAMLError) -> String? {
        guard let tag = Self.string(tag) else { return nil }
        let allowed = ["tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!"]
        guard allowed.contains(tag) else {
            let shown = tag.hasPrefix(Self.coreTagPrefix) ? "!!" + tag.dropFirst(Self.coreTagPrefix.count) : Substring(tag)
            throw YAMLError(.unsupportedTag, "unsupported tag '\(shown)'; only !!str, !!map and !!seq are accepted", at: at)
        }
        return tag
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}

/// The Unicode encodings other than UTF-8 an editor may save a spec in, told by the byte order
/// mark, or without one by where the zero bytes stand (YAML 1.2, 5.2: a YAML stream starts
/// with an ASCII character, and most of a spec's characters are ASCII).
struct TextEncoding: Equatable {
    var width: Int
    var bigEndian: Bool
    var byteOrderMark: Bool

    var description: String {
        "UTF-\(width * 8) (\(bigEndian ? "big" : "little")-endian, \(byteOrderMark ? "with a" : "no") byte order mark)"
    }

    /// What `iconv -f` calls it: with a byte order mark, iconv reads the order from it.
    var iconvName: String { "UTF-\(width * 8)" + (byteOrderMark ? "" : bigEndian ? "BE" : "LE") }

    static func foreign(_ bytes: [UInt8]) -> TextEncoding? {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return TextEncoding(width: 4, bigEndian: true, byteOrderMark: true) }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return TextEncoding(width: 4, bigEndian: false, byteOrderMark: true) }
        if bytes.starts(with: [0xFE, 0xFF]) { return TextEncoding(width: 2, bigEndian: true, byteOrderMark: true) }
        if bytes.starts(with: [0xFF, 0xFE]) { return TextEncoding(width: 2, bigEndian: false, byteOrderMark: true) }
        for width in [4, 2] {
            for bigEndian in [true, false] where mostlyASCII(bytes, width: width, bigEndian: bigEndian) {
                return TextEncoding(width: width, bigEndian: bigEndian, byteOrderMark: false)
            }
        }
        return nil
    }

    /// The first code unit, and three in four of the first 256, are ASCII in this encoding:
    /// one non-zero byte below 0x80 at the low end, zeros elsewhere.
    private static func mostlyASCII(_ bytes: [UInt8], width: Int, bigEndian: Bool) -> Bool {
        let units = min(bytes.count / width, 256)
        guard units > 0 else { return false }
        func ascii(_ unit: Int) -> Bool {
            let start = unit * width
            let low = bigEndian ? start + width - 1 : start
            return bytes[low] != 0 && bytes[low] < 0x80
                && (start..<start + width).allSatisfy { $0 == low || bytes[$0] == 0 }
        }
        return ascii(0) && (0..<units).filter(ascii).count * 4 >= units * 3
    }
}
