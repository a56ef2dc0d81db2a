import Foundation
import PlanDiagnostics
import PlanSpec
import PlanSupport
import Testing
import TestSupport

/// The example specs decode into the model the contract describes, field by field, and every
/// value remembers where it was written.
struct GoodSpecModelTests {
    private func load(_ name: String) throws -> (Spec, [UInt8]) {
        let path = Repo.path("specs/\(name).yaml")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let loaded = SpecLoader.load(bytes: bytes, path: path)
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.message))")
        return (try #require(loaded.spec), bytes)
    }

    /// `line:column` of a location, to compare places compactly.
    private func place(_ location: PlanDiagnostics.SourceLocation) -> String { "\(location.line):\(location.column)" }
    private func place(_ name: Name) -> String { "\(name.value)@\(place(name.location))" }

    @Test func everyExampleSpecLoadsWithoutErrors() throws {
        #expect(Repo.exampleSpecs.count >= 4)
        for path in Repo.exampleSpecs {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let loaded = SpecLoader.load(bytes: bytes, path: path)
            #expect(loaded.spec != nil, "\(path): \(loaded.diagnostics.map { "\($0.location): \($0.message)" })")
        }
    }

    @Test func ordersAddStatusHeader() throws {
        let (spec, bytes) = try load("20261124110000_orders_add_status")
        #expect(spec.path.hasSuffix("specs/20261124110000_orders_add_status.yaml"))
        #expect(spec.sha256 == SHA256.hex(bytes))
        #expect(spec.format == 1)
        #expect(spec.kind == .change)
        #expect(place(spec.id) == "20261124110000_orders_add_status@2:5")
        #expect(spec.title == "Add a NOT NULL status to orders, filled by a batched backfill")
        #expect(spec.intent == "Track each order's lifecycle state in a status column.")
        // A folded scalar: lines joined by spaces, one final newline.
        #expect(spec.rationale == "Fulfilment needs to tell pending orders from shipped ones without joining the "
            + "shipments table; legacy rows are marked from their shipped_at timestamp.\n")
        #expect(spec.owner == "fulfilment-team")
        #expect(spec.links == ["FUL-88", "FUL-91"])
        #expect(spec.currentState == "orders has shipped_at (nullable); no status.")
        #expect(spec.risk == .medium)
        #expect(place(spec.riskLocation) == "11:7")
        #expect(spec.dialects == [.postgresql, .mysql, .mongodb])
        #expect(spec.tables == ["orders": TableFacts(rows: 2_500_000)])
        #expect(spec.rows(of: "orders") == 2_500_000)
        #expect(spec.rollback.strategy == .reverse)
        #expect(spec.rollback.notes == "Dropping status is safe until the application writes it.")
        #expect(place(spec.rollback.location) == "16:3")
        var rollout = Rollout()
        rollout.lockTimeout = Milliseconds(5_000)
        rollout.batchSize = 5_000
        rollout.batchPause = Milliseconds(100)
        #expect(spec.rollout == rollout)
        #expect(spec.rollout.mode == .singleStep)
        #expect(spec.rollout.statementTimeout == Milliseconds(0))
        #expect(spec.rollout.lockRetries == 5)
        #expect(spec.rollout.onlineCopyRows == 1_000_000)
        #expect(place(spec.location) == "1:1")
        #expect(spec.changes.map(\.index) == [1, 2, 3])
        #expect(spec.changes.map(\.name) == ["add_column", "backfill", "add_check"])
        #expect(spec.changes.map { place($0.location) } == ["23:5", "26:5", "34:5"])
    }

    @Test func ordersAddStatusChanges() throws {
        let (spec, _) = try load("20261124110000_orders_add_status")
        guard case let .addColumn(add) = spec.changes[0].operation else { Issue.record("change 1"); return }
        #expect(place(add.table) == "orders@24:14")
        let column = add.column
        #expect(place(column.name) == "status@25:23")
        #expect(column.type.kind == .portable(.varchar(16)))
        #expect(place(column.type.location) == "25:37")
        #expect(column.nullable == false)
        #expect(column.identity == false)
        #expect(column.unique == false)
        #expect(column.references == nil)
        #expect(place(column.location) == "25:15")
        let literalAt = try #require(column.defaultValue).expression.location
        #expect(column.defaultValue == DefaultValue(.value(.string("pending"), literalAt)))
        #expect(place(literalAt) == "25:76")

        guard case let .backfill(backfill) = spec.changes[1].operation else { Issue.record("change 2"); return }
        #expect(place(backfill.table) == "orders@27:14")
        #expect(backfill.set.count == 1)
        #expect(place(backfill.set[0].column) == "status@29:9")
        guard case let .value(.string("shipped"), valueAt) = backfill.set[0].value else {
            Issue.record("set.status: \(backfill.set[0].value)")
            return
        }
        #expect(place(valueAt) == "29:26")
        let filter = try #require(backfill.filter)
        #expect(filter.shared == "shipped_at IS NOT NULL AND status = 'pending'")
        #expect(filter.perDialect.isEmpty)
        #expect(filter.sql(for: .mysql) == filter.shared)
        #expect(filter.mongodb == .object([("shipped_at", .object([("$ne", .null)])), ("status", .string("pending"))]))
        #expect(place(filter.location) == "31:9")
        #expect(backfill.batchSize == nil)
        #expect(backfill.key?.map(place) == ["id@33:12"])

        guard case let .addCheck(check) = spec.changes[2].operation else { Issue.record("change 3"); return }
        #expect(place(check.table) == "orders@35:14")
        #expect(place(check.name) == "orders_status_known@36:13")
        #expect(check.expression.shared == "status IN ('pending', 'shipped', 'cancelled')")
        #expect(check.expression.mongodb == .object([
            ("status", .object([("$in", .array([.string("pending"), .string("shipped"), .string("cancelled")]))])),
        ]))
        #expect(place(check.expression.location) == "38:9")
        #expect(check.expression.covers(.postgresql) && check.expression.covers(.mongodb))
    }

    @Test func createOrdersTable() throws {
        let (spec, _) = try load("20261124103000_create_orders")
        #expect(spec.risk == .medium)
        #expect(spec.tables.isEmpty)
        #expect(spec.rollout == { var r = Rollout(); r.lockTimeout = Milliseconds(5_000); return r }())
        guard case let .createTable(create) = spec.changes[0].operation else { Issue.record("change 1"); return }
        #expect(place(spec.changes[0].location) == "19:5")
        #expect(place(create.table) == "orders@20:14")
        #expect(create.columns.map(\.name.value) == ["id", "user_id", "total_cents", "currency", "shipped_at", "created_at"])
        #expect(create.columns.map { place($0.location) } == ["22:11", "23:11", "24:11", "25:11", "26:11", "27:11"])
        #expect(create.columns.map(\.type.kind) == [
            .portable(.bigint), .portable(.bigint), .portable(.integer), .portable(.char(3)),
            .portable(.timestamptz), .portable(.timestamptz),
        ])
        #expect(create.columns.map(\.nullable) == [false, false, false, false, true, false])
        #expect(create.columns.map(\.identity) == [true, false, false, false, false, false])

        let id = create.columns[0]
        #expect(place(id.name) == "id@22:19")
        #expect(place(id.type.location) == "22:29")
        #expect(id.defaultValue == nil)

        let currency = create.columns[3]
        let currencyDefault = try #require(currency.defaultValue)
        #expect(currencyDefault.volatile == false)
        guard case let .value(.string("EUR"), currencyAt) = currencyDefault.expression else {
            Issue.record("currency default: \(currencyDefault)")
            return
        }
        #expect(place(currencyAt) == "25:70")

        let createdAt = try #require(create.columns[5].defaultValue)
        guard case let .native(sql, mongodb) = createdAt.expression else { Issue.record("created_at default"); return }
        #expect(sql.shared == "CURRENT_TIMESTAMP")
        #expect(sql.perDialect.isEmpty)
        #expect(mongodb == .string("$$NOW"))
        #expect(place(sql.location) == "27:76")
        #expect(createdAt.volatile == false)
        #expect(create.primaryKey.map(place) == ["id@28:21"])
    }

    @Test func createOrdersKeys() throws {
        let (spec, _) = try load("20261124103000_create_orders")
        guard case let .addForeignKey(fk) = spec.changes[1].operation else { Issue.record("change 2"); return }
        #expect(place(spec.changes[1].location) == "29:5")
        #expect(place(fk.table) == "orders@30:14")
        #expect(place(fk.name) == "orders_user_id_fk@31:13")
        #expect(fk.foreignKey.columns.map(place) == ["user_id@32:17"])
        #expect(place(fk.foreignKey.referencedTable) == "users@33:28")
        #expect(fk.foreignKey.referencedColumns.map(place) == ["id@33:45"])
        #expect(fk.foreignKey.onDelete == .restrict)
        #expect(fk.foreignKey.onUpdate == .noAction)

        guard case let .createIndex(index) = spec.changes[2].operation else { Issue.record("change 3"); return }
        #expect(place(spec.changes[2].location) == "35:5")
        #expect(place(index.table) == "orders@36:14")
        #expect(place(index.name) == "idx_orders_user_id@37:13")
        #expect(index.columns.map { place($0.name) } == ["user_id@38:17"])
        #expect(index.columns.map(\.prefix) == [nil])
        #expect(index.unique == false)
        #expect(index.filter == nil)
    }
}
