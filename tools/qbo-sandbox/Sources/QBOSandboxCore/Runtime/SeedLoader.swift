import Foundation

/// Why a seed or state file could not be loaded.
public struct SeedError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "qbo-sandbox seed load failed: \(message) [\(path)]" }
}

/// Reads QBO-shaped seed companies: `{"realmId": "...", "Account": [...], "Vendor": [...], "tokens": [...]}`.
public enum SeedLoader {
    public static func load(path: String, into state: inout SandboxState, configuration: SandboxConfiguration,
        now: Date) throws -> [String]
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SeedError(path: path, message: "cannot read file")
        }
        let document: JSONValue
        do { document = try JSONParser.parse(data) } catch { throw SeedError(path: path, message: "\(error)") }
        let companies = document["companies"]?.arrayValue ?? [document]
        var realms: [String] = []
        for seed in companies {
            guard let realmId = seed["realmId"]?.stringValue else {
                throw SeedError(path: path, message: "each company needs a string realmId")
            }
            state.companies[realmId] = try company(from: seed, realmId: realmId, now: now, path: path)
            for token in seed["tokens"]?.arrayValue ?? [] {
                preissue(token, realmId: realmId, state: &state, configuration: configuration, now: now)
            }
            realms.append(realmId)
        }
        state.seedCompanies = state.companies
        return realms
    }

    static func company(from seed: JSONValue, realmId: String, now: Date, path: String) throws -> Company {
        var company = Company(realmId: realmId)
        let time = Timestamp.recordTime(now)
        for kind in EntityCatalog.all {
            for var record in seed[kind.name]?.arrayValue ?? [] {
                guard record["Id"]?.stringValue != nil else {
                    throw SeedError(path: path, message: "a \(kind.name) record has no string Id")
                }
                if record["SyncToken"] == nil { record["SyncToken"] = .string("0") }
                if record["domain"] == nil { record["domain"] = .string("QBO") }
                if record["sparse"] == nil { record["sparse"] = .bool(false) }
                if kind.isNameList, record["Active"] == nil { record["Active"] = .bool(true) }
                if ["Account", "Class", "Department"].contains(kind.name), record["FullyQualifiedName"] == nil {
                    var name = record["Name"]?.stringValue ?? ""
                    if let parent = record["ParentRef"]?["value"]?.stringValue,
                        let parentName = company.lookup(kind.name, parent)?["FullyQualifiedName"]?.stringValue
                    {
                        name = parentName + ":" + name
                    }
                    record["FullyQualifiedName"] = .string(name)
                }
                if record["MetaData"] == nil {
                    record["MetaData"] = .object(["CreateTime": .string(time), "LastUpdatedTime": .string(time)])
                }
                company.store(kind.name, record)
            }
        }
        return company
    }

    static func preissue(_ token: JSONValue, realmId: String, state: inout SandboxState,
        configuration: SandboxConfiguration, now: Date)
    {
        let grant = OAuthState.randomToken("G", length: 16)
        if let access = token["access_token"]?.stringValue {
            state.oauth.accessTokens[access] = OAuthState.AccessToken(
                realmId: realmId, expiresAt: now.addingTimeInterval(configuration.accessTokenTTL), grant: grant)
        }
        if let refresh = token["refresh_token"]?.stringValue {
            let hard = now.addingTimeInterval(configuration.refreshTokenHardTTL)
            state.oauth.refreshTokens[refresh] = OAuthState.RefreshToken(
                realmId: realmId, grant: grant, hardExpiresAt: hard,
                expiresAt: now.addingTimeInterval(configuration.refreshTokenTTL))
        }
    }
}
