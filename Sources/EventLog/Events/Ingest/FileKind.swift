/// The kinds of file Stampli exports (stampli-export.md §Files).
package enum FileKind: String, Codable, Sendable, CaseIterable {
    case invoices
    case vendors
    case glAccounts = "gl_accounts"
    case purchaseOrders = "purchase_orders"
    case payments
}
