/// The built-in functions a server version added, for `targets:`. `PostgresFunctions` was read
/// from PostgreSQL 15; the names below are those of PostgreSQL 18's pg_catalog that 15 lacks
/// (the difference of the two servers' pg_proc, read on both), with the release whose notes add
/// them and their volatility as PostgreSQL 18 has it, plus 15's own additions over 14. Support
/// functions of aggregates and types are left out: nobody calls them by name.
extension PostgresFunctions {
    public static let addedAfter14: [String: (version: Int, volatility: Volatility)] = [
        // PostgreSQL 15
        "regexp_count": (15, .immutable), "regexp_instr": (15, .immutable), "regexp_like": (15, .immutable),
        "regexp_substr": (15, .immutable),
        // PostgreSQL 16
        "any_value": (16, .immutable), "array_sample": (16, .volatile), "array_shuffle": (16, .volatile),
        "random_normal": (16, .volatile), "erf": (16, .immutable), "erfc": (16, .immutable),
        "date_add": (16, .stable), "date_subtract": (16, .stable), "pg_input_is_valid": (16, .stable),
        "pg_input_error_info": (16, .stable), "json_agg_strict": (16, .stable), "json_object_agg_strict": (16, .stable),
        "json_object_agg_unique": (16, .stable), "json_object_agg_unique_strict": (16, .stable),
        "jsonb_agg_strict": (16, .stable), "jsonb_object_agg_strict": (16, .immutable),
        "jsonb_object_agg_unique": (16, .immutable), "jsonb_object_agg_unique_strict": (16, .immutable),
        // PostgreSQL 17
        "to_bin": (17, .immutable), "to_oct": (17, .immutable), "uuid_extract_timestamp": (17, .immutable),
        "uuid_extract_version": (17, .immutable), "to_regtypemod": (17, .stable), "unicode_assigned": (17, .immutable),
        "unicode_version": (17, .immutable), "icu_unicode_version": (17, .immutable), "xmltext": (17, .immutable),
        "jsonb_populate_record_valid": (17, .stable), "pg_basetype": (17, .stable),
        // PostgreSQL 18
        "uuidv4": (18, .volatile), "uuidv7": (18, .volatile), "casefold": (18, .immutable),
        "array_sort": (18, .immutable), "array_reverse": (18, .immutable), "crc32": (18, .immutable),
        "crc32c": (18, .immutable), "gamma": (18, .immutable), "lgamma": (18, .immutable),
        "has_largeobject_privilege": (18, .stable),
    ]

    /// The PostgreSQL major version that added built-in function `name`, when later than 14.
    public static func addedIn(_ name: String) -> Int? { addedAfter14[name]?.version }
}

/// The functions one of the two servers behind the `mysql` dialect has and the other lacks,
/// by their manuals (MySQL 8.0 and 8.4, MariaDB 10.11), each checked on MariaDB 10.11 (a
/// MySQL-only name answers error 1305 there).
extension MySQLFunctions {
    /// MySQL 8.0 has them, MariaDB 10.11 does not.
    public static let mySQLOnly: Set<String> = [
        "uuid_to_bin", "bin_to_uuid", "is_uuid", "regexp_like", "any_value", "statement_digest",
        "statement_digest_text", "json_storage_size", "json_storage_free", "json_schema_valid",
        "json_schema_validation_report", "icu_version", "roles_graphml",
    ]
    /// MariaDB 10.11 has them, MySQL 8 does not.
    public static let mariaDBOnly: Set<String> = [
        "sys_guid", "natural_sort_key", "sformat", "to_char", "add_months", "json_equals", "json_normalize",
        "json_detailed", "json_loose", "json_compact", "nextval", "lastval", "setval",
    ]
}
