namespace LvsOperator.FakeApiServer;

/// <summary>Describes the requests a fault applies to; a terminal method arms it.</summary>
public sealed class FaultRuleBuilder
{
    private readonly FaultInjector injector;
    private readonly string? method;
    private readonly string pathPrefix;
    private readonly bool watchOnly;
    private int times = 1;

    internal FaultRuleBuilder(FaultInjector injector, string? method, string pathPrefix, bool watchOnly)
    {
        this.injector = injector;
        this.method = method;
        this.pathPrefix = pathPrefix;
        this.watchOnly = watchOnly;
    }

    /// <summary>Fire for the next <paramref name="count"/> matching requests (default 1).</summary>
    public FaultRuleBuilder Times(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        times = count;
        return this;
    }

    /// <summary>Fire for every matching request until <see cref="FaultInjector.Clear"/>.</summary>
    public FaultRuleBuilder Always()
    {
        times = -1;
        return this;
    }

    /// <summary>Answer with a Status of this code: 500 InternalError, 503 ServiceUnavailable, 429 TooManyRequests (Retry-After: 1), ...</summary>
    public FaultRule Respond(int statusCode) => Arm(new FaultAction.Respond(statusCode));

    /// <summary>409 Conflict with the message a stale resourceVersion gets.</summary>
    public FaultRule Conflict() => Arm(new FaultAction.Conflict());

    /// <summary>410 Gone, reason Expired, as a list whose resourceVersion or continue token is compacted.</summary>
    public FaultRule Gone() => Arm(new FaultAction.Respond(410));

    /// <summary>A slow response: wait, then serve normally.</summary>
    public FaultRule Delay(TimeSpan duration) => Arm(new FaultAction.Delay(duration));

    /// <summary>Reset the connection instead of answering.</summary>
    public FaultRule DropConnection() => Arm(new FaultAction.Drop());

    /// <summary>For watches: deliver <paramref name="events"/> events, then an ERROR 410 Expired event, then end.</summary>
    public FaultRule ExpireAfter(int events) => Arm(new FaultAction.ExpireWatch(events));

    private FaultRule Arm(FaultAction action) => injector.Add(new FaultRule(method, pathPrefix, watchOnly, times, action));
}
