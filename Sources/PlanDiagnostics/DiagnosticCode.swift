/// Every diagnostic plancc can report, with a stable code. The enum is the one list:
/// documentation and `plancc rules` are generated from it.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    // YAML and files
    case yamlSyntax = "E0001"
    case duplicateKey = "E0002"
    case multipleDocuments = "E0003"
    case nestingTooDeep = "E0004"
    case aliasBudget = "E0005"
    case fileTooLarge = "E0006"
    case invalidUTF8 = "E0007"
    case unsupportedTag = "E0008"
    case emptyDocument = "E0009"
    // Structure
    case missingKey = "E0101"
    case unknownKey = "E0102"
    case unknownOperation = "E0103"
    case wrongType = "E0104"
    case invalidValue = "E0105"
    case malformedChange = "E0106"
    case unsupportedFormat = "E0107"
    case invalidDuration = "E0108"
    case invalidType = "E0109"
    case emptyList = "E0110"
    case invalidExpression = "E0111"
    case invalidNumber = "E0112"
    case sqlSyntax = "E0113"
    // Names
    case invalidID = "E0201"
    case idFileMismatch = "E0202"
    case invalidIdentifier = "E0203"
    case identifierTooLong = "E0204"
    case invalidFieldName = "E0205"
    case duplicateName = "E0206"
    case unsafeTypeText = "E0207"
    case nameCollision = "E0208"
    case scaffoldPlaceholder = "E0209"
    // Meaning
    case droppedTable = "E0301"
    case droppedColumn = "E0302"
    case literalDoesNotFit = "E0303"
    case notExpressible = "E0304"
    case missingDialectForm = "E0305"
    case missingWas = "E0306"
    case missingTypeForMySQL = "E0307"
    case baselineOperation = "E0308"
    case unknownColumn = "E0309"
    case invalidReference = "E0310"
    case renameToSameName = "E0311"
    case expandContractConflict = "E0312"
    case unknownTable = "E0313"
    case wasContradicted = "E0314"
    // Risk and rollback
    case riskUnderstated = "E0401"
    case rollbackLosesData = "E0402"
    // Warnings
    case portability = "W0101"
    case missingWasWarning = "W0102"
    case notEnforced = "W0103"
    case riskFinding = "W0401"

    public var severity: Severity { rawValue.hasPrefix("E") ? .error : .warning }

    /// A short name, used as the SARIF rule name and in listings.
    public var title: String {
        switch self {
        case .yamlSyntax: "YAML syntax error"
        case .duplicateKey: "duplicate mapping key"
        case .multipleDocuments: "more than one YAML document"
        case .nestingTooDeep: "nesting deeper than the limit"
        case .aliasBudget: "aliases expand past the budget"
        case .fileTooLarge: "file larger than the limit"
        case .invalidUTF8: "file is not valid UTF-8"
        case .unsupportedTag: "unsupported YAML tag"
        case .emptyDocument: "empty spec"
        case .missingKey: "required key missing"
        case .unknownKey: "unknown key"
        case .unknownOperation: "unknown operation"
        case .wrongType: "value has the wrong type"
        case .invalidValue: "value is not one of the allowed ones"
        case .malformedChange: "a change must be a mapping with one operation key"
        case .unsupportedFormat: "unsupported format version"
        case .invalidDuration: "invalid duration"
        case .invalidType: "unknown or malformed column type"
        case .emptyList: "list must not be empty"
        case .invalidExpression: "malformed expression"
        case .invalidNumber: "number out of range"
        case .sqlSyntax: "SQL text PostgreSQL's parser rejects"
        case .invalidID: "id is not YYYYMMDDHHMMSS_snake_description"
        case .idFileMismatch: "id does not match the file name"
        case .invalidIdentifier: "identifier not allowed"
        case .identifierTooLong: "identifier too long for a dialect"
        case .invalidFieldName: "MongoDB field name not allowed"
        case .duplicateName: "name defined twice in a spec"
        case .unsafeTypeText: "per-dialect type text is not a plain type name"
        case .nameCollision: "name collides with another spec"
        case .scaffoldPlaceholder: "a placeholder of the `plancc new` scaffold is still in the spec"
        case .droppedTable: "change to a table an earlier change removed"
        case .droppedColumn: "change to a column an earlier change removed"
        case .literalDoesNotFit: "literal does not fit the column type"
        case .notExpressible: "a listed dialect cannot express this operation"
        case .missingDialectForm: "per-dialect text missing for a listed dialect"
        case .missingWas: "rollback needs a `was` fact"
        case .missingTypeForMySQL: "MySQL needs the column's full type"
        case .baselineOperation: "a baseline spec holds create_table changes only"
        case .unknownColumn: "column not defined on the table"
        case .invalidReference: "invalid reference"
        case .renameToSameName: "rename to the name it already has"
        case .expandContractConflict: "change to a column an expand_contract rename or type change is using"
        case .unknownTable: "table neither in the baseline nor created by an earlier spec"
        case .wasContradicted: "a `was` fact the history contradicts"
        case .riskUnderstated: "declared risk is below the computed risk"
        case .rollbackLosesData: "rollback strategy cannot undo a data-losing change"
        case .portability: "shared SQL text means something else on a listed dialect"
        case .missingWasWarning: "a `was` fact is missing; rollback cannot rebuild the old state"
        case .notEnforced: "operation has no effect on a listed dialect"
        case .riskFinding: "risk finding from the analysis"
        }
    }
}

public enum Severity: String, Sendable, Comparable {
    case error, warning, note

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    private var rank: Int { switch self { case .error: 2; case .warning: 1; case .note: 0 } }
}
