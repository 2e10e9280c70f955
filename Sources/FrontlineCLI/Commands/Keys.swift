import ArgumentParser
import Foundation
import FrontlineEvents

/// `frontline keys new`: a signing key for the log's heads (``HeadSigner``).
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a key to sign the log with.",
        discussion: """
            Writers sign each new head of the chain when $FRONTLINE_SIGNING_KEY names the key \
            file; `frontline verify --public-key HEX` then fails unless every head is signed by \
            that key, so a log edited and rehashed without the key is found. Keep the key file \
            away from the log, and publish the public key.
            """,
        subcommands: [New.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 key to a file (mode 0600) and print its public key.")

        @Option(name: .customLong("out"), help: ArgumentHelp("The key file to write (it must not exist).", valueName: "path"))
        var out: String

        func run() throws {
            let signer = HeadSigner()
            // Created only if it does not exist (O_EXCL), readable by its owner alone.
            let fd = Glibc.open(out, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else {
                let reason = errno == EEXIST ? "the file exists: a key is never overwritten" : "cannot create the key file (\(String(cString: strerror(errno))))"
                throw IOFailure(path: out, reason: reason)
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try handle.write(contentsOf: Data(signer.keyFileText.utf8))
            try handle.synchronize()
            FileHandle.standardError.write(Data("wrote the signing key to \(out); its public key (for verify --public-key):\n".utf8))
            print(signer.publicKey)
        }
    }
}
