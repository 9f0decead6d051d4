import BoardModel
import Foundation
import QueueClient
import QueueCore
import QueueWire
import Render

/// `--render-png`: one frame of a saved snapshot or of the live hall, drawn in memory.
struct DisplayPicture {
    let board: Board
    let fonts: Fonts
    let width: Int
    let height: Int

    /// Without a snapshot it asks the live hall; when the coordinator cannot be reached it draws
    /// the board's offline state (what a board shows that has not reached it yet).
    func render(to path: String, snapshot: String?, offline: Bool, slowLink: Bool = false, rating: Bool = false, connect: DeviceSettings) throws {
        var local = Date()
        var board = board
        do {
            let (state, now) = try snapshot.map(Self.load) ?? Self.fetch(connect)
            (board, _) = board.update(.snapshot(state, hallNow: now ?? local), now: local)
            if offline {
                (board, _) = board.update(.connection(false), now: local)
                local += 600
            }
            if slowLink { (board, _) = board.update(.slow(true), now: local) }
        } catch let error as QueueError where error.code.isLinkLost {
            log("\(error.message); drawing the offline board")
        }
        if rating {
            // As just after the counter served its last citizen (any id: nothing is sent).
            board.ratingUntil = local + Board.ratingSeconds
            board.ratingTicket = board.hall?.recentCalls.first { $0.counter == board.counter }?.id ?? 0
        }
        let canvas = try OffscreenCanvas(width: width, height: height, fonts: fonts)
        canvas.draw(BoardLayout(measurer: fonts, width: width, height: height).draw(board, now: local))
        try canvas.savePNG(path)
    }

    /// A HallState, or a reply/snapshot frame holding one (`queuectl status --json`).
    static func load(_ path: String) throws -> (HallState, Date?) {
        guard let data = FileManager.default.contents(atPath: path) else { throw RenderError("Cannot read the snapshot \(path).") }
        switch try? ServerMessage.read(data) {
        case .reply(_, .status(let state, let now))?: return (state, now)
        case .push(.snapshot(let state, let now))?: return (state, now)
        default: break
        }
        do {
            return (try WireJSON.decoder().decode(HallState.self, from: data), nil)
        } catch {
            throw RenderError("\(path) is not a hall snapshot; save one with `queuectl status --json > FILE`.")
        }
    }

    /// The live hall: one status request.
    static func fetch(_ settings: DeviceSettings) throws -> (HallState, Date?) {
        let reply = try Blocking.run { try await OneShot.send(.status, to: try await settings.locate(), key: try settings.key()) }
        guard let state = reply.state else { throw RenderError("The coordinator sent no hall state.") }
        return (state, reply.now)
    }
}
