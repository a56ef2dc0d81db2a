/// Hand-written code for what no operation expresses. Never below medium risk.
public struct RawSQL: Sendable, Equatable {
    public enum Phase: String, Sendable, CaseIterable { case forward, contract }

    public var forward: DialectText
    public var rollback: DialectText?
    public var verify: DialectText?
    public var phase: Phase
    public var risk: RiskLevel?
    public init(forward: DialectText, rollback: DialectText?, verify: DialectText?, phase: Phase, risk: RiskLevel?) {
        self.forward = forward; self.rollback = rollback; self.verify = verify; self.phase = phase; self.risk = risk
    }
}
