import PlanSupport
/// Names plancc makes up for the objects of an expand/contract rollout. Every one fits
/// PostgreSQL's 63 bytes (a longer one is cut and ends in a hash of what was cut), and those
/// that share a namespace across tables carry a hash of their table and column.
public enum GeneratedNames {
    /// Soft-dropped tables and columns wait under this name until contract.
    public static func graveyard(_ name: String) -> String { fitted("_plancc_dropped_" + name) }

    /// The column of the new type during an expand_contract type change.
    public static func shadow(_ column: String) -> String { fitted("_plancc_new_" + column) }

    /// The trigger (and trigger function) that keeps two columns in sync.
    /// The table and column are hashed into the name: triggers (MySQL) and trigger functions
    /// (PostgreSQL) share one namespace per schema, and `user.profile_name` must not meet
    /// `user_profile.name`.
    public static func syncTrigger(table: String, column: String) -> String {
        unique("_plancc_sync_\(table)_\(column)", key: [table, column])
    }

    /// The check constraint that proves NOT NULL before `SET NOT NULL`.
    /// Hashed like `syncTrigger`: MySQL check constraint names are unique per schema.
    public static func notNullCheck(table: String, column: String) -> String {
        unique("_plancc_nn_\(table)_\(column)", key: [table, column])
    }

    /// The unique index built on the new column of a rename or type change whose old column is
    /// the table's primary key, so contract can move the key to it (it takes the key's name then).
    public static func keyIndex(table: String, column: String) -> String {
        unique("_plancc_pk_\(table)_\(column)", key: [table, column])
    }

    /// Identifiers longer than this are cut (PostgreSQL: 63 bytes) or refused (MySQL: 64).
    public static let maxIdentifierBytes = 63

    /// `readable` cut to fit, then `_` and 8 hex digits of the sha256 of `key`, so two
    /// different keys never share a name however their parts split on underscores.
    static func unique(_ readable: String, key: [String]) -> String {
        let hash = String(SHA256.hex(key.joined(separator: "\u{0}")).prefix(8))
        return prefix(readable, bytes: maxIdentifierBytes - 9) + "_" + hash
    }

    /// A name that fits: as is when short enough, else cut and made unique by its hash.
    static func fitted(_ name: String) -> String {
        name.utf8.count <= maxIdentifierBytes ? name : unique(name, key: [name])
    }

    /// The longest prefix of whole Unicode scalars within `bytes` UTF-8 bytes.
    private static func prefix(_ text: String, bytes: Int) -> String {
        var out = String.UnicodeScalarView(), used = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            if used + size > bytes { break }
            out.append(scalar); used += size
        }
        return String(out)
    }

    /// The primary key constraint create_table makes: `<table>_pkey`, as PostgreSQL names it,
    /// shortened with a hash when that passes 63 bytes (PostgreSQL would cut it silently).
    public static func primaryKey(table: String) -> String { fitted("\(table)_pkey") }

    /// The unique index of a column declared `unique` in add_column.
    public static func uniqueIndex(table: String, column: String) -> String { fitted("\(table)_\(column)_key") }

    /// PostgreSQL 18's NOT NULL constraint of a column (contype 'n'), named as PostgreSQL names the
    /// one `SET NOT NULL` makes, so the column looks the same whichever way it got there.
    public static func notNullConstraint(table: String, column: String) -> String { fitted("\(table)_\(column)_not_null") }

    /// The foreign key of a column declared with `references` in add_column.
    public static func foreignKey(table: String, column: String) -> String { fitted("\(table)_\(column)_fkey") }
}
