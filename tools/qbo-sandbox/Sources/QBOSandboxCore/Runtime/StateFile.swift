import Foundation

/// Saves and restores companies and live tokens so a restarted emulator keeps its data and connections.
public enum StateFile {
    public static func encode(_ state: SandboxState) -> JSONValue {
        let companies = state.companies.values.sorted { $0.realmId < $1.realmId }.map { company in
            JSONValue.object([
                "realmId": .string(company.realmId), "lastId": .number(String(company.lastId)),
                "records": group(company.records), "deleted": group(company.deleted),
            ])
        }
        let access = state.oauth.accessTokens.sorted { $0.key < $1.key }.map {
            JSONValue.object([
                "token": .string($0.key), "realmId": .string($0.value.realmId), "grant": .string($0.value.grant),
                "expiresAt": .number(String($0.value.expiresAt.timeIntervalSince1970)),
            ])
        }
        let refresh = state.oauth.refreshTokens.filter { !$0.value.isRevoked }.sorted { $0.key < $1.key }.map {
            JSONValue.object([
                "token": .string($0.key), "realmId": .string($0.value.realmId), "grant": .string($0.value.grant),
                "expiresAt": .number(String($0.value.expiresAt.timeIntervalSince1970)),
                "hardExpiresAt": .number(String($0.value.hardExpiresAt.timeIntervalSince1970)),
                "supersededAt": $0.value.supersededAt.map { .number(String($0.timeIntervalSince1970)) } ?? .null,
            ])
        }
        return .object([
            "companies": .array(companies), "accessTokens": .array(access), "refreshTokens": .array(refresh),
        ])
    }

    private static func group(_ records: [String: [String: JSONValue]]) -> JSONValue {
        .object(records.sorted { $0.key < $1.key }.map { kind, byId in
            JSONMember(kind, .array(byId.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }.map(\.value)))
        })
    }

    public static func decode(_ document: JSONValue, into state: inout SandboxState) {
        for entry in document["companies"]?.arrayValue ?? [] {
            guard let realmId = entry["realmId"]?.stringValue else { continue }
            var company = Company(realmId: realmId)
            for member in entry["records"]?.members ?? [] {
                for record in member.value.arrayValue ?? [] { company.store(member.key, record) }
            }
            for member in entry["deleted"]?.members ?? [] {
                for stub in member.value.arrayValue ?? [] {
                    if let id = stub["Id"]?.stringValue { company.deleted[member.key, default: [:]][id] = stub }
                }
            }
            company.lastId = max(company.lastId, Int(entry["lastId"]?.decimalValue.map { "\($0)" } ?? "0") ?? 0)
            state.companies[realmId] = company
        }
        func date(_ value: JSONValue?) -> Date? {
            value?.decimalValue.map { Date(timeIntervalSince1970: NSDecimalNumber(decimal: $0).doubleValue) }
        }
        for entry in document["accessTokens"]?.arrayValue ?? [] {
            guard let token = entry["token"]?.stringValue, let realm = entry["realmId"]?.stringValue,
                let expires = date(entry["expiresAt"])
            else { continue }
            state.oauth.accessTokens[token] = OAuthState.AccessToken(
                realmId: realm, expiresAt: expires, grant: entry["grant"]?.stringValue ?? "")
        }
        for entry in document["refreshTokens"]?.arrayValue ?? [] {
            guard let token = entry["token"]?.stringValue, let realm = entry["realmId"]?.stringValue,
                let expires = date(entry["expiresAt"]), let hard = date(entry["hardExpiresAt"])
            else { continue }
            state.oauth.refreshTokens[token] = OAuthState.RefreshToken(
                realmId: realm, grant: entry["grant"]?.stringValue ?? "", hardExpiresAt: hard, expiresAt: expires,
                supersededAt: date(entry["supersededAt"]))
        }
    }

    /// Writes atomically (temp file + rename).
    public static func save(_ state: SandboxState, to path: String) throws {
        let bytes = Data(encode(state).jsonBytes)
        try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
