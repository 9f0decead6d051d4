import DeviceKeys
import Foundation
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

@Suite struct SecurityTests {
    @Test func aWrongKeyIsRefused() async throws {
        let coordinator = try await HallInProcess()
        let forged = KeyFile(device: "local-manager", role: .manager, key: Data(repeating: 9, count: 32))
        await #expect(throws: QueueError.self) { _ = try await coordinator.connect(forged) }
        let unknown = KeyFile(device: "nobody", role: .manager, key: Data(repeating: 9, count: 32))
        do {
            _ = try await coordinator.connect(unknown)
            Issue.record("an unknown device got in")
        } catch let error as QueueError {
            #expect(error.code == .authFailed)
        }
    }

    @Test func eachRoleIsHeldToItsOwnWork() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        let kiosk = try await coordinator.addDevice("kiosk-1", .kiosk)
        let board = try await coordinator.addDevice("board-1", .display)
        let counter5 = try await coordinator.addDevice("counter-5", .counter, counter: 5)

        _ = try await coordinator.send(.command(.issue(service: "D", priority: .normal)), key: kiosk)
        func refusal(_ request: Request, _ key: KeyFile) async -> ErrorCode? {
            do { _ = try await coordinator.send(request, key: key); return nil } catch { return (error as? QueueError)?.code }
        }
        #expect(await refusal(.command(.callNext(counter: 5)), kiosk) == .forbidden)
        #expect(await refusal(.command(.issue(service: "A", priority: .normal)), board) == .forbidden)
        #expect(await refusal(.listDevices, board) == .forbidden)
        #expect(await refusal(.command(.signIn(counter: 4, clerk: "x")), counter5) == .forbidden)
        #expect(await refusal(.addDevice(name: "evil", role: .manager, counter: nil), counter5) == .forbidden)
        _ = try await coordinator.send(.command(.signIn(counter: 5, clerk: "Phạm Minh Châu")), key: counter5)
        let called = try await coordinator.send(.command(.callNext(counter: 5)), key: counter5)
        #expect(called.calledTicket?.label == "D001")
        // Everyone may read.
        #expect(try await coordinator.send(.status, key: board).state != nil)
    }

    @Test func aReplayedHandshakeIsRefused() async throws {
        let coordinator = try await HallInProcess()
        let key = coordinator.managerKey
        // A genuine handshake, recorded by an eavesdropper.
        let first = try RawPeer(port: coordinator.port)
        let hello = try #require(first.readFrame())
        let challenge = try #require(hello["challenge"] as? String)
        let nonce = Handshake.randomBase64()
        let mac = Handshake.clientMAC(key: key.keyData!, challenge: challenge, nonce: nonce, device: key.device)
        let auth = #"{"type":"auth","protocol":1,"device":"\#(key.device)","nonce":"\#(nonce)","mac":"\#(mac)"}"#
        first.sendFrame(auth)
        #expect(first.readFrame()?["type"] as? String == "welcome")

        // The same bytes on a new connection meet a new challenge and fail.
        let replay = try RawPeer(port: coordinator.port)
        let secondHello = try #require(replay.readFrame())
        #expect(secondHello["challenge"] as? String != challenge)
        replay.sendFrame(auth)
        let answer = replay.readFrame()
        #expect(answer?["code"] as? String == "auth-failed")
        #expect(replay.isClosed())
    }

    @Test func revokingAKeyEndsItsSessionsAndItsFutureOnes() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        let kioskKey = try await coordinator.addDevice("kiosk-2", .kiosk)
        let kiosk = try await coordinator.connect(kioskKey)
        _ = try await kiosk.send(.command(.issue(service: "A", priority: .normal)))
        _ = try await coordinator.send(.revokeDevice(name: "kiosk-2"))
        try await kiosk.closed.get()
        #expect(kiosk.closeReason?.code == .revoked)
        await #expect(throws: QueueError.self) { _ = try await coordinator.connect(kioskKey) }
        guard case .devices(let list, _) = try await coordinator.send(.listDevices) else { Issue.record("no device list"); return }
        #expect(list.first { $0.name == "kiosk-2" }?.revokedAt != nil)
    }

    @Test func theVirtualClockIsRefusedOnTheSystemClock() async throws {
        let coordinator = try await HallInProcess(virtualClock: false)
        do {
            _ = try await coordinator.send(.advanceClock(60))
            Issue.record("the system clock was moved")
        } catch let error as QueueError {
            #expect(error.code == .clockNotVirtual)
        }
    }
}
