import Foundation

/// The entity types the emulator serves, keyed by canonical name and by URL segment.
public enum EntityCatalog {
    public static let bill = EntityKind(
        name: "Bill",
        properties: commonProperties + [
            "VendorRef", "Line", "CurrencyRef", "TxnDate", "DueDate", "DocNumber", "PrivateNote", "APAccountRef",
            "SalesTermRef", "ExchangeRate", "DepartmentRef", "GlobalTaxCalculation", "TxnTaxDetail", "LinkedTxn",
            "TotalAmt", "Balance", "HomeBalance", "RecurDataRef", "TransactionLocationType", "IncludeInAnnualTPAR",
        ],
        readOnly: commonReadOnly.union(["TotalAmt", "Balance", "HomeBalance", "RecurDataRef", "LinkedTxn"]),
        required: ["VendorRef", "Line"], isNameList: false, canCreate: true, canUpdate: true, canDelete: true,
        references: ["VendorRef": "Vendor", "APAccountRef": "Account", "SalesTermRef": "Term",
            "DepartmentRef": "Department"],
        maximumLengths: ["DocNumber": 21, "PrivateNote": 4000])

    public static let vendorCredit = EntityKind(
        name: "VendorCredit",
        properties: commonProperties + [
            "VendorRef", "Line", "CurrencyRef", "TxnDate", "DocNumber", "PrivateNote", "APAccountRef",
            "DepartmentRef", "ExchangeRate", "GlobalTaxCalculation", "TxnTaxDetail", "LinkedTxn", "TotalAmt",
            "Balance", "TransactionLocationType", "IncludeInAnnualTPAR",
        ],
        readOnly: commonReadOnly.union(["TotalAmt", "Balance"]),
        required: ["VendorRef", "Line"], isNameList: false, canCreate: true, canUpdate: true, canDelete: true,
        references: ["VendorRef": "Vendor", "APAccountRef": "Account", "DepartmentRef": "Department"],
        maximumLengths: ["DocNumber": 21, "PrivateNote": 4000])

    public static let billPayment = EntityKind(
        name: "BillPayment",
        properties: commonProperties + [
            "VendorRef", "Line", "TotalAmt", "PayType", "CheckPayment", "CreditCardPayment", "CurrencyRef",
            "TxnDate", "DocNumber", "PrivateNote", "APAccountRef", "DepartmentRef", "ExchangeRate",
            "ProcessBillPayment",
        ],
        readOnly: commonReadOnly,
        required: ["VendorRef", "Line", "TotalAmt", "PayType"], isNameList: false, canCreate: true,
        canUpdate: true, canDelete: true,
        references: ["VendorRef": "Vendor", "APAccountRef": "Account", "DepartmentRef": "Department"],
        maximumLengths: ["DocNumber": 21, "PrivateNote": 4000])

    static let personProperties = [
        "DisplayName", "Title", "GivenName", "MiddleName", "FamilyName", "Suffix", "CompanyName",
        "PrintOnCheckName", "PrimaryEmailAddr", "PrimaryPhone", "Mobile", "Fax", "AlternatePhone", "WebAddr",
        "BillAddr", "Active", "Balance", "CurrencyRef", "Notes", "OtherContactInfo",
    ]
    static let personLengths = [
        "DisplayName": 500, "Title": 16, "GivenName": 100, "MiddleName": 100, "FamilyName": 100, "Suffix": 16,
        "CompanyName": 100, "PrintOnCheckName": 100,
    ]

    public static let vendor = EntityKind(
        name: "Vendor",
        properties: commonProperties + personProperties + [
            "TaxIdentifier", "Vendor1099", "AcctNum", "TermRef", "BillRate", "CostRate", "APAccountRef",
            "GSTIN", "BusinessNumber", "GSTRegistrationType", "T4AEligible", "T5018Eligible", "HasTPAR",
            "VendorPaymentBankDetail", "BalanceWithJobs",
        ],
        readOnly: commonReadOnly.union(["Balance", "BalanceWithJobs"]),
        required: [], isNameList: true, canCreate: true, canUpdate: true, canDelete: false,
        references: ["TermRef": "Term", "APAccountRef": "Account"],
        // AcctNum: the reference says 100, the legacy XSD 15; the stricter 15 applies.
        maximumLengths: personLengths.merging(["TaxIdentifier": 20, "AcctNum": 15]) { $1 })

    public static let customer = EntityKind(
        name: "Customer",
        properties: commonProperties + personProperties + [
            "ShipAddr", "Taxable", "Job", "BillWithParent", "ParentRef", "Level", "FullyQualifiedName",
            "SalesTermRef", "PaymentMethodRef", "BalanceWithJobs", "PreferredDeliveryMethod", "ResaleNum",
        ],
        readOnly: commonReadOnly.union(["Balance", "BalanceWithJobs", "FullyQualifiedName", "Level"]),
        required: [], isNameList: true, canCreate: true, canUpdate: true, canDelete: false,
        references: ["SalesTermRef": "Term", "ParentRef": "Customer"], maximumLengths: personLengths)

    public static let employee = EntityKind(
        name: "Employee",
        properties: commonProperties + personProperties + [
            "EmployeeNumber", "SSN", "PrimaryAddr", "BillableTime", "BillRate", "BirthDate", "Gender", "HiredDate",
            "ReleasedDate", "CostRate", "Organization",
        ],
        readOnly: commonReadOnly, required: [], isNameList: true, canCreate: true, canUpdate: true,
        canDelete: false, references: [:], maximumLengths: personLengths)

    public static let account = EntityKind(
        name: "Account",
        properties: commonProperties + [
            "Name", "AccountType", "AccountSubType", "Classification", "AcctNum", "Description", "ParentRef",
            "SubAccount", "FullyQualifiedName", "Active", "CurrentBalance", "CurrentBalanceWithSubAccounts",
            "CurrencyRef", "TaxCodeRef",
        ],
        readOnly: commonReadOnly.union([
            "Classification", "SubAccount", "FullyQualifiedName", "CurrentBalance", "CurrentBalanceWithSubAccounts",
        ]),
        required: ["Name"], isNameList: true, canCreate: true, canUpdate: true, canDelete: false,
        references: ["ParentRef": "Account"], maximumLengths: ["Name": 100, "Description": 100])

    public static let classKind = EntityKind(
        name: "Class",
        properties: commonProperties + ["Name", "ParentRef", "SubClass", "FullyQualifiedName", "Active"],
        readOnly: commonReadOnly.union(["SubClass", "FullyQualifiedName"]),
        required: ["Name"], isNameList: true, canCreate: true, canUpdate: true, canDelete: false,
        references: ["ParentRef": "Class"], maximumLengths: ["Name": 100])

    public static let department = EntityKind(
        name: "Department",
        properties: commonProperties + ["Name", "ParentRef", "SubDepartment", "FullyQualifiedName", "Active"],
        readOnly: commonReadOnly.union(["SubDepartment", "FullyQualifiedName"]),
        required: ["Name"], isNameList: true, canCreate: true, canUpdate: true, canDelete: false,
        references: ["ParentRef": "Department"], maximumLengths: ["Name": 100])

    public static let term = EntityKind(
        name: "Term",
        properties: commonProperties + [
            "Name", "Type", "DueDays", "DiscountPercent", "DiscountDays", "DayOfMonthDue", "DueNextMonthDays",
            "DiscountDayOfMonth", "Active",
        ],
        readOnly: commonReadOnly.union(["Type"]),
        required: ["Name"], isNameList: true, canCreate: true, canUpdate: true, canDelete: false,
        references: [:], maximumLengths: ["Name": 31])

    public static let attachable = EntityKind(
        name: "Attachable",
        properties: commonProperties + [
            "FileName", "Note", "Category", "ContentType", "Tag", "PlaceName", "Lat", "Long", "AttachableRef",
            "FileAccessUri", "TempDownloadUri", "Size", "ThumbnailFileAccessUri", "ThumbnailTempDownloadUri",
        ],
        readOnly: commonReadOnly.union([
            "FileAccessUri", "TempDownloadUri", "Size", "ThumbnailFileAccessUri", "ThumbnailTempDownloadUri",
        ]),
        required: [], isNameList: false, canCreate: true, canUpdate: true, canDelete: true, references: [:],
        maximumLengths: ["FileName": 1000, "Note": 2000, "ContentType": 100, "Tag": 2000])

    public static let all: [EntityKind] = [
        bill, vendorCredit, billPayment, vendor, customer, employee, account, classKind, department, term, attachable,
    ]

    public static func named(_ name: String) -> EntityKind? { all.first { $0.name == name } }

    public static func forPath(_ segment: String) -> EntityKind? { all.first { $0.pathName == segment } }
}
