import Synchronization

/// A value made on first request, from any thread, and kept: the first caller makes it while
/// the others wait, and every later caller gets the same value. For what is costly to make and
/// often not needed (the gazetteer of a GeoData with added places, its near-miss index, the
/// measured admin areas). A value that may fail is kept as a `Result`, its error included.
public final class Once<Value: Sendable>: Sendable {
    private let made = Mutex<Value?>(nil)

    public init() {}

    /// The value, made with `make` if this is the first request.
    public func value(_ make: () -> Value) -> Value {
        made.withLock { made in
            if let made { return made }
            let value = make()
            made = value
            return value
        }
    }
}
