namespace LvsOperator.FakeApiServer;

/// <summary>An armed fault: matches requests by method and path prefix, fires a number of times, counts its hits.</summary>
public sealed class FaultRule
{
    private int remaining;
    private int hits;

    internal FaultRule(string? method, string pathPrefix, bool watchOnly, int times, FaultAction action)
    {
        Method = method;
        PathPrefix = pathPrefix;
        WatchOnly = watchOnly;
        remaining = times;
        Action = action;
    }

    public string? Method { get; }
    public string PathPrefix { get; }
    public bool WatchOnly { get; }

    /// <summary>How many requests this rule has intercepted so far.</summary>
    public int Hits => Volatile.Read(ref hits);

    internal FaultAction Action { get; }

    /// <summary>Claims one firing when the request matches and the rule has firings left (negative: unlimited).</summary>
    internal bool TryFire(string method, string path, bool isWatch)
    {
        var matches = (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
                      && path.StartsWith(PathPrefix, StringComparison.Ordinal)
                      && (!WatchOnly || isWatch);
        if (!matches || remaining == 0)
        {
            return false;
        }

        if (remaining > 0)
        {
            remaining--;
        }

        hits++;
        return true;
    }
}
