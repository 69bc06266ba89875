import EventLog
import TestSupport
import Testing

@testable import Transform

@Suite struct MappingTests {
    @Test func parsesRowsWithTheirRowNumbersAndHash() throws {
        let bytes = Array(
            "\u{FEFF}type , STAMPLI,QuickBooks\r\naccount,6100,Office Supplies\r\n\r\nclass,\"CC,100\",Consulting:Advisory\r\n"
                .utf8)
        let mapping = try MappingFile.parse(bytes: bytes, path: "m.csv")
        #expect(
            mapping.rules == [
                .init(type: "account", stampli: "6100", quickBooks: "Office Supplies", row: 2),
                .init(type: "class", stampli: "CC,100", quickBooks: "Consulting:Advisory", row: 4),
            ])
        #expect(mapping.sha256 == SHA256Digest.hex(of: bytes))
        #expect(mapping.autoMatch)
    }

    @Test func namesRowAndColumnOfEveryBadRow() throws {
        let bytes = EventBuilders.mappingBytes([
            ("account", "6100", "A"), ("acount", "6200", "B"), ("class", "", "C"), ("account", "6100", "D"),
        ])
        #expect {
            try MappingFile.parse(bytes: bytes, path: "m.csv")
        } throws: { error in
            let error = error as! MappingFileError
            return error.problems.map(\.row) == [3, 4, 5]
                && error.problems.map(\.column) == ["Type", "Stampli", "Stampli"]
                && error.description.contains("row 3 column Type value \"acount\"")
        }
        #expect(throws: MappingFileError.self) { try MappingFile.parse(bytes: Array("a,b\n".utf8), path: "m.csv") }
    }

    @Test func recordsANewMappingOnlyWhenItsContentChanges() throws {
        let harness = try TransformHarness()
        let first = try MappingFile.parse(bytes: EventBuilders.mappingBytes([("account", "1", "A")]), path: "m.csv")
        #expect(try MappingFile.needsRecording(first, store: harness.store))
        try harness.append(try MappingFile.event(first))
        #expect(try !MappingFile.needsRecording(first, store: harness.store))
        var noAuto = first
        noAuto.autoMatch = false
        #expect(try MappingFile.needsRecording(noAuto, store: harness.store))
        let second = try MappingFile.parse(bytes: EventBuilders.mappingBytes([("account", "1", "B")]), path: "m.csv")
        #expect(try MappingFile.needsRecording(second, store: harness.store))
    }

    @Test func recordIfChangedAppendsOncePerContent() throws {
        let harness = try TransformHarness()
        let bytes = EventBuilders.mappingBytes([("account", "1", "A")])
        #expect(try MappingFile.recordIfChanged(bytes: bytes, path: "m.csv", store: harness.store) != nil)
        #expect(try MappingFile.recordIfChanged(bytes: bytes, path: "m.csv", store: harness.store) == nil)
        #expect(try harness.store.events(types: [MappingRecorded.type], after: 0, limit: 10).count == 1)
        #expect(try MappingFile.latest(store: harness.store)?.rules.first?.quickBooks == "A")
    }

    @Test func quarantinesUnmappedCodeAndPlansItBesideTheOldDecisionAfterTheMappingFix() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "a.csv", [EventBuilders.invoiceRow("U1", gl: "7777"), EventBuilders.invoiceRow("U2", gl: "6100")])
        let first = try harness.run()
        #expect(types(first) == [InvoiceQuarantined.type, BillPlanned.type])
        let problem = try first[0].decode(InvoiceQuarantined.self).problems[0]
        #expect(problem.category == "unmapped-account")
        #expect(problem.value == "7777")
        #expect(problem.column == "GL Account")
        #expect(problem.fix?.contains("account,7777,") == true)
        let before = try harness.store.events(in: 1...(try harness.store.lastSeq()))

        try harness.map([("account", "7777", "Rent or Lease")])
        let second = try harness.run()
        #expect(types(second) == [BillPlanned.type])
        let plan = try second[0].decode(BillPlanned.self)
        #expect(plan.invoiceId == "U1")
        #expect(
            plan.lines[0].account
                == RuleChoice(stampli: "7777", qboId: "8", qboName: "Rent or Lease", rule: "mapping-row", mappingRow: 2)
        )
        #expect(try harness.store.events(in: 1...before.last!.seq) == before)
        #expect(try harness.run().isEmpty)
    }

    @Test func quarantinesValuesMappedToMissingOrInactiveRecords() throws {
        let harness = try TransformHarness.standard()
        try harness.map([("account", "6100", "No Such Account"), ("department", "NYC", "Boston")])
        try harness.invoiceFile(
            "b.csv",
            [
                EventBuilders.invoiceRow("X1", gl: "6100"), EventBuilders.invoiceRow("X2", gl: "6300"),
                EventBuilders.invoiceRow("X3", gl: "6200", ["Department": "NYC", "Class": "Nope"]),
            ])
        let decisions = try harness.run().map { try $0.decode(InvoiceQuarantined.self) }
        #expect(
            decisions.map { $0.problems.map(\.category) } == [
                ["unmapped-account"], ["inactive-account"], ["unmapped-class", "unmapped-department"],
            ])
        #expect(decisions[0].problems[0].message.contains("mapping row 2"))
    }

    @Test func autoMatchOffRequiresAMappingRow() throws {
        let harness = try TransformHarness.standard(settings: TransformSettings(autoMatch: false))
        try harness.invoiceFile("c.csv", [EventBuilders.invoiceRow("A1", gl: "6100")])
        let decision = try harness.run()[0].decode(InvoiceQuarantined.self)
        #expect(decision.problems[0].message.contains("auto_match is off"))
    }

    @Test func matchesTargetsByIdNumberQualifiedNameOrNameCaseInsensitively() throws {
        let harness = try TransformHarness.standard()
        try harness.map([
            ("account", "a", "7"), ("account", "b", "6200"), ("account", "c", "expenses:office supplies"),
            ("account", "d", "RENT OR LEASE"),
        ])
        try harness.invoiceFile(
            "d.csv",
            [
                EventBuilders.invoiceRow("T", line: 1, amount: "1.00", total: "4.00", gl: "a"),
                EventBuilders.invoiceRow("T", line: 2, amount: "1.00", total: "4.00", gl: "b"),
                EventBuilders.invoiceRow("T", line: 3, amount: "1.00", total: "4.00", gl: "c"),
                EventBuilders.invoiceRow("T", line: 4, amount: "1.00", total: "4.00", gl: "d"),
            ])
        let plan = try harness.run()[0].decode(BillPlanned.self)
        #expect(plan.lines.map(\.account.qboId) == ["7", "8", "7", "8"])
        #expect(plan.lines.map(\.account.mappingRow) == [2, 3, 4, 5])
    }

    @Test func waitsForReferenceDataBeforeJudgingMappings() throws {
        let harness = try TransformHarness()
        try harness.invoiceFile("e.csv", [EventBuilders.invoiceRow("W")])
        let first = try harness.run()
        #expect(try first.map { try $0.decode(InvoiceWaiting.self).reason } == ["reference-pending"])
        try harness.append(try EventBuilders.standardReference())
        let second = try harness.run()
        #expect(types(second) == [BillPlanned.type])
    }
}

@Suite struct ReferenceLookupTests {
    @Test func quarantinesUnknownCustomersAndTermsWithTheRowNamed() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "c.csv",
            [
                EventBuilders.invoiceRow(
                    "CU", line: 1, amount: "1.00", total: "2.00",
                    ["Customer": "Initrode", "Billable": "Y", "Terms": "Net 99"]),
                EventBuilders.invoiceRow("CU", line: 2, amount: "1.00", total: "2.00", ["Terms": "Net 99"]),
            ])
        let decision = try harness.run()[0].decode(InvoiceQuarantined.self)
        #expect(decision.problems.map(\.category) == ["unknown-customer", "unknown-term"])
        #expect(decision.problems.map(\.row) == [2, 2])
        #expect(decision.problems.map(\.column) == ["Customer", "Terms"])
        // The customer and term are created in QBO: the next sync cures the invoice.
        try harness.append(
            try EventBuilders.reference("Customer", [EventBuilders.record("59", "Initrode")], full: false))
        try harness.append(try EventBuilders.reference("Term", [EventBuilders.record("4", "Net 99")], full: false))
        let plan = try harness.run().last!.decode(BillPlanned.self)
        #expect(plan.termId == "4")
        #expect(plan.lines[0].customerId == "59")
        #expect(plan.lines[0].billableStatus == "Billable")
        #expect(plan.lines[1].customerId == nil)
    }

    @Test func refusesVendorNamesWithTabsOrLineBreaks() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.file(
                .vendors, name: "v.csv",
                rows: [
                    EventBuilders.vendorRow("T1", name: "Tab\tName"), EventBuilders.vendorRow("T2", name: "Two\nLines"),
                ]))
        let decisions = try harness.run().map { try $0.decode(VendorQuarantined.self) }
        #expect(decisions.map { $0.problems[0].category } == ["vendor-name-invalid", "vendor-name-invalid"])
    }
}
