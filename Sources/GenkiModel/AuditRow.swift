/// One audit result as the registry stores it (the registry's `audits` table).
public struct AuditRow: Sendable, Equatable {
    public var round: String
    public var miner: String
    public var merkleRoot: String
    public var items: Int
    public var distinctItems: Int
    public var novelItems: Int
    public var goodItems: Int
    public var novelHours: Double
    public var novelty: Double
    public var quality: Double
    public var diversity: Double
    public var passed: Bool
    public var reason: String?

    public init(
        round: String, miner: String, merkleRoot: String, items: Int, distinctItems: Int, novelItems: Int, goodItems: Int,
        novelHours: Double, novelty: Double, quality: Double, diversity: Double, passed: Bool, reason: String?
    ) {
        self.round = round
        self.miner = miner
        self.merkleRoot = merkleRoot
        self.items = items
        self.distinctItems = distinctItems
        self.novelItems = novelItems
        self.goodItems = goodItems
        self.novelHours = novelHours
        self.novelty = novelty
        self.quality = quality
        self.diversity = diversity
        self.passed = passed
        self.reason = reason
    }
}
