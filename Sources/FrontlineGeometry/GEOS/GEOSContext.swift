import CGEOS

/// A GEOS context handle (`GEOSContextHandle_t`) with handlers that collect GEOS's error and
/// notice messages, so a thrown ``GEOSError`` can carry GEOS's own words.
///
/// Created with `GEOS_init_r`, released with `GEOS_finish_r` in `deinit`. Everything made in a
/// context (``GEOSGeometry``, ``PreparedGeometry``, ``STRtree``) keeps the context alive.
///
/// **One context per thread; never share.** A context and everything made in it must be used
/// from one thread (or task) at a time, which is why none of these classes is `Sendable`. The
/// value-level operations on ``Geometry`` create a fresh context per call and are therefore safe
/// to call concurrently.
public final class GEOSContext {
    /// The GEOS handle, for calling `_r` functions the bridge does not wrap. Borrowed: valid only
    /// while this context is alive.
    package let handle: GEOSContextHandle_t
    private let messages: MessageBox

    /// Creates a context with `GEOS_init_r` and installs the message handlers with
    /// `GEOSContext_setErrorMessageHandler_r` and `GEOSContext_setNoticeMessageHandler_r`.
    /// - Throws: ``GEOSError/contextCreationFailed`` when `GEOS_init_r` returns NULL.
    public init() throws {
        // GEOS_init_r returns NULL only when it cannot allocate the context.
        guard let handle = GEOS_init_r() else { throw GEOSError.contextCreationFailed }
        self.handle = handle
        messages = MessageBox()
        // The handlers get a pointer to the message box; the box lives as long as this context,
        // which outlives every GEOS call made with the handle.
        let userdata = Unmanaged.passUnretained(messages).toOpaque()
        // Both setters return the previous handler (NULL here); they have no failure value.
        _ = GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue()
                .record(error: String(cString: message))
        }, userdata)
        _ = GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue()
                .record(notice: String(cString: message))
        }, userdata)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// GEOS's notices since the context was made (the most recent few), oldest first.
    /// `GEOSisValid_r`, for one, reports the reason for invalidity as a notice.
    public var notices: [String] { messages.notices }

    /// The last error message GEOS reported and not yet consumed, if any.
    public var lastErrorMessage: String? { messages.errors.last }

    /// Takes the last error message GEOS reported (clearing the list) and wraps it for `operation`.
    func error(_ operation: String) -> GEOSError {
        .operationFailed(operation: operation, message: takeErrorMessage() ?? "GEOS reported no message")
    }

    /// Takes and clears the collected error messages, returning the last one.
    func takeErrorMessage() -> String? {
        defer { messages.errors.removeAll() }
        return messages.errors.last
    }

    /// Forgets collected error messages: called before void GEOS functions whose only failure
    /// signal is a message.
    func clearErrors() { messages.errors.removeAll() }

    /// Whether GEOS reported an error since the last ``clearErrors()``.
    var hasError: Bool { !messages.errors.isEmpty }

    /// How many predicates and overlays made in this context failed GEOS's first algorithm on
    /// their input and were answered by their robust fallback (see Predicates.swift and
    /// SetOperations.swift): for traces and tests.
    public internal(set) var robustFallbacks = 0
}

/// Messages collected by the C handlers. Bounded, so a long-lived context cannot grow without limit.
private final class MessageBox {
    static let limit = 16
    var errors: [String] = []
    var notices: [String] = []

    func record(error: String) {
        if errors.count == Self.limit { errors.removeFirst() }
        errors.append(error)
    }

    func record(notice: String) {
        if notices.count == Self.limit { notices.removeFirst() }
        notices.append(notice)
    }
}
