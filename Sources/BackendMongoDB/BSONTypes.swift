import PlanSpec
import PlanSupport

/// Column types as `$jsonSchema` properties, and spec values as aggregation expressions.
enum BSONTypes {
    /// The BSON types a column's values may have, the first being the one conversions target.
    static func types(_ type: ColumnType) -> [String] {
        if let spelled = type.spelled(for: .mongodb) { return [spelled] }
        switch type.portable {
        case .text?, .varchar?, .char?, .time?, .uuid?: return ["string"]
        case .smallint?, .integer?: return ["int"]
        // A bigint column also takes the int32 values that small numbers are sent as.
        case .bigint?: return ["long", "int"]
        case .boolean?: return ["bool"]
        case .decimal?: return ["decimal"]
        case .real?, .double?: return ["double"]
        case .date?, .timestamp?, .timestamptz?: return ["date"]
        case .json?: return ["object"]
        case .bytes?: return ["binData"]
        case nil: return ["string"]
        }
    }

    /// The property for a column of `type`, not yet allowing null.
    static func property(_ type: ColumnType) -> JSONValue {
        let types = types(type)
        var pairs: [(String, JSONValue)] = [("bsonType", types.count == 1 ? .string(types[0]) : .array(types.map(JSONValue.string)))]
        switch type.portable {
        case let .varchar(n)?, let .char(n)?: pairs.append(("maxLength", .int(n)))
        case .smallint?: pairs += [("minimum", .int(Int(Int16.min))), ("maximum", .int(Int(Int16.max)))]
        default: break
        }
        return .object(pairs)
    }

    /// The property as it stands in a validator: `null` is allowed for nullable columns.
    static func property(_ column: Column) -> JSONValue {
        guard column.nullable, case var .object(pairs) = property(column.type) else { return property(column.type) }
        pairs[0].1 = .array(types(column.type).map(JSONValue.string) + [.string("null")])
        return .object(pairs)
    }

    /// `$convert` can turn values into these BSON types.
    static let convertible: Set<String> = ["string", "int", "long", "double", "decimal", "bool", "date", "objectId"]

    /// A literal as an aggregation expression for a field of `type` (when known): strings go
    /// through `$literal` so that a leading `$` is never read as a field path; numbers and dates
    /// for typed fields are converted by the server, so that no shell constructor is needed.
    static func literal(_ literal: Literal, for type: ColumnType?) -> JSONValue {
        let target = type.map(types)?.first
        switch literal {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .integer(i):
            switch target {
            case "long"?: return JS.document("$toLong", .string(String(i)))
            case "decimal"?: return JS.document("$toDecimal", .string(String(i)))
            default: return .int(Int(i))
            }
        case let .decimal(text):
            return target == "decimal" ? JS.document("$toDecimal", .string(text)) : .number(text)
        case let .string(s):
            return target == "date" ? JS.document("$toDate", .string(s)) : JS.document("$literal", .string(s))
        }
    }

    /// An expression as an aggregation expression; nil when it has no MongoDB form.
    static func expression(_ expression: Expression, for type: ColumnType? = nil) -> JSONValue? {
        switch expression {
        case let .column(name): JS.fieldPath(name.value)
        case let .value(value, _): literal(value, for: type)
        case let .native(_, mongodb): mongodb
        }
    }
}
