import PlanSpec

/// How the target server (`targets.mysql` or `targets.mariadb`) spells online DDL.
///
/// MySQL takes `ALGORITHM=` as the algorithm to use: `INPLACE` rebuilds a table that `INSTANT`
/// would only touch the metadata of, so the scripts ask for INSTANT where the version has it
/// (ADD COLUMN at the end since 8.0.12; DROP COLUMN since 8.0.29 and RENAME COLUMN since 8.0.28,
/// the "8.4" target) and INPLACE otherwise. MariaDB takes it as the least efficient algorithm
/// it accepts and refuses an explicit INSTANT it cannot do (a column in an index, a FULLTEXT
/// index on the table: error 1845/1846) where INPLACE would have gone instant or online, so
/// for MariaDB the scripts say `ALGORITHM=INPLACE, LOCK=NONE` and MariaDB picks INSTANT itself
/// (checked on MariaDB 10.11: the table is not rebuilt). On both, `_plancc_step` runs an INSTANT
/// the server refuses (1845, 1846; MySQL's 4092 when a table has used up its instant row
/// versions) again as `ALGORITHM=INPLACE, LOCK=NONE`, saying so.
struct MySQLTarget {
    let server: Targets.MySQLServer

    /// ADD COLUMN of a nullable or constant-default column, appended last.
    var addColumn: Algorithm { server.isMariaDB ? .inplace : .instant }
    var dropColumn: Algorithm { server.hasInstantDropColumn ? .instant : .inplace }
    var renameColumn: Algorithm { server.hasInstantDropColumn ? .instant : .inplace }
}

extension StepWriter {
    var target: MySQLTarget { MySQLTarget(server: server) }
    var server: Targets.MySQLServer { plan.spec.targets.mySQLServer }
}
