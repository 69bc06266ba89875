package import Foundation

/// What the emulator and the connector hold after a proof run, compared with the generator's
/// `manifest.json` (each invoice's expected outcome). Every mismatch is listed in ``violations``.
package struct ProofVerdict: Sendable {
    /// Invoices in the manifest, by expected outcome.
    package var expected: [String: Int] = [:]
    /// Bills and VendorCredits found in the emulator (not deleted).
    package var bills = 0
    package var vendorCredits = 0
    /// Documents beyond the first for one DocNumber, plus documents the manifest does not name.
    package var duplicates = 0
    /// Valid invoices with no document, and bad invoices with no open quarantine item.
    package var lost = 0
    /// Documents with the wrong total or line count.
    package var wrong = 0
    /// Bad invoices that were posted anyway.
    package var postedBad = 0
    /// Open quarantine items, and manifest reasons seen with the categories the connector gave them.
    package var quarantined = 0
    package var reasonCategories: [String: Set<String>] = [:]
    /// `audit verify` exit status.
    package var auditStatus: Int32 = -1
    /// Human-readable descriptions of each violation (the first few of each kind).
    package var violations: [String] = []

    package var holds: Bool { violations.isEmpty }

    /// The manifest reason each quarantine category must explain (generator kind → connector categories).
    /// A bad invoice counts as correctly quarantined when one of its problems has a listed category.
    package static let reasonCategoryNames: [String: [String]] = [
        "total-mismatch": ["total"],
        "unmapped-account": ["mapping", "unmapped", "account"],
        "department-conflict": ["department", "conflict"],
        "invalid-row": ["invalid", "row", "date", "parse", "value"],
        "doc-number-too-long": ["doc", "number", "length", "long"],
        "vendor-rejected": ["vendor"],
    ]

    /// Reads `manifest.json`, `/admin/state`, `quarantine list --json` and `audit verify`.
    package static func check(_ rig: ProofRig) throws -> ProofVerdict {
        var verdict = ProofVerdict()
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: rig.exportPath + "/manifest.json"))
        guard let manifest = try JSONSerialization.jsonObject(with: manifestData) as? [[String: Any]] else {
            throw ProofError("manifest.json is not a list")
        }
        let documents = try Self.documents(rig.admin("/admin/state"))
        verdict.bills = documents.values.flatMap { $0 }.filter { $0.entity == "Bill" }.count
        verdict.vendorCredits = documents.values.flatMap { $0 }.filter { $0.entity == "VendorCredit" }.count

        let listed = try rig.run(["quarantine", "list", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any] ?? [:]
        var quarantine: [String: [String]] = [:]  // stampli id → problem categories
        for item in list["items"] as? [[String: Any]] ?? [] where (item["isDismissed"] as? Bool) != true {
            let id = item["stampliId"] as? String ?? ""
            let problems = item["problems"] as? [[String: Any]] ?? []
            quarantine[id, default: []] += problems.compactMap { $0["category"] as? String }
        }
        verdict.quarantined = quarantine.count

        var named = Set<String>()
        func note(_ kind: String, _ message: String) {
            if verdict.violations.filter({ $0.hasPrefix(kind) }).count < 10 { verdict.violations.append("\(kind): \(message)") }
        }
        for entry in manifest {
            let invoiceId = entry["invoiceId"] as? String ?? ""
            let docNumber = entry["docNumber"] as? String ?? ""
            let outcome = entry["outcome"] as? String ?? ""
            verdict.expected[outcome, default: 0] += 1
            named.insert(docNumber)
            let found = documents[docNumber] ?? []
            switch outcome {
            case "bill", "vendor-credit":
                let entity = outcome == "bill" ? "Bill" : "VendorCredit"
                let matching = found.filter { $0.entity == entity }
                if matching.isEmpty {
                    verdict.lost += 1
                    note("lost", "\(invoiceId) (\(docNumber)) has no \(entity)")
                    continue
                }
                if found.count > 1 {
                    verdict.duplicates += found.count - 1
                    note("duplicate", "\(invoiceId) (\(docNumber)) has \(found.count) documents")
                }
                let total = Decimal(string: entry["total"] as? String ?? "") ?? -1
                let want = total < 0 ? -total : total
                let document = matching[0]
                if document.total != want || document.lines != (entry["lines"] as? Int ?? -1) {
                    verdict.wrong += 1
                    note("wrong", "\(invoiceId): \(entity) total \(document.total) lines \(document.lines), expected \(want) and \(entry["lines"] ?? "?")")
                }
            default:
                let reason = entry["reason"] as? String ?? "?"
                if !found.isEmpty {
                    verdict.postedBad += 1
                    note("posted-bad", "\(invoiceId) (\(reason)) was posted")
                }
                guard let categories = quarantine[invoiceId] ?? quarantine[entry["vendorId"] as? String ?? ""] else {
                    verdict.lost += 1
                    note("lost", "\(invoiceId) (\(reason)) is neither posted nor quarantined")
                    continue
                }
                verdict.reasonCategories[reason, default: []].formUnion(categories)
                let wanted = Self.reasonCategoryNames[reason] ?? []
                if !categories.contains(where: { category in wanted.contains { category.lowercased().contains($0) } }) {
                    verdict.wrong += 1
                    note("wrong-reason", "\(invoiceId) expected \(reason), quarantined for \(categories)")
                }
            }
        }
        for (docNumber, found) in documents where !named.contains(docNumber) {
            verdict.duplicates += found.count
            note("unexpected", "\(found.count) document(s) with DocNumber \(docNumber) that the export does not name")
        }
        let audit = try rig.run(["audit", "verify"])
        verdict.auditStatus = audit.status
        if audit.status != 0 { note("audit", "audit verify exited \(audit.status): \(audit.stdout) \(audit.stderr)") }
        return verdict
    }

    /// One Bill or VendorCredit in the emulator.
    package struct Document: Sendable {
        package var entity: String
        package var total: Decimal
        package var lines: Int
    }

    /// Bills and VendorCredits (not deleted) in an `/admin/state` document, by DocNumber.
    package static func documents(_ state: Any) -> [String: [Document]] {
        var found: [String: [Document]] = [:]
        func walk(_ value: Any) {
            if let dictionary = value as? [String: Any] {
                for (key, child) in dictionary {
                    if key == "Bill" || key == "VendorCredit", let list = child as? [[String: Any]] {
                        for document in list where (document["status"] as? String) != "Deleted" {
                            // JSONSerialization hands amounts over as binary floating point; their shortest
                            // decimal text is the exact two-decimal amount the emulator printed.
                            let total = Decimal(string: "\(document["TotalAmt"] ?? "")") ?? -1
                            let lines = (document["Line"] as? [Any])?.count ?? 0
                            found[document["DocNumber"] as? String ?? "", default: []].append(
                                Document(entity: key, total: total, lines: lines))
                        }
                    } else {
                        walk(child)
                    }
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(state)
        return found
    }

    /// `expected 203 (bill 180, …) · bills 180 · vendor credits 5 · quarantined 6 · duplicates 0 · lost 0 · wrong 0`.
    package var summary: String {
        let outcomes = expected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "invoices \(expected.values.reduce(0, +)) (\(outcomes)) · bills \(bills) · vendor credits \(vendorCredits)"
            + " · quarantined \(quarantined) · duplicates \(duplicates) · lost \(lost) · wrong \(wrong)"
            + " · posted-bad \(postedBad) · audit verify \(auditStatus == 0 ? "ok" : "FAILED(\(auditStatus))")"
    }
}
