import EventLog
import Testing

@testable import Publish

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test func allowsTheWindowBudgetThenWaitsForTheOldestSendToExpire() {
        var limiter = RateLimiter(limits: RateLimits(requestsPerWindow: 3, windowSeconds: 60, windowGuardFraction: 0))
        for second in 0..<3 {
            #expect(limiter.acquire(now: Double(second)) == .send)
            limiter.release()
        }
        #expect(limiter.acquire(now: 10) == .wait(seconds: 50))
        #expect(limiter.acquire(now: 60.5) == .send)
    }

    @Test func capsBatchCallsSeparatelyFromRequests() {
        var limiter = RateLimiter(
            limits: RateLimits(requestsPerWindow: 100, batchesPerWindow: 2, windowSeconds: 6, windowGuardFraction: 0))
        #expect(limiter.acquire(now: 0, isBatch: true) == .send)
        limiter.release()
        #expect(limiter.acquire(now: 1, isBatch: true) == .send)
        limiter.release()
        #expect(limiter.acquire(now: 2, isBatch: true) == .wait(seconds: 4))
        #expect(limiter.acquire(now: 2) == .send)
        #expect(limiter.remaining(now: 2) == (requests: 97, batches: 0))
    }

    @Test func neverExceedsTheInFlightLimit() {
        var limiter = RateLimiter(limits: RateLimits(maximumInFlight: 2))
        #expect(limiter.acquire(now: 0) == .send)
        #expect(limiter.acquire(now: 0) == .send)
        #expect(limiter.acquire(now: 0) == .wait(seconds: 0))
        limiter.release()
        #expect(limiter.acquire(now: 0) == .send)
    }

    @Test func pausesEverythingAfterA429UntilTheWaitIsOver() {
        var limiter = RateLimiter(limits: RateLimits().compressed(by: 10))
        #expect(limiter.limits.windowSeconds == 6)
        limiter.throttled(now: 100, seconds: 6)
        #expect(limiter.acquire(now: 101) == .wait(seconds: 5))
        #expect(limiter.acquire(now: 106) == .send)
    }

    @Test func theGuardKeepsSendsSpreadOverSlightlyMoreThanAWindow() {
        var limiter = RateLimiter(
            limits: RateLimits(requestsPerWindow: 1, windowSeconds: 100, windowGuardFraction: 0.01))
        #expect(limiter.acquire(now: 0) == .send)
        limiter.release()
        #expect(limiter.acquire(now: 100) == .wait(seconds: 1))
    }

    @Test func aManualClockDrivenLoopSendsAtMostTheBudgetPerWindow() {
        let clock = ManualPublishClock(0)
        var limiter = RateLimiter(limits: RateLimits(requestsPerWindow: 50, windowSeconds: 6, windowGuardFraction: 0))
        var sendTimes: [Double] = []
        while sendTimes.count < 500 {
            switch limiter.acquire(now: clock.now()) {
            case .send:
                sendTimes.append(clock.now())
                limiter.release()
                clock.advance(0.01)
            case .wait(let seconds): clock.sleep(max(seconds, 0.001))
            }
        }
        for time in sendTimes {
            #expect(sendTimes.filter { $0 >= time && $0 < time + 6 }.count <= 50)
        }
        #expect(clock.now() >= 54)
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test func doublesUpToTheCapWithJitterAndThenGivesUp() {
        var backoff = Backoff(baseSeconds: 1, capSeconds: 8, maximumAttempts: 5)
        #expect(backoff.nextDelay(random: 0) == 0.5)
        #expect(backoff.nextDelay(random: 1) == 2)
        #expect(backoff.nextDelay(random: 0.5) == 3)
        #expect(backoff.nextDelay(random: 0) == 4)
        #expect(backoff.nextDelay(random: 0.999) ?? 0 < 8.0001)
        #expect(backoff.nextDelay(random: 0) == nil)
        backoff.reset()
        #expect(backoff.nextDelay(random: 0) == 0.5)
    }
}

@Suite("Token state")
struct TokenStateTests {
    static func response(access: String, refresh: String?) -> TokenResponse {
        TokenResponse(
            accessToken: Secret(access), expiresIn: 3600, refreshToken: refresh.map(Secret.init),
            refreshExpiresIn: 8_726_400, refreshHardExpiresIn: 156_032_154)
    }

    @Test func usesTheCachedTokenUntilFiveMinutesBeforeExpiryThenRefreshes() {
        var state = TokenState(refreshToken: Secret("r1"))
        #expect(state.action(now: 0) == .refresh)
        state.apply(Self.response(access: "a1", refresh: "r2"), now: 1000)
        #expect(state.action(now: 1000) == .use(Secret("a1")))
        #expect(state.action(now: 1000 + 3600 - 301) == .use(Secret("a1")))
        #expect(state.action(now: 1000 + 3600 - 300) == .refresh)
        #expect(state.refreshToken == Secret("r2"))
        #expect(state.refreshExpiresAt == Double(1000 + 8_726_400))
        #expect(state.refreshHardExpiresAt == Double(1000 + 156_032_154))
    }

    @Test func a401InvalidatesTheCachedTokenSoTheNextCallRefreshes() {
        var state = TokenState(refreshToken: Secret("r1"))
        state.apply(Self.response(access: "a1", refresh: nil), now: 0)
        #expect(state.refreshToken == Secret("r1"))
        state.invalidateAccess()
        #expect(state.action(now: 1) == .refresh)
    }

    @Test func withoutARefreshTokenOrPastTheHardExpiryTheUserMustReconnect() {
        #expect(TokenState().action(now: 0) == .reconnect)
        var state = TokenState(refreshToken: Secret("r"), refreshHardExpiresAt: 100)
        #expect(state.action(now: 100) == .reconnect)
        state.refreshHardExpiresAt = 200
        #expect(state.action(now: 100) == .refresh)
    }

    @Test func statusWarnsAheadOfTheRollingAndFiveYearHorizons() {
        var state = TokenState(refreshToken: Secret("r"))
        state.apply(Self.response(access: "a", refresh: "r"), now: 100)
        state.refreshHardExpiresAt = 86_500 + 9 * 86_400
        let status = TokenStatus.from(state: state, now: 86_500)
        #expect(status.isConnected)
        #expect(status.refreshTokenAgeDays == 1)
        #expect(status.daysUntilHardExpiry == 9)
        #expect(status.warnings.count == 1)
        #expect(status.warnings[0].contains("5-year limit in 9 days"))
        #expect(status.warnings[0].contains("ml-connector qbo connect"))
        #expect(
            TokenStatus.from(state: TokenState(), now: 0).warnings == [
                "QBO is not connected: run `ml-connector qbo connect`"
            ])
    }

    @Test func fingerprintsNeverRevealTheToken() {
        let fingerprint = TokenVault.fingerprint(Secret("super-secret-token"))
        #expect(fingerprint.count == 12)
        #expect(!fingerprint.contains("secret"))
        #expect(TokenVault.fingerprint(nil) == "none")
    }
}

@Suite("OAuth connect")
struct OAuthConnectTests {
    @Test func theRedirectMustCarryTheSameStateAndACode() throws {
        let ok = try OAuthConnect.parseRedirect(
            "http://127.0.0.1:8765/callback?code=AB%2F1&state=s1&realmId=9341", expectedState: "s1")
        #expect(ok.code == "AB/1")
        #expect(ok.realmId == "9341")
        #expect(throws: QBOError.self) {
            try OAuthConnect.parseRedirect("/callback?code=x&state=other&realmId=1", expectedState: "s1")
        }
        do {
            _ = try OAuthConnect.parseRedirect("/callback?error=access_denied&state=s1", expectedState: "s1")
            Issue.record("a refusal must throw")
        } catch let error as QBOError {
            #expect(error.kind == .authorization)
            #expect(error.code == "access_denied")
        }
    }

    @Test func statesAreRandomAndTheAuthorizeURLCarriesTheRequiredParameters() throws {
        #expect(OAuthConnect.randomState() != OAuthConnect.randomState())
        #expect(OAuthConnect.randomState().count == 32)
        let store = try PublishScratch().secretStore()
        let connect = OAuthConnect(
            settings: PublishSettings(
                authorizeURL: "https://example.invalid/connect/oauth2", realmId: "", clientId: "cid"),
            secrets: store)
        let url = connect.authorizeURL(redirectURI: "http://127.0.0.1:8765/callback", state: "abc")
        #expect(
            url
                == "https://example.invalid/connect/oauth2?client_id=cid&response_type=code&scope=com.intuit.quickbooks.accounting"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&state=abc")
    }

    @Test func tokensAreStoredEncryptedAndReadBack() throws {
        let directory = try PublishScratch()
        let secrets = try directory.secretStore()
        var state = TokenState(refreshToken: Secret("refresh-1"), refreshIssuedAt: 10, refreshExpiresAt: 20)
        state.accessToken = Secret("access-1")
        state.accessExpiresAt = 3610
        try TokenVault(secrets: secrets).save(state)
        #expect(try TokenVault(secrets: secrets).load() == state)
        let file = try String(contentsOfFile: secrets.path, encoding: .utf8)
        #expect(!file.contains("refresh-1"))
        #expect(!file.contains("access-1"))
    }
}
