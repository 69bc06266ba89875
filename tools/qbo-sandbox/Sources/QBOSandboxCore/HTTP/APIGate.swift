import Foundation
import Hummingbird
import NIOCore

/// The path every `/v3/company/{realm}/...` call takes: auth, limits, requestid replay,
/// injected faults, execution, and commit-then-drop.
struct APIGate {
    let sandbox: Sandbox

    enum Outcome {
        case respond(APIResponse)
        /// The write is committed; deliver nothing (close) or deliver late (withhold).
        case drop(APIResponse, mode: String, seconds: Double)
    }

    func handle(realmId: String, request: APIRequest, authorization: String?, wantsXML: Bool) async -> Outcome {
        let now = Date()
        let configuration = sandbox.configuration
        let token = authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
        let admission: Outcome? = sandbox.withState { state in
            state.counters.requests += 1
            switch state.oauth.check(accessToken: token, now: now) {
            case .unknown, .expired:
                state.counters.unauthorized += 1
                let detail = token.isEmpty ? "Authorization header missing" : "Token expired: \(token.prefix(20))"
                return .respond(configuration.xml401 ? .authenticationFaultXML(now: now)
                    : .gateway(status: 401, code: "3200", name: "AuthenticationFailed", detail: detail,
                        type: "AUTHENTICATION", now: now))
            case .valid(let tokenRealm):
                guard tokenRealm == realmId, state.companies[realmId] != nil else {
                    return .respond(.gateway(status: 403, code: "3100", name: "AuthorizationFailed", detail: nil,
                        type: "SERVICE", now: now))
                }
            }
            let decision = state.limits.admit(realmId: realmId, isBatch: request.isBatch, now: now,
                settings: configuration.limits)
            if case .throttled = decision {
                state.counters.throttled += 1
                return .respond(.throttled(now: now))
            }
            return nil
        }
        if let admission { return admission }
        defer { sandbox.withState { $0.limits.release(realmId: realmId, settings: configuration.limits) } }

        let requestId = request.isWrite ? request.parameters["requestid"] : nil
        if let requestId, let replay = sandbox.withState({ state -> StoredReply? in
            let stored = state.companies[realmId]?.replies[requestId]
            if stored != nil { state.counters.replays += 1 }
            return stored
        }) {
            return .respond(APIResponse(status: replay.status, contentType: replay.contentType, body: replay.body))
        }
        let (latency, injected) = sandbox.withState { state -> (Int, String?) in
            let faults = state.faults
            if state.generator.unit() < faults.error500Rate {
                state.counters.faultsInjected["http500", default: 0] += 1
                return (faults.latencyMs, "500")
            }
            if state.generator.unit() < faults.error503Rate {
                state.counters.faultsInjected["http503", default: 0] += 1
                return (faults.latencyMs, "503")
            }
            return (faults.latencyMs, nil)
        }
        if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
        switch injected {
        case "500":
            let fault = QBOFault.systemFault
            let xml = sandbox.withState { $0.faults.error500Format != "json" } || wantsXML
            return .respond(.fault(fault, now: now, wantsXML: xml))
        case "503":
            return .respond(APIResponse(status: 503, contentType: "text/html",
                body: Array("<html><body><h1>503 Service Unavailable</h1></body></html>".utf8)))
        default: break
        }
        return sandbox.withState { state in
            // Replay check, execution and storing the reply happen under one lock, so two concurrent
            // calls with the same requestid cannot both execute.
            if let requestId, let stored = state.companies[realmId]?.replies[requestId] {
                state.counters.replays += 1
                return .respond(APIResponse(status: stored.status, contentType: stored.contentType, body: stored.body))
            }
            var executor = APIExecutor(now: now, wantsXML: wantsXML)
            // Taken out of the state while it is changed, so that it is the only reference to its records and
            // a write changes them in place (a copy left in the state made every write copy every record).
            guard var company = state.companies.removeValue(forKey: realmId) else {
                return .respond(.throttled(now: now))
            }
            let response = executor.execute(request, company: &company)
            if let requestId {
                company.replies[requestId] = StoredReply(
                    status: response.status, contentType: response.contentType, body: response.body)
            }
            state.companies[realmId] = company
            if request.isWrite { state.isDirty = true }
            for name in executor.created { state.counters.entitiesCreated[name, default: 0] += 1 }
            if request.isWrite, state.generator.unit() < state.faults.commitThenDropRate {
                state.counters.faultsInjected["commitThenDrop", default: 0] += 1
                return .drop(response, mode: state.faults.dropMode, seconds: state.faults.withholdSeconds)
            }
            return .respond(response)
        }
    }
}
