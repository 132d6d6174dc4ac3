namespace LvsOperator.FakeApiServer;

/// <summary>What a fired fault does to the request.</summary>
internal abstract record FaultAction
{
    /// <summary>Answer with this status code (and the real reason for it) instead of serving the request.</summary>
    public sealed record Respond(int Code) : FaultAction;

    /// <summary>Answer 409 Conflict with the real stale-resourceVersion message for the addressed object.</summary>
    public sealed record Conflict : FaultAction;

    /// <summary>Wait, then serve the request normally.</summary>
    public sealed record Delay(TimeSpan Duration) : FaultAction;

    /// <summary>Reset the connection without an answer.</summary>
    public sealed record Drop : FaultAction;

    /// <summary>Let a watch deliver this many events, then end it with an ERROR 410 Expired event.</summary>
    public sealed record ExpireWatch(int AfterEvents) : FaultAction;
}
